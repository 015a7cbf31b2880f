//! The mock vendors' own pages. They stand in for Tencent FaceID H5 / WeChat Pay: the
//! browser is sent here, the tester picks an outcome, the outcome is stored server-side
//! (where a real vendor would keep it), and the browser goes back to a return route that
//! carries only the flow id. Nothing in the return URL decides anything.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::Form;
use reissue_domain::flow::FlowState;
use serde::Deserialize;

use crate::flows;
use crate::http::error::ApiPath;
use crate::http::html::{escape, page};
use crate::state::AppState;
use crate::vendors::{Flow, FlowKind};

#[derive(Debug, Deserialize)]
pub struct OutcomeForm {
    pub outcome: String,
}

fn html(status: StatusCode, body: String) -> Response {
    (status, [(CACHE_CONTROL, "no-store")], Html(body)).into_response()
}

fn return_url(flow: &Flow) -> String {
    let id = &flow.id;
    match flow.kind {
        // A face check for a person alone goes back to the page that asked for it.
        FlowKind::Liveness if flow.for_identity => format!("/identity/return?flow={id}"),
        FlowKind::Liveness => format!("/liveness/return?flow={id}"),
        FlowKind::Payment => format!("/payment/return?flow={id}"),
    }
}

fn unknown_flow() -> Response {
    html(
        StatusCode::NOT_FOUND,
        page(
            "找不到该业务",
            r#"<main><h1>找不到该业务</h1><p>链接无效或已过期，请回到办事页面重新发起。</p><a class="button" href="/">返回首页</a></main>"#,
            None,
        ),
    )
}

fn finished(flow: &Flow) -> Response {
    let what = match flow.status {
        FlowState::Passed => "已完成",
        FlowState::Failed => "未通过",
        FlowState::Cancelled => "已取消",
        FlowState::Expired => "已过期",
        FlowState::Pending => "已提交",
    };
    let body = format!(
        r#"<main><p class="banner">模拟供应商页面 · 仅用于开发和测试</p><h1>本次业务{what}</h1><p>请返回办事页面查看结果。</p><a class="button" href="{url}">返回办事页面</a></main>"#,
        url = escape(&return_url(flow)),
    );
    html(StatusCode::OK, page("业务已结束", &body, None))
}

async fn load_current(state: &AppState, id: &str, kind: FlowKind) -> Option<Flow> {
    match flows::settle(state, id).await {
        Ok(Some(f)) if f.kind == kind => Some(f),
        _ => None,
    }
}

