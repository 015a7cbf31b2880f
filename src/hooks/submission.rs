//! 提交申请 from 核对信息, or 重新提交 a correction: the request, what this tab remembers
//! about it (the Idempotency-Key, the correction's number), and where the applicant
//! goes after.

use reissue_domain::submission::changeable_part;
use reissue_domain::Resubmission;
use yew::prelude::*;

use super::{call, use_action, FieldErrors, UseAction};
use crate::api::{self, ApiError};
use crate::route::Route;
use crate::router::{use_navigator, Navigator};
use crate::state::{persist, Action, WizardContext};

#[derive(Clone, PartialEq)]
pub struct Submission {
    pub state: UseAction<()>,
    wizard: WizardContext,
    navigator: Navigator,
    errors: FieldErrors,
}

#[hook]
pub fn use_submission(errors: &FieldErrors) -> Submission {
    Submission {
        state: use_action(),
        wizard: use_context::<WizardContext>().expect("wizard context"),
        navigator: use_navigator().expect("router"),
        errors: errors.clone(),
    }
}

impl Submission {
    /// Submits (a second tap while the first is on its way does nothing; a retry after a
    /// failure reuses the same Idempotency-Key). Field errors go to the summary, with
    /// links that lead to the step to fix; a lost session is told to the wizard, whose
    /// guard asks for the phone again and brings the applicant back.
    pub fn start(&self) {
        let (wizard, navigator, errors) = (
            self.wizard.clone(),
            self.navigator.clone(),
            self.errors.clone(),
        );
        self.state.run(call(async move {
            let done = match wizard.fixing.clone() {
                Some(fix) => {
                    let form = changeable_part(&fix.fields, &wizard.form);
                    api::resubmit(&fix.number, &Resubmission { form })
                        .await
                        .map(|_| {
                            persist::set_fixing(None);
                            wizard.dispatch(Action::Resubmitted);
                            navigator.replace(&Route::Application { number: fix.number });
                        })
                }
                None => {
                    // One key per draft (kept for this tab): a double tap or a retry
                    // after a lost answer makes one application.
                    let key = persist::submit_key();
                    api::submit(&key).await.map(|resp| {
                        persist::clear_submit_key();
                        persist::set_eligible(false);
                        let number = resp.number.clone();
                        wizard.dispatch(Action::Submitted(resp));
                        // Replace history so back cannot reach the submit again.
                        navigator.replace(&Route::Done { number });
                    })
                }
            };
            match done {
                Err(ApiError::Unauthenticated(_)) => wizard.dispatch(Action::SessionLost),
                Err(ApiError::Validation { fields, .. }) if !fields.is_empty() => {
                    errors.show(fields)
                }
                other => return other,
            }
            Ok(())
        }));
    }
}
