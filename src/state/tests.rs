//! The reducer and the step rules, natively: every action, and the rejection → fix →
//! resubmit path.

use std::rc::Rc;

use reissue_domain::date::Date;
use reissue_domain::eligibility::{Eligibility, EligibilityAnswers, WindowReason};
use reissue_domain::idcard::make_id;
use reissue_domain::*;
use yew::Reducible;

use super::*;

fn profile() -> Rc<ServiceProfile> {
    Rc::new(ServiceProfile {
        service_name: "身份证丢失补领".into(),
        province_name: "四川省".into(),
        region_prefixes: vec!["51".into()],
        min_age: 16,
        fees: Fees {
            card_fee_fen: 4000,
            ems_fee_fen: 2000,
        },
        offices: vec![Office {
            id: "wuhou".into(),
            name: "武侯区办证中心".into(),
            address: "成都市武侯区".into(),
            hours: "9:00-17:00".into(),
            phone: "028-00000000".into(),
        }],
        notice: Notice {
            version: "2026-11".into(),
            title: "须知".into(),
            key_points: vec![],
            sections: vec![],
        },
        liveness_provider: LivenessProvider::Mock,
        payment_provider: PaymentProvider::Mock,
        register_upload_required: true,
        liveness_required: true,
        liveness_max_attempts: 3,
        service_phone: "12345".into(),
        working_days: Default::default(),
        mock: true,
        id: "sichuan".into(),
        photo_sources: vec![],
        photo_receipt_title: None,
        online_rules: Default::default(),
        appointments: Default::default(),
        temporary_card: None,
        delegation: None,
        loss_report: Default::default(),
        guardians_online: false,
        payment: Default::default(),
        dispatch_city: String::new(),
        sign_for_others: Default::default(),
        guardian_pickup: false,
        photo_receipt_online: false,
    })
}

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 23,
};
const NOW: &str = "2026-11-23T10:00:00Z";

fn now() -> i64 {
    reissue_domain::date::parse_rfc3339(NOW).unwrap()
}

fn complete_form() -> FormAnswers {
    FormAnswers {
        name: Some("张三".into()),
        id_number: Some(make_id("510107", Date::new(1990, 5, 17).unwrap(), 123)),
        hukou_region: Some("510107".into()),
        reason: Some(Reason::Lost),
        delivery: Some(DeliveryMethod::Pickup),
        office_id: Some("wuhou".into()),
        ..FormAnswers::default()
    }
}

fn photo() -> PhotoMeta {
    PhotoMeta {
        width: 1600,
        height: 1200,
        bytes: 300_000,
        sha256: "ab".into(),
        uploaded_at: NOW.into(),
    }
}

fn booted(signed_in: bool, draft: Option<Draft>) -> Rc<Wizard> {
    Rc::new(Wizard::default()).reduce(Action::Booted {
        profile: profile(),
        signed_in,
        draft,
    })
}

fn missing(w: &Wizard, target: Step) -> Option<Step> {
    first_missing_step(w, target, TODAY, now())
}

#[test]
fn a_fresh_visitor_is_sent_to_the_notice_first() {
    let w = booted(false, None);
    assert!(w.booted);
    assert_eq!(missing(&w, Step::Notice), None);
    assert_eq!(missing(&w, Step::Phone), Some(Step::Notice));
    assert_eq!(missing(&w, Step::Review), Some(Step::Notice));
}

#[test]
fn agreeing_then_signing_in_opens_the_form() {
    let w = booted(false, None).reduce(Action::AgreedToNotice("2026-11".into()));
    assert!(w.notice_agreed());
    assert_eq!(missing(&w, Step::Eligibility), None);
    // No SMS code before 能否在线办理 says yes.
    assert_eq!(missing(&w, Step::Phone), Some(Step::Eligibility));
    let w = w.reduce(Action::Eligibility(
        EligibilityAnswers {
            hukou_region: Some("510104".into()),
            birth_date: Some("1990-05-17".into()),
            reason: Some(Reason::Stolen),
        },
        Eligibility::Online,
    ));
    // The form starts with the same answers.
    assert_eq!(w.form.hukou_region.as_deref(), Some("510104"));
    assert_eq!(w.form.reason, Some(Reason::Stolen));
    assert_eq!(missing(&w, Step::Phone), None);
    assert_eq!(missing(&w, Step::Form), Some(Step::Phone));
    let w = w.reduce(Action::SignedIn {
        phone_masked: "138****0000".into(),
    });
    assert_eq!(w.phone_masked.as_deref(), Some("138****0000"));
    assert_eq!(missing(&w, Step::Form), None);
    assert_eq!(missing(&w, Step::Photos), Some(Step::Form));
}

