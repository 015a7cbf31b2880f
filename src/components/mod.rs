//! Small reusable widgets. Each gets data and callbacks through props and owns no
//! wizard state.

mod care;
mod choice;
mod copy;
mod error_summary;
mod field;
mod guard;
mod keep;
mod number;
mod offline;
mod page;
mod region;
mod time_warning;
mod timeline;
mod uploader;
mod verify_person;

pub use care::{apply_care_mode, CareModeSwitch};
pub use choice::{checkbox, radio_group, CheckboxProps, RadioGroupProps};
pub use copy::CopyButton;
pub use error_summary::{error_for, focus_field, ErrorSummary};
pub use field::{select_field, text_field, SelectFieldProps, TextFieldProps};
pub use guard::{loading_page, SessionGuard, StepGuard};
pub use keep::KeepCopy;
pub use number::{grouped, APP_NUMBER_GROUPS, ID_GROUPS, PHONE_GROUPS};
pub use offline::Banners;
pub use page::{set_title, Page};
pub use region::RegionSelect;
pub use time_warning::FaceWarning;
pub use timeline::timeline;
pub use uploader::Uploader;
pub use verify_person::{needs_face_check, start as start_face_check, VerifyPerson};

/// The id of the input for a field key, used by the error summary's links.
pub fn field_id(field: &str) -> String {
    format!("f-{field}")
}
