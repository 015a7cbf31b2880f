//! The upload check (`jpeg::decodes_to`, which walks a sequential file's codes) against
//! a full decode (`jpeg::decoder_agrees`, zune-jpeg), on the same files in the same run.
//! Prints, per file, the median of both and their ratio. Built as the server is
//! (the `server` profile).

use std::hint::black_box;
use std::time::Instant;

use reissue_pictures as pages;
use reissue_server::photos::jpeg;

const ROUNDS: usize = 31;

fn median_ms(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let files: Vec<(&str, u32, u32, Vec<u8>)> = vec![
        (
            "load test's photo (grey, DC only)",
            1200,
            900,
            jpeg::numbered_photo(1, 0),
        ),
        (
            "page as the app sends it",
            1200,
            900,
            pages::encode(1200, 900, &pages::PLAIN),
        ),
        (
            "page, 2 MP",
            1600,
            1200,
            pages::encode(1600, 1200, &pages::PLAIN),
        ),
        (
            "phone original, 12 MP",
            4000,
            3000,
            pages::encode(4000, 3000, &pages::PLAIN),
        ),
    ];
    println!(
        "{:<36} {:>9} {:>10} {:>12} {:>7}",
        "file", "bytes", "walk (ms)", "decode (ms)", "ratio"
    );
    for (name, w, h, bytes) in &files {
        assert!(jpeg::decodes_to(bytes, *w, *h) && jpeg::decoder_agrees(bytes, *w, *h));
        let (mut walk, mut decode) = (Vec::new(), Vec::new());
        // Alternating, so drift on the machine falls on both alike.
        for _ in 0..ROUNDS {
            let t = Instant::now();
            black_box(jpeg::decodes_to(black_box(bytes), *w, *h));
            walk.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            black_box(jpeg::decoder_agrees(black_box(bytes), *w, *h));
            decode.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let (walk, decode) = (median_ms(walk), median_ms(decode));
        println!(
            "{:<36} {:>9} {:>10.3} {:>12.3} {:>6.1}×",
            name,
            bytes.len(),
            walk,
            decode,
            decode / walk
        );
    }
}
