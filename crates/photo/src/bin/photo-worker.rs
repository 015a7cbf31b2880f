//! The worker trunk builds (index.html: `data-type="worker"`): it only starts answering.

fn main() {
    reissue_photo::worker::serve();
}
