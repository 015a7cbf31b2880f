//! Who acts on a card: the face check for a person alone, the verified person behind a
//! phone's session, and telling a card's people what was done to it.

pub mod card;
pub mod routes;
pub mod store;

use crate::clock::DAY_MS;
use crate::flows;
use crate::http::auth;
use crate::http::auth::Applicant;
use crate::http::error::{ApiResult, AppError};
use crate::state::AppState;
use crate::vendors::Subject;
use reissue_domain::api::{FlowStart, FormAnswers};
use reissue_domain::identity::{IdentityCheck, Person};
use reissue_domain::Field;
use reissue_domain::{idcard, identity, validate};

/// Starts a face check for a person alone: the one typed, an application's face, or a
/// report's card; a few a phone a day. The vendor comes back to the page that asked.
pub async fn start_check(
    state: &AppState,
    who: Applicant,
    req: IdentityCheck,
) -> ApiResult<FlowStart> {
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
            if store::identity_checks_since(c, &phone, since)?
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
    let (id, action) = (flow_id.clone(), started.action.clone());
    state
        .tx(move |tx, now| -> ApiResult<()> {
            let flow = flows::pending_liveness(
                id.clone(),
                who.phone.clone(),
                flows::CheckFor::Person,
                started,
                digest,
                now,
            );
            crate::flows::store::insert_flow(tx, &flow)?;
            store::start_verification(tx, &who.phone, &id, &person, &next)?;
            Ok(())
        })
        .await?;
    Ok(FlowStart { flow_id, action })
}

/// The name and number as typed, checked as the form checks them.
pub(crate) fn typed_person(
    req: &IdentityCheck,
    today: reissue_domain::date::Date,
) -> ApiResult<Person> {
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
            field: Field::IdNumber.as_str().into(),
            code: e.code().into(),
            message: e.message(),
        });
    }
    match (name, id) {
        (Ok(name), Ok(id)) => Ok(Person::new(&name, &id.number)),
        _ => Err(AppError::invalid(errors)),
    }
}