#[test]
fn whoever_must_go_to_a_window_never_reaches_the_phone_step() {
    let w = booted(false, None)
        .reduce(Action::AgreedToNotice("2026-11".into()))
        .reduce(Action::Eligibility(
            EligibilityAnswers {
                hukou_region: Some("510104".into()),
                birth_date: Some("2012-01-01".into()),
                reason: Some(Reason::Lost),
            },
            Eligibility::Window(vec![WindowReason::UnderAge { min_age: 16 }]),
        ));
    assert_eq!(missing(&w, Step::Phone), Some(Step::Eligibility));
    // Nor does the 户籍 answer go into the form.
    assert_eq!(w.form.hukou_region, None);
}

#[test]
fn an_old_notice_version_must_be_agreed_again() {
    let w = booted(false, None).reduce(Action::AgreedToNotice("2025-01".into()));
    assert!(!w.notice_agreed());
}

#[test]
fn a_reload_restores_every_step_from_the_server_draft() {
    let draft = Draft {
        notice_version: Some("2026-11".into()),
        form: complete_form(),
        photos: DraftPhotos {
            register_home: Some(photo()),
            register_self: Some(photo()),
            ..DraftPhotos::default()
        },
        liveness: LivenessSummary {
            passed_at: Some("2026-11-23T09:50:00Z".into()),
            attempts: 1,
            max_attempts: 3,
        },
        ..Draft::default()
    };
    let w = booted(true, Some(draft));
    assert_eq!(w.form, complete_form());
    assert_eq!(missing(&w, Step::Review), None);
}

#[test]
fn each_missing_prerequisite_is_found_in_order() {
    let mut draft = Draft {
        notice_version: Some("2026-11".into()),
        form: complete_form(),
        ..Draft::default()
    };
    let w = booted(true, Some(draft.clone()));
    assert_eq!(missing(&w, Step::Review), Some(Step::Photos));
    draft.photos.register_home = Some(photo());
    draft.photos.register_self = Some(photo());
    let w = booted(true, Some(draft.clone()));
    assert_eq!(missing(&w, Step::Review), Some(Step::Liveness));
    // A liveness pass older than 30 minutes no longer counts.
    draft.liveness.passed_at = Some("2026-11-23T09:20:00Z".into());
    let w = booted(true, Some(draft));
    assert_eq!(missing(&w, Step::Review), Some(Step::Liveness));
}

#[test]
fn an_ineligible_form_does_not_open_the_photos() {
    let mut form = complete_form();
    form.hukou_region = Some("110101".into());
    let draft = Draft {
        notice_version: Some("2026-11".into()),
        form,
        ..Draft::default()
    };
    assert_eq!(
        missing(&booted(true, Some(draft)), Step::Photos),
        Some(Step::Form)
    );
}

#[test]
fn typed_but_unsaved_answers_survive_a_draft_refresh() {
    let w = booted(true, None);
    let mut typed = FormAnswers {
        name: Some("李四".into()),
        ..FormAnswers::default()
    };
    let w = w.reduce(Action::Answer(Field::Name, "李四".into()));
    let saved = Draft {
        form: FormAnswers {
            reason: Some(Reason::Stolen),
            ..FormAnswers::default()
        },
        ..Draft::default()
    };
    let w = w.reduce(Action::DraftSaved(saved));
    typed.reason = Some(Reason::Stolen);
    assert_eq!(w.form, typed);
}

#[test]
fn an_edit_not_yet_saved_survives_a_refresh_of_the_old_draft() {
    let saved = Draft {
        form: complete_form(),
        ..Draft::default()
    };
    let w = booted(true, Some(saved.clone()));
    let mut edited = complete_form();
    edited.name = Some("张伟伟".into());
    let w = w.reduce(Action::Answer(Field::Name, "张伟伟".into()));
    // Another step saves and the server sends the old answers back.
    let w = w.reduce(Action::DraftSaved(saved));
    assert_eq!(w.form.name.as_deref(), Some("张伟伟"));
    // A field the server changed (and the user did not) takes the server's value.
    let mut newer = complete_form();
    newer.reason = Some(Reason::Stolen);
    let w = w.reduce(Action::DraftSaved(Draft {
        form: newer,
        ..Draft::default()
    }));
    assert_eq!(w.form.reason, Some(Reason::Stolen));
    assert_eq!(w.form.name.as_deref(), Some("张伟伟"));
}

