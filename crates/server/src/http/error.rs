//! Every failure as a JSON body `{code, message, fields?, retry_after?}` with a proper
//! status code.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use reissue_domain::api::{ApiError, FieldError};
use reissue_domain::error::Refusal;
use reissue_domain::lifecycle::IllegalTransition;

#[derive(Debug, Clone)]
pub struct AppError {
    pub status: StatusCode,
    pub body: ApiError,
    /// No session stands behind this request: the page's sign-in hint is cleared with
    /// the answer, so a browser whose session ended stops asking for drafts.
    pub no_session: bool,
}

pub type ApiResult<T> = Result<T, AppError>;

impl AppError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> AppError {
        AppError {
            status,
            body: ApiError {
                code: code.into(),
                message: message.into(),
                fields: Vec::new(),
                retry_after: None,
            },
            no_session: false,
        }
    }

    /// The person asking may not act on this card or application (the domain's words).
    pub fn refused(why: reissue_domain::identity::Refused) -> AppError {
        AppError::refusal(StatusCode::FORBIDDEN, &why)
    }

    /// A rule's typed refusal, answered with `status`: its code and its words.
    pub fn refusal(status: StatusCode, why: &impl Refusal) -> AppError {
        AppError::new(status, why.code(), why.message())
    }

    pub fn bad_request(code: &str, message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unauthenticated() -> AppError {
        AppError {
            no_session: true,
            ..AppError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "请先验证手机号码",
            )
        }
    }

    pub fn admin_unauthenticated() -> AppError {
        AppError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "需要有效的管理令牌（Authorization: Bearer …）",
        )
    }

    pub fn not_found(message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn conflict(code: &str, message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::CONFLICT, code, message)
    }

    pub fn too_large(message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", message)
    }

    pub fn unsupported(code: &str, message: impl Into<String>) -> AppError {
        AppError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, code, message)
    }

    /// 422 with the field errors; the top-level message summarises them.
    pub fn invalid(fields: Vec<FieldError>) -> AppError {
        let mut e = AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            "请修改以下问题后再提交",
        );
        if fields.len() == 1 {
            e.body.message = fields[0].message.clone();
        }
        e.body.fields = fields;
        e
    }

    pub fn invalid_field(field: &str, code: &str, message: &str) -> AppError {
        let mut e = AppError::invalid(vec![FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }]);
        e.body.code = code.into();
        e
    }

    pub fn too_many(code: &str, message: impl Into<String>, retry_after: u32) -> AppError {
        let mut e = AppError::new(StatusCode::TOO_MANY_REQUESTS, code, message);
        e.body.retry_after = Some(retry_after.max(1));
        e
    }

    pub fn internal(detail: impl std::fmt::Display) -> AppError {
        tracing::error!(
            "internal error: {}",
            reissue_domain::mask::in_text(&detail.to_string())
        );
        AppError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "服务暂时不可用，请稍后再试",
        )
    }
}

impl From<IllegalTransition> for AppError {
    fn from(e: IllegalTransition) -> AppError {
        AppError::conflict("illegal_transition", e.message())
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> AppError {
        AppError::internal(format!("sqlite: {e}"))
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> AppError {
        AppError::internal(format!("io: {e}"))
    }
}

impl From<JsonRejection> for AppError {
    fn from(e: JsonRejection) -> AppError {
        match e {
            JsonRejection::MissingJsonContentType(_) => AppError::unsupported(
                "unsupported_media_type",
                "请求须为 JSON（Content-Type: application/json）",
            ),
            JsonRejection::BytesRejection(_) => AppError::too_large("请求内容过大"),
            other => AppError::bad_request(
                "bad_request",
                format!("请求内容格式不正确：{}", other.body_text()),
            ),
        }
    }
}

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> AppError {
        AppError::not_found("找不到该地址")
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (retry, no_session) = (self.body.retry_after, self.no_session);
        let mut res = (self.status, Json(self.body)).into_response();
        if let Some(secs) = retry {
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if no_session {
            if let Ok(v) =
                HeaderValue::from_str(&crate::http::cookies::hint_cookie(false, 0, false))
            {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
        }
        res
    }
}

/// `Json` whose rejections are our JSON errors.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        let mut res = Json(self.0).into_response();
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }
}

/// A JSON body that may be left out (no body, or only white space: `T::default()`).
#[derive(Debug, Clone, Copy, Default)]
pub struct OptionalJson<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for OptionalJson<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned + Default,
{
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        let body = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::bad_request("bad_request", "请求内容无法读取，请重试"))?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJson(T::default()));
        }
        serde_json::from_slice(&body)
            .map(OptionalJson)
            .map_err(|e| AppError::bad_request("bad_request", format!("请求内容格式不正确：{e}")))
    }
}

/// `Path` whose rejections are our JSON errors.
#[derive(Debug, axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);
