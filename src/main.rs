fn main() {
    idcard_reissue::start();
}