#[test]
fn photos_are_stored_and_removed_per_slot() {
    let w = booted(true, None).reduce(Action::PhotoStored(PhotoSlot::RegisterHome, photo()));
    assert!(w.draft.photos.register_home.is_some());
    assert!(!w.draft.photos.complete());
    let w = w.reduce(Action::PhotoRemoved(PhotoSlot::RegisterHome));
    assert!(w.draft.photos.register_home.is_none());
}

#[test]
fn edit_from_review_returns_there() {
    let w = booted(true, None).reduce(Action::EditFromReview { field: None });
    assert!(w.return_to_review);
    assert!(!w.reduce(Action::ReturnedToReview).return_to_review);
}

#[test]
fn edit_from_review_opens_at_the_answer_once() {
    let w = booted(true, None).reduce(Action::EditFromReview {
        field: Some(Field::RecipientPhone),
    });
    assert_eq!(w.edit_field, Some(Field::RecipientPhone));
    // Shown once: a later visit to the form starts at the top again.
    assert_eq!(w.clone().reduce(Action::EditFieldTaken).edit_field, None);
    // Back on 核对信息 without the form having opened: nothing left over either.
    assert_eq!(w.reduce(Action::ReturnedToReview).edit_field, None);
}

#[test]
fn a_submitted_draft_is_gone_and_its_number_kept() {
    // The submit key itself is the tab's storage's (the browser test of `persist`).
    let w = booted(true, None).reduce(Action::FormSaved(complete_form()));
    let w = w.reduce(Action::Submitted(SubmitResponse {
        number: "BL20261123000001".into(),
        status: Status::Submitted,
        submitted_at: NOW.into(),
    }));
    assert_eq!(w.form, FormAnswers::default());
    assert_eq!(
        w.submitted.as_ref().map(|s| s.number.as_str()),
        Some("BL20261123000001")
    );
}

#[test]
fn session_loss_keeps_the_answers_and_sign_out_clears_them() {
    let w = booted(true, None).reduce(Action::FormSaved(complete_form()));
    let lost = w.clone().reduce(Action::SessionLost);
    assert!(!lost.signed_in);
    assert_eq!(lost.form, complete_form());
    let out = w.reduce(Action::SignedOut);
    assert!(!out.signed_in && out.booted && out.profile.is_some());
    assert_eq!(out.form, FormAnswers::default());
}

fn rejected(fields: &[&str]) -> Rc<ApplicationDetail> {
    let mut answers = complete_form();
    answers.id_number = Some("5101**********123X".into());
    Rc::new(ApplicationDetail {
        number: "BL20261123000001".into(),
        status: Status::Rejected,
        answers,
        timeline: vec![],
        next_action: Some(NextAction::FixAndResubmit),
        rejection: Some(Rejection {
            reason: "户口本本人页不清晰".into(),
            fields: fields.iter().map(|f| Field::parse(f).unwrap()).collect(),
        }),
        correction: None,
        fees: FeeBreakdown {
            card_fee_fen: 4000,
            ems_fee_fen: 0,
            temporary_card_fee_fen: 0,
            total_fen: 4000,
        },
        paid: false,
        pay_by: None,
        card_photo: None,
        loss_report: None,
        temporary_card: None,
        authorization: None,
        voucher: None,
        sign_request: None,
        office: None,
        tracking_number: None,
        submitted_at: NOW.into(),
        updated_at: NOW.into(),
    })
}

#[test]
fn a_rejection_is_fixed_at_the_exact_step_and_resubmitted() {
    let w = booted(true, None).reduce(Action::StartFix(rejected(&["register_self"])));
    let fix = w.fixing.clone().unwrap();
    assert_eq!(fix.reason, "户口本本人页不清晰");
    assert_eq!(fix.first_step(), Step::Photos);
    // Every other answer is kept, including the masked ID number the server holds.
    assert_eq!(w.form.name.as_deref(), Some("张三"));
    assert_eq!(w.form.id_number.as_deref(), Some("5101**********123X"));
    // The form is not asked again, the photos are.
    assert_eq!(missing(&w, Step::Photos), None);
    assert_eq!(missing(&w, Step::Review), Some(Step::Photos));
    let w = w
        .reduce(Action::PhotoStored(PhotoSlot::RegisterHome, photo()))
        .reduce(Action::PhotoStored(PhotoSlot::RegisterSelf, photo()));
    assert_eq!(
        missing(&w, Step::Review),
        None,
        "liveness was not among the fields to fix"
    );
    let w = w.reduce(Action::Resubmitted);
    assert!(w.fixing.is_none());
}

