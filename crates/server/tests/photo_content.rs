//! A photo is stored only when it is a picture: the server reads every upload's image
//! data, so a file whose header claims a size its image data does not hold (or holds no
//! image at all, or only part of one) is refused, whatever its segments look like.

mod common;

use common::*;

/// A JPEG's structure with no picture in it: a header saying 1200×900 and a few bytes
/// where the image data should be.
fn header_only() -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8];
    v.extend_from_slice(&[
        0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00,
        0x01, 0x00, 0x00,
    ]);
    v.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x43, 0x00]);
    v.extend_from_slice(&[1u8; 64]);
    v.extend_from_slice(&[
        0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x03, 0x84, 0x04, 0xB0, 0x01, 0x01, 0x11, 0x00,
    ]);
    v.extend_from_slice(&[0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01]);
    v.extend_from_slice(&[0u8; 15]);
    v.push(0x00);
    v.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
    v.extend_from_slice(&[0x12, 0x34, 0xFF, 0x00, 0x56, 0x78]);
    v.extend_from_slice(&[0xFF, 0xD9]);
    v
}

#[tokio::test]
async fn a_file_that_is_not_the_picture_it_claims_is_refused() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(1)).await;
    let res = put_photo(&ts, &c, "register_home", header_only()).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "not_an_image", "{body}");
    assert!(body["message"].as_str().unwrap().contains("重新"));
    // A real picture of that size is taken, its EXIF gone.
    let res = put_photo(&ts, &c, "register_home", jpeg(1200, 900)).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

/// A real picture whose data stops halfway, closed with an end-of-image marker (a
/// transfer cut short and patched, or a file made to pass the segments' walk): a
/// decoder paints the missing half grey; the check reads every block and refuses it.
#[tokio::test]
async fn a_picture_whose_data_stops_halfway_is_refused() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(1)).await;
    let whole = reissue_server::photos::jpeg::numbered_photo(7, 0);
    let sos = whole.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    let mut cut = whole[..sos + (whole.len() - sos) / 2].to_vec();
    // Not inside a stuffed 0xFF byte pair.
    while cut.last() == Some(&0xFF) {
        cut.pop();
    }
    cut.extend_from_slice(&[0xFF, 0xD9]);
    let res = put_photo(&ts, &c, "register_home", cut).await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "not_an_image", "{body}");
    let res = put_photo(&ts, &c, "register_home", whole).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

/// A flat 7040×7040 picture, as the frame header of a progressive file says it (SOF2):
/// a decompression bomb of a few hundred kilobytes.
fn huge(progressive: bool) -> Vec<u8> {
    let mut bytes = reissue_server::photos::jpeg::synthetic(7040, 7040, false);
    if progressive {
        let at = bytes
            .windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .expect("a baseline frame header");
        bytes[at + 1] = 0xC2;
    }
    bytes
}

#[tokio::test]
async fn a_picture_larger_than_any_the_app_sends_is_refused_before_it_is_decoded() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(2)).await;
    for progressive in [true, false] {
        let res = put_photo(&ts, &c, "register_home", huge(progressive)).await;
        assert_eq!(res.status(), 422, "progressive: {progressive}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["code"], "too_many_pixels", "{body}");
        assert!(
            body["message"].as_str().unwrap().contains("7040×7040"),
            "{body}"
        );
    }
    assert_eq!(
        ts.state().decodes.peak(),
        0,
        "refused by its header: nothing decoded"
    );
    // A phone's original (4000×3000) is still taken.
    let res = put_photo(&ts, &c, "register_home", jpeg(4000, 3000)).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    ts.stop().await;
}

#[tokio::test]
async fn uploads_at_once_are_decoded_no_more_than_the_permits_allow() {
    let ts = TestServer::start_with(|cfg| cfg.max_decodes = 2).await;
    let mut clients = Vec::new();
    for i in 0..4 {
        clients.push(sign_in(&ts, &phone(10 + i)).await);
    }
    let photo = jpeg(2048, 1536);
    let mut uploads = tokio::task::JoinSet::new();
    for c in &clients {
        for slot in ["register_home", "register_self"] {
            let (c, url, body) = (
                c.clone(),
                ts.u(&format!("/api/v1/drafts/current/photos/{slot}")),
                photo.clone(),
            );
            uploads.spawn(async move {
                let res = c.put(url).header("content-type", "image/jpeg").body(body);
                res.send().await.unwrap().status()
            });
        }
    }
    while let Some(status) = uploads.join_next().await {
        assert_eq!(status.unwrap(), 200);
    }
    let peak = ts.state().decodes.peak();
    assert!((1..=2).contains(&peak), "at most two at once: {peak}");
    ts.stop().await;
}
