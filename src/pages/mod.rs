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
mod photo_order;
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
pub use loss_report::{LossReceiptPage, LossReportPage, LossReports};
pub use messages::{MessagesLink, MessagesPage};
pub use not_found::NotFound;
pub use notice::Notice;
pub use payment::PaymentReturn;
pub use photos::{slot_title, Photos};
pub use review::Review;
pub use tracking::TrackingPage;
pub use urgent::Urgent;
pub use verify::Verify;
