//! The photo pipeline (`reissue-photo`, run here on the page rather than in its worker)
//! over the generated, labelled test set (tools/gen-photos.js) in a real headless
//! Chromium: every verdict as labelled, the EXIF photo upright and with no EXIF left,
//! and unreadable files refused.
#![cfg(target_arch = "wasm32")]

use reissue_photo::{self as photo, PhotoError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/tools/gen-photos.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeCase, catch)]
    async fn make_case(name: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = cases)]
    fn cases() -> js_sys::Array;
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

async fn bytes(blob: &Blob) -> Vec<u8> {
    let buf = JsFuture::from(blob.array_buffer()).await.unwrap();
    js_sys::Uint8Array::new(&buf).to_vec()
}

/// The APPn segments of a JPEG before its image data: (marker, identifier).
fn app_segments(jpeg: &[u8]) -> Vec<(u8, Vec<u8>)> {
    let mut found = Vec::new();
    assert_eq!(&jpeg[..2], &[0xff, 0xd8], "not a JPEG");
    let mut i = 2;
    while i + 4 <= jpeg.len() && jpeg[i] == 0xff {
        let marker = jpeg[i + 1];
        if marker == 0xda || marker == 0xd9 {
            break;
        }
        let len = usize::from(jpeg[i + 2]) << 8 | usize::from(jpeg[i + 3]);
        if (0xe0..=0xef).contains(&marker) {
            let id = jpeg[i + 4..(i + 2 + len).min(i + 10)].to_vec();
            found.push((marker, id));
        }
        i += 2 + len;
    }
    found
}

fn has_exif(jpeg: &[u8]) -> bool {
    app_segments(jpeg)
        .iter()
        .any(|(m, id)| *m == 0xe1 && id.starts_with(b"Exif"))
}

#[wasm_bindgen_test]
async fn every_labelled_photo_gets_its_verdict() {
    let mut failures = Vec::new();
    for case in cases().iter() {
        let name = get(&case, "name").as_string().unwrap();
        let mut expected: Vec<String> = js_sys::Array::from(&get(&case, "expect"))
            .iter()
            .filter_map(|v| v.as_string())
            .collect();
        let blob: Blob = make_case(&name).await.unwrap().unchecked_into();
        let prepared = photo::prepare(&blob)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let mut got: Vec<String> = prepared
            .verdict
            .codes()
            .into_iter()
            .map(String::from)
            .collect();
        let r = prepared.report;
        // The calibration table: `wasm-pack test … -- --nocapture` style output in the log.
        console_log!(
            "{name:<18} blur {:>7.1} (raw {:>7.1}, range {:>3}) glare {:>6.4} mean {:>5.1} median {:>3} short {:>4} → {:?} (expect {:?}) {:.0} ms",
            r.blur_score,
            r.blur_variance,
            r.range,
            r.glare_share,
            r.mean,
            r.median,
            r.original_short_edge,
            got,
            expected,
            prepared.timings.total
        );
        got.sort();
        expected.sort();
        if got != expected {
            failures.push(format!(
                "{name}: got {got:?}, expected {expected:?} ({r:?})"
            ));
        }
        // Every output is a JPEG within the size limits, with no EXIF.
        let out = bytes(&prepared.blob).await;
        assert!(!has_exif(&out), "{name}: EXIF left in the output");
        assert!(prepared.width.max(prepared.height) <= 2048, "{name}");
        assert!(
            prepared.blob.size() <= 1024.0 * 1024.0,
            "{name}: {} bytes",
            prepared.blob.size()
        );
        assert_eq!(prepared.blob.type_(), "image/jpeg");
    }
    assert!(
        failures.is_empty(),
        "verdicts differ:\n{}",
        failures.join("\n")
    );
}

#[wasm_bindgen_test]
async fn the_sideways_12_megapixel_photo_comes_out_upright_without_exif_or_gps() {
    let blob: Blob = make_case("exif-12mp").await.unwrap().unchecked_into();
    let input = bytes(&blob).await;
    assert!(
        has_exif(&input),
        "the test photo must carry EXIF to begin with"
    );
    assert!(
        input.windows(2).any(|w| w == [0x88, 0x25]),
        "and a GPS IFD pointer"
    );

    let p = photo::prepare(&blob).await.unwrap();
    // Stored 4000×3000 with orientation 6: upright it is portrait.
    assert_eq!((p.original_width, p.original_height), (3000, 4000));
    assert_eq!((p.width, p.height), (1536, 2048));
    assert!(p.width < p.height);
    let out = bytes(&p.blob).await;
    assert!(!has_exif(&out), "Exif APP1 left: {:?}", app_segments(&out));
    assert!(
        app_segments(&out).iter().all(|(m, _)| *m != 0xe1),
        "any APP1 at all"
    );

    // Upright, not merely rotated: the page's corner marker is at the top left.
    let bitmap: ImageBitmap = JsFuture::from(
        gloo::utils::window()
            .create_image_bitmap_with_blob(&p.blob)
            .unwrap(),
    )
    .await
    .unwrap()
    .unchecked_into();
    assert_eq!((bitmap.width(), bitmap.height()), (1536, 2048));
    let canvas: HtmlCanvasElement = gloo::utils::document()
        .create_element("canvas")
        .unwrap()
        .unchecked_into();
    canvas.set_width(1536);
    canvas.set_height(2048);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    ctx.draw_image_with_image_bitmap(&bitmap, 0.0, 0.0).unwrap();
    let luma = |x: f64, y: f64| {
        let d = ctx.get_image_data(x, y, 1.0, 1.0).unwrap().data();
        0.299 * f64::from(d[0]) + 0.587 * f64::from(d[1]) + 0.114 * f64::from(d[2])
    };
    // The marker spans 2–8 % of the short edge from the corner.
    let m = 1536.0 * 0.05;
    assert!(
        luma(m, m) < 60.0,
        "top left should be the dark marker: {}",
        luma(m, m)
    );
    for (x, y) in [(1536.0 - m, m), (m, 2048.0 - m), (1536.0 - m, 2048.0 - m)] {
        assert!(
            luma(x, y) > 150.0,
            "corner ({x}, {y}) should be paper: {}",
            luma(x, y)
        );
    }
}

#[wasm_bindgen_test]
async fn files_that_are_not_photos_are_refused_with_a_clear_message() {
    let parts = js_sys::Array::of1(&"%PDF-1.7 not a photo".into());
    let options = BlobPropertyBag::new();
    options.set_type("application/pdf");
    let pdf = Blob::new_with_str_sequence_and_options(&parts, &options).unwrap();
    assert_eq!(
        photo::prepare(&pdf).await.err(),
        Some(PhotoError::NotAnImage)
    );

    // A JPEG cut short before its image data, as a failed transfer leaves it.
    options.set_type("image/jpeg");
    let broken = js_sys::Uint8Array::from(&[0xffu8, 0xd8, 0xff, 0xe0, 0x00, 0x10, b'J', b'F'][..]);
    let broken =
        Blob::new_with_u8_array_sequence_and_options(&js_sys::Array::of1(&broken), &options)
            .unwrap();
    let err = photo::prepare(&broken).await.err().unwrap();
    assert_eq!(err, PhotoError::Unreadable);
    // What the worker tells the page, which words it (tests/e2e/08-photo).
    assert_eq!(err.code(), "unreadable");
}
