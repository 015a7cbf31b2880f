//! One module per page. Each reads the wizard context, calls the typed API client and
//! dispatches actions; the widgets come from `components`.

mod applications;
mod appointment;
mod card_photo;
mod delegation;
mod done;
mod eligibility;
mod form;
mod home;
mod identity;
mod liveness;
mod loss_report;
mod messages;
mod not_found;
mod notice;
mod payment;
mod photos;
mod review;
mod tracking;
mod urgent;
mod verify;

pub use applications::{ApplicationPage, Applications};
pub use appointment::AppointmentPage;
pub use card_photo::CardPhoto;
pub use delegation::{AuthorizationPage, DelegationCard};
pub use done::Done;
pub use eligibility::EligibilityPage;
pub use form::FormPage;
pub use home::Home;
pub use identity::IdentityReturn;
pub use liveness::{Liveness, LivenessReturn};
pub use loss_report::{LossReportPage, LossReports};
pub use messages::{MessagesLink, MessagesPage};
pub use not_found::NotFound;
pub use notice::Notice;
pub use payment::PaymentReturn;
pub use photos::{slot_title, Photos};
pub use review::Review;
pub use tracking::TrackingPage;
pub use urgent::Urgent;
pub use verify::Verify;

use reissue_domain::date::Date;

/// Today (China time, where the service runs) and milliseconds since 1970 (UTC), from
/// the browser's clock.
pub fn clock_now() -> (Date, i64) {
    let ms = js_sys::Date::now() as i64;
    (Date::in_china(ms), ms)
}

/// "2026-11-23T02:04:05Z" → "2026-11-23 10:04" in China time.
pub fn format_time(ts: &str) -> String {
    match reissue_domain::date::parse_rfc3339(ts) {
        Some(ms) => reissue_domain::date::china_minute(ms),
        None => ts.to_string(),
    }
}

/// The value of one query parameter of the current URL.
pub fn query_param(name: &str) -> Option<String> {
    let search = gloo::utils::window().location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name)
}
