//! A JPEG upload as a handler takes it: the body read up to the size limit, its type
//! checked, the refusal typed (the handler names the field it was for).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use reissue_domain::photo::{PhotoRefused, MAX_PHOTO_BYTES};

/// Why the body is no upload; the handler says for which photo ([`crate::photos::refusal`]).
#[derive(Debug)]
pub struct UploadRefused(pub PhotoRefused);

impl IntoResponse for UploadRefused {
    fn into_response(self) -> Response {
        crate::photos::refusal(None, self.0).into_response()
    }
}

/// The bytes of an `image/jpeg` body of at most [`MAX_PHOTO_BYTES`], not empty.
pub struct JpegUpload(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JpegUpload {
    type Rejection = UploadRefused;

    async fn from_request(req: Request, _: &S) -> Result<Self, UploadRefused> {
        read(req).await.map(JpegUpload).map_err(UploadRefused)
    }
}

async fn read(req: Request) -> Result<Bytes, PhotoRefused> {
    let headers = req.headers();
    let ctype = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if !["image/jpeg", "image/jpg", "image/pjpeg"].contains(&ctype.as_str()) {
        return Err(PhotoRefused::NotJpeg);
    }
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_PHOTO_BYTES as u64) {
        return Err(PhotoRefused::TooLarge);
    }
    let bytes = match http_body_util::Limited::new(req.into_body(), MAX_PHOTO_BYTES)
        .collect()
        .await
    {
        Ok(b) => b.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => return Err(PhotoRefused::TooLarge),
        Err(_) => return Err(PhotoRefused::Interrupted),
    };
    match bytes.is_empty() {
        true => Err(PhotoRefused::Empty),
        false => Ok(bytes),
    }
}