#[test]
fn a_rejection_naming_no_field_is_looked_over_from_the_form() {
    assert_eq!(Fixing::of(&rejected(&[])).first_step(), Step::Form);
    assert_eq!(
        Fixing::of(&rejected(&["liveness"])).first_step(),
        Step::Liveness
    );
}

#[test]
fn a_wrong_id_number_is_asked_again_on_the_form() {
    let w = booted(true, None).reduce(Action::StartFix(rejected(&["id_number"])));
    assert_eq!(w.fixing.as_ref().unwrap().first_step(), Step::Form);
    assert_eq!(w.form.id_number, None);
    assert_eq!(w.form.name.as_deref(), Some("张三"));
}

#[test]
fn corrections_saved_before_a_reload_come_back() {
    let mut detail = (*rejected(&["name", "id_number"])).clone();
    detail.correction = Some(FormAnswers {
        name: Some("张叁".into()),
        id_number: Some("5101**********321X".into()),
        ..FormAnswers::default()
    });
    let w = booted(true, None).reduce(Action::StartFix(Rc::new(detail)));
    assert_eq!(w.form.name.as_deref(), Some("张叁"), "the saved correction");
    assert_eq!(
        w.form.hukou_region,
        complete_form().hukou_region,
        "the rest as submitted"
    );
    // Only ever masked on the phone: a wrong ID number is typed again.
    assert_eq!(w.form.id_number, None);
}

#[test]
fn steps_know_their_order() {
    let p = profile();
    assert_eq!(Step::Notice.position(&p, false), Some((1, 7)));
    assert_eq!(Step::Review.position(&p, false), Some((7, 7)));
    assert_eq!(Step::Phone.previous(&p, false), Some(Step::Eligibility));
    assert_eq!(Step::Form.previous(&p, false), Some(Step::Phone));
    assert_eq!(Step::Notice.previous(&p, false), None);
    assert_eq!(Step::Form.next(&p, false), Step::Photos);
    assert_eq!(Step::of(Field::RegisterHome), Step::Photos);
    assert_eq!(Step::of(Field::Liveness), Step::Liveness);
    assert_eq!(Step::of(Field::AddressDetail), Step::Form);
}

/// A profile that takes the card photo from its records and checks identity at the
/// counter: no upload step, no face check.
fn form_only_profile() -> Rc<ServiceProfile> {
    let mut p = (*profile()).clone();
    p.register_upload_required = false;
    p.liveness_required = false;
    Rc::new(p)
}

#[test]
fn the_profile_decides_which_steps_there_are() {
    let p = form_only_profile();
    assert_eq!(
        Step::for_profile(&p),
        [
            Step::Notice,
            Step::Eligibility,
            Step::Phone,
            Step::Form,
            Step::Review
        ]
    );
    assert_eq!(Step::Form.next(&p, false), Step::Review);
    assert_eq!(Step::Review.previous(&p, false), Some(Step::Form));
    assert_eq!(Step::Review.position(&p, false), Some((5, 5)));
    assert_eq!(Step::Photos.position(&p, false), None);

    // A complete form is all 核对信息 needs: no photos, no face check.
    let draft = Draft {
        notice_version: Some("2026-11".into()),
        form: complete_form(),
        ..Draft::default()
    };
    let mut w = (*booted(true, Some(draft))).clone();
    w.profile = Some(p);
    assert_eq!(missing(&w, Step::Review), None);
    // An address of a step this service does not have leads on to where the user stands.
    assert_eq!(missing(&w, Step::Photos), Some(Step::Review));
    assert_eq!(next_step(&w, Step::Form, TODAY), Step::Review);
    assert_eq!(back_step(&w, Step::Review, TODAY), Some(Step::Form));
    // Signed in: back from the form skips the phone check.
    assert_eq!(back_step(&w, Step::Form, TODAY), Some(Step::Eligibility));
}