/// GET /mock-vendor/liveness/{flow_id}
pub async fn liveness_page(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Response {
    let Some(flow) = load_current(&state, &id, FlowKind::Liveness).await else {
        return unknown_flow();
    };
    if flow.status != FlowState::Pending || flow.vendor_outcome.is_some() {
        return finished(&flow);
    }
    let actions: String = flow
        .actions
        .iter()
        .map(|a| format!("<li>{}</li>", escape(a)))
        .collect();
    let body = format!(
        r#"<main>
<p class="banner">模拟人脸识别供应商 · 仅用于开发和测试，不会上传任何影像</p>
<h1>人脸识别</h1>
<div class="card">
<p>请正对镜头，保持光线充足，按顺序完成以下动作：</p>
<ol class="actions">{actions}</ol>
</div>
<div class="camera"><video id="preview" playsinline muted autoplay></video><p id="camera-note">正在打开摄像头…</p></div>
<form method="post" action="/mock-vendor/liveness/{id}">
<button class="primary" name="outcome" value="pass" type="submit">通过</button>
<button class="danger" name="outcome" value="fail" type="submit">不通过</button>
<button name="outcome" value="cancel" type="submit">取消</button>
</form>
<p class="muted">模拟结果由测试人员选择，并由服务器记录；返回办事页面后，以服务器核验的结果为准。</p>
</main>"#,
        id = escape(&flow.id),
    );
    html(
        StatusCode::OK,
        page(
            "人脸识别（模拟）",
            &body,
            Some("/mock-vendor/assets/camera.js"),
        ),
    )
}

/// GET /mock-vendor/payment/{flow_id}
pub async fn payment_page(State(state): State<AppState>, ApiPath(id): ApiPath<String>) -> Response {
    let Some(flow) = load_current(&state, &id, FlowKind::Payment).await else {
        return unknown_flow();
    };
    if flow.status != FlowState::Pending || flow.vendor_outcome.is_some() {
        return finished(&flow);
    }
    let amount = flow.amount_fen.unwrap_or(0);
    let body = format!(
        r#"<main>
<p class="banner">模拟支付供应商 · 仅用于开发和测试，不会产生真实扣款</p>
<h1>支付</h1>
<div class="card">
<p class="muted">居民身份证补领 {number}</p>
<p class="amount">{amount}</p>
<p class="muted">金额由办事服务器确定</p>
</div>
<form method="post" action="/mock-vendor/payment/{id}">
<button class="primary" name="outcome" value="pay" type="submit">支付</button>
<button name="outcome" value="cancel" type="submit">取消</button>
</form>
</main>"#,
        number = escape(flow.app_number.as_deref().unwrap_or("")),
        amount = reissue_domain::submission::yuan(amount),
        id = escape(&flow.id),
    );
    html(StatusCode::OK, page("支付（模拟）", &body, None))
}

async fn record(
    state: &AppState,
    id: &str,
    kind: FlowKind,
    outcome: &str,
    allowed: &[&str],
) -> Response {
    if !allowed.contains(&outcome) {
        return html(
            StatusCode::BAD_REQUEST,
            page("无效的操作", "<main><h1>无效的操作</h1></main>", None),
        );
    }
    let now = state.clock.now_ms();
    let (key, o) = (id.to_string(), outcome.to_string());
    let stored = state
        .db
        .call(move |c| -> rusqlite::Result<Option<Flow>> {
            crate::flows::store::record_vendor_outcome(c, &key, kind, &o, now)?;
            crate::flows::store::load_flow(c, &key)
        })
        .await;
    let flow = match stored {
        Ok(Some(f)) if f.kind == kind => f,
        Ok(_) => return unknown_flow(),
        Err(e) => {
            tracing::error!("mock vendor: {e}");
            return html(
                StatusCode::INTERNAL_SERVER_ERROR,
                page(
                    "服务暂时不可用",
                    "<main><h1>服务暂时不可用，请稍后再试</h1></main>",
                    None,
                ),
            );
        }
    };
    // Like a vendor's notify call: settle right away, so the result does not depend on
    // the browser ever coming back.
    if let Err(e) = flows::settle(state, &flow.id).await {
        tracing::warn!("settling flow {} failed: {}", flow.id, e.body.message);
    }
    (
        StatusCode::SEE_OTHER,
        [
            (LOCATION, return_url(&flow)),
            (CACHE_CONTROL, "no-store".to_string()),
        ],
    )
        .into_response()
}

/// POST /mock-vendor/liveness/{flow_id} with `outcome=pass|fail|cancel`.
pub async fn liveness_outcome(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    Form(form): Form<OutcomeForm>,
) -> Response {
    record(
        &state,
        &id,
        FlowKind::Liveness,
        &form.outcome,
        &["pass", "fail", "cancel"],
    )
    .await
}

/// POST /mock-vendor/payment/{flow_id} with `outcome=pay|cancel`.
pub async fn payment_outcome(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
    Form(form): Form<OutcomeForm>,
) -> Response {
    record(
        &state,
        &id,
        FlowKind::Payment,
        &form.outcome,
        &["pay", "cancel"],
    )
    .await
}

const CAMERA_JS: &str = r#"(function () {
  var video = document.getElementById('preview');
  var note = document.getElementById('camera-note');
  if (!video || !note) return;
  var md = navigator.mediaDevices;
  if (!md || !md.getUserMedia) {
    note.textContent = '此设备或浏览器无法打开摄像头，可直接选择模拟结果';
    return;
  }
  md.getUserMedia({ video: { facingMode: 'user' }, audio: false }).then(function (stream) {
    video.srcObject = stream;
    var played = video.play();
    if (played && played.catch) played.catch(function () {});
    note.textContent = '';
    var forms = document.getElementsByTagName('form');
    for (var i = 0; i < forms.length; i++) {
      forms[i].addEventListener('submit', function () {
        stream.getTracks().forEach(function (t) { t.stop(); });
      });
    }
  }).catch(function () {
    note.textContent = '未能打开摄像头（未授权或没有摄像头），可直接选择模拟结果';
  });
})();
"#;

/// GET /mock-vendor/assets/camera.js (a file, not inline, so a strict CSP works).
pub async fn camera_js() -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
        ],
        CAMERA_JS,
    )
        .into_response()
}

#[derive(Debug, Deserialize)]
pub struct SliderSolved {
    pub solved: bool,
}

/// POST /mock-vendor/captcha `{solved: true}`: the mock captcha vendor's slider, solved,
/// answers a ticket and random string (Tencent Captcha's shape) for the page to send with
/// its next code request; the server checks them with the "vendor" (once, five minutes).
/// With a real captcha vendor configured there is no mock one to ask.
pub async fn captcha_ticket(
    State(state): State<AppState>,
    axum::Json(body): axum::Json<SliderSolved>,
) -> Response {
    let Some(mock) = state.mock_captcha.as_deref() else {
        return crate::http::error::AppError::not_found("没有模拟安全验证：请完成页面上的安全验证")
            .into_response();
    };
    if !body.solved {
        return (StatusCode::UNPROCESSABLE_ENTITY, "slider not solved").into_response();
    }
    let (ticket, randstr) = mock.issue();
    (
        [(CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({ "ticket": ticket, "randstr": randstr })),
    )
        .into_response()
}
