//! A face check for a person alone: what lifts a phone's session to *verified as that
//! person* for the family's actions on a card (挂失, 解挂, 撤回, 委托), outside the
//! reissue's wizard, whose own face check does the same.

use axum::extract::State;
use axum::http::StatusCode;
use reissue_domain::api::{ApiError, FlowStart, FormAnswers};
use reissue_domain::identity::{self, IdentityCheck, Person, VerifiedIdentity};
use reissue_domain::{idcard, validate};

use crate::flows;
use crate::http::auth::{self, Applicant};
use crate::http::error::{ApiJson, ApiResult, AppError};
use crate::jobs::privacy::DAY_MS;
use crate::state::AppState;
use crate::vendors::Subject;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Starts a face check for the person named (or for the face of one of this phone's
/// applications, or the card of one of its loss reports). Once it passes, the session acts as that person for
/// [`identity::VERIFIED_FOR_MS`]; the vendor comes back to `/identity/return`.
#[utoipa::path(post, path = "/api/v1/identity/liveness", tag = "liveness",
    request_body = IdentityCheck,
    responses((status = 201, description = "Go where `action` says; come back to /identity/return?flow=…", body = FlowStart),
              (status = 401, body = ApiError), (status = 404, body = ApiError),
              (status = 422, body = ApiError),
              (status = 429, description = "`face_check_limit`: ten a phone a day", body = ApiError)))]
pub async fn start(
    State(state): State<AppState>,
    who: Applicant,
    ApiJson(req): ApiJson<IdentityCheck>,
) -> ApiResult<(StatusCode, ApiJson<FlowStart>)> {
    let today = state.clock.today();
    let typed = match (&req.application, &req.report) {
        (None, None) => Some(typed_person(&req, today)?),
        _ => None,
    };
    let (phone, application, report) = (
        who.phone.clone(),
        req.application.clone(),
        req.report.clone(),
    );
    let since = state.clock.now_ms() - DAY_MS;
    let person = state
        .db
        .call(move |c| -> ApiResult<Person> {
            if crate::identity::store::identity_checks_since(c, &phone, since)?
                >= identity::FACE_CHECKS_PER_PHONE_DAY
            {
                return Err(AppError::too_many(
                    "face_check_limit",
                    "今天人脸识别的次数已达上限，请明天再试，或到办证中心窗口办理",
                    3600,
                ));
            }
            if let Some(p) = typed {
                return Ok(p);
            }
            if let Some(number) = application {
                let app = crate::applications::store::load_own_app(c, &number, &phone)?;
                return Person::face_of(&app.answers)
                    .ok_or_else(|| AppError::not_found("找不到这份申请"));
            }
            let number = report.unwrap_or_default();
            let r = crate::loss_reports::store::report_of(c, &phone, &number)?
                .ok_or_else(|| AppError::not_found("找不到这份挂失，请到“我的办件”查看"))?;
            Ok(Person::new(&r.request.name, &r.request.id_number))
        })
        .await?;
    let flow_id = auth::random_hex(16);
    let subject = Subject {
        name: Some(person.name.clone()),
        id_number: Some(person.id_number.clone()),
    };
    let started = state
        .liveness
        .start(&flow_id, &subject)
        .await
        .map_err(AppError::internal)?;
    let digest = flows::identity_digest(&FormAnswers {
        name: Some(person.name.clone()),
        id_number: Some(person.id_number.clone()),
        ..FormAnswers::default()
    });
    let next = identity::return_page(&req.next);
    let (st, id, action) = (state.clone(), flow_id.clone(), started.action.clone());
    state
        .db
        .call(move |conn| -> ApiResult<()> {
            let now = st.clock.now_ms();
            let tx = conn.transaction()?;
            let flow = flows::pending_liveness(
                id.clone(),
                who.phone.clone(),
                flows::CheckFor::Person,
                started,
                digest,
                now,
            );
            crate::flows::store::insert_flow(&tx, &flow)?;
            crate::identity::store::start_verification(&tx, &who.phone, &id, &person, &next)?;
            tx.commit()?;
            Ok(())
        })
        .await?;
    Ok((StatusCode::CREATED, ApiJson(FlowStart { flow_id, action })))
}

/// The name and number as typed, checked as the form checks them.
fn typed_person(req: &IdentityCheck, today: reissue_domain::date::Date) -> ApiResult<Person> {
    let mut errors = Vec::new();
    let name = validate::name(&req.name);
    if let Err(e) = &name {
        errors.push(reissue_domain::api::FieldError {
            field: "name".into(),
            code: e.code.into(),
            message: e.message.clone(),
        });
    }
    let id = idcard::parse(&req.id_number, today);
    if let Err(e) = &id {
        errors.push(reissue_domain::api::FieldError {
            field: "id_number".into(),
            code: e.code().into(),
            message: e.message(),
        });
    }
    match (name, id) {
        (Ok(name), Ok(id)) => Ok(Person::new(&name, &id.number)),
        _ => Err(AppError::invalid(errors)),
    }
}

/// Whom this session is verified as, and where the last face check asked to return.
/// A check that did not pass still tells its page and the name and number this phone
/// typed for it, so trying again asks for nothing twice.
#[utoipa::path(get, path = "/api/v1/identity", tag = "liveness",
    responses((status = 200, body = VerifiedIdentity), (status = 401, body = ApiError)))]
pub async fn current(
    State(state): State<AppState>,
    who: Applicant,
) -> ApiResult<ApiJson<VerifiedIdentity>> {
    let now = state.clock.now_ms();
    let (verified, last) = state
        .db
        .read(move |c| -> rusqlite::Result<_> {
            Ok((
                crate::identity::store::verified(c, &who.phone, now)?,
                crate::identity::store::last_verification(c, &who.phone)?,
            ))
        })
        .await?;
    let (person, next) = match (&verified, last) {
        (Some(v), last) => (v.person.clone(), last.map(|(_, n)| n).unwrap_or_default()),
        (None, Some((p, n))) => (p, n),
        (None, None) => (Person::new("", ""), String::new()),
    };
    Ok(ApiJson(VerifiedIdentity {
        verified: verified.is_some(),
        name: person.name,
        id_number: person.id_number,
        expires_in_seconds: verified.map_or(0, |v| ((v.until_ms - now).max(0) / 1000) as u32),
        next,
    }))
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(current))
        .routes(routes!(start))
}