#[test]
fn a_correction_walks_only_the_steps_it_needs() {
    let w = booted(true, None).reduce(Action::StartFix(rejected(&["postcode"])));
    assert_eq!(next_step(&w, Step::Form, TODAY), Step::Review);
    // A new name needs a face check for it.
    let w = booted(true, None).reduce(Action::StartFix(rejected(&["name"])));
    assert_eq!(next_step(&w, Step::Form, TODAY), Step::Liveness);
    assert_eq!(missing(&w, Step::Review), Some(Step::Liveness));
    assert!(w.fixing.as_ref().unwrap().may_change(Field::Name));
    assert!(!w.fixing.as_ref().unwrap().may_change(Field::IdNumber));
}

/// The three built-in profiles' journeys, read from the data files the server serves.
fn built_in(name: &str) -> ServiceProfile {
    let text = match name {
        "sichuan" => include_str!("../../profiles/sichuan.json"),
        "shanghai" => include_str!("../../profiles/shanghai.json"),
        _ => include_str!("../../profiles/guangdong.json"),
    };
    serde_json::from_str(text).unwrap()
}

#[test]
fn each_province_has_its_own_journey() {
    use Step::*;
    let journey = |name| Step::for_profile(&built_in(name));
    assert_eq!(
        journey("sichuan"),
        [
            Notice,
            Eligibility,
            Phone,
            Form,
            Photos,
            CardPhoto,
            Liveness,
            Review
        ]
    );
    // No 户口本 upload: the register has what the card needs.
    assert_eq!(
        journey("shanghai"),
        [
            Notice,
            Eligibility,
            Phone,
            Form,
            CardPhoto,
            Liveness,
            Review
        ]
    );
    assert_eq!(
        journey("guangdong"),
        [
            Notice,
            Eligibility,
            Phone,
            Form,
            CardPhoto,
            Liveness,
            Review
        ]
    );
}

/// Shanghai asks nobody for a 户口本, but a guardian applying for a child uploads the
/// proof of guardianship: their journey has the photos step, and 填写信息 leads there.
#[test]
fn a_guardian_s_journey_has_the_proof_step_where_nobody_else_uploads() {
    use Step::*;
    let shanghai = built_in("shanghai");
    assert_eq!(
        Step::journey(&shanghai, true),
        [
            Notice,
            Eligibility,
            Phone,
            Form,
            Photos,
            CardPhoto,
            Liveness,
            Review
        ]
    );
    let mut w = (*booted(true, None)).clone();
    w.profile = Some(Rc::new(shanghai));
    w.form = FormAnswers {
        id_number: Some(make_id("310101", Date::new(2016, 6, 1).unwrap(), 123)),
        ..complete_form()
    };
    assert_eq!(next_step(&w, Form, TODAY), Photos);
    assert_eq!(back_step(&w, CardPhoto, TODAY), Some(Photos));
    assert_eq!(
        Photos.position(w.profile.as_deref().unwrap(), true),
        Some((5, 8))
    );
    // The same page for an adult skips it.
    w.form.id_number = complete_form().id_number;
    assert_eq!(next_step(&w, Form, TODAY), CardPhoto);
}

#[test]
fn the_card_photo_step_is_done_once_a_source_is_chosen() {
    let mut p = (*profile()).clone();
    p.photo_sources = vec![PhotoSource::OnRecord, PhotoSource::Camera];
    let draft = Draft {
        notice_version: Some("2026-11".into()),
        form: complete_form(),
        photos: DraftPhotos {
            register_home: Some(photo()),
            register_self: Some(photo()),
            ..DraftPhotos::default()
        },
        ..Draft::default()
    };
    let mut w = (*booted(true, Some(draft))).clone();
    w.profile = Some(Rc::new(p));
    assert_eq!(missing(&w, Step::Liveness), Some(Step::CardPhoto));
    assert_eq!(next_step(&w, Step::Photos, TODAY), Step::CardPhoto);
    // The camera counts once its photo is in.
    w.draft.card_photo = Some(CardPhotoChoice {
        source: PhotoSource::Camera,
        receipt: None,
    });
    assert_eq!(missing(&w, Step::Liveness), Some(Step::CardPhoto));
    w.draft.photos.card_photo = Some(photo());
    assert_eq!(missing(&w, Step::Liveness), None);
    assert_eq!(back_step(&w, Step::Liveness, TODAY), Some(Step::CardPhoto));
}
