//! What an application needs before it is accepted, what a correction may change, and
//! what it costs: the rules the server decides by and the browser repeats to answer early.

use crate::application::FeeBreakdown;
use crate::date::parse_rfc3339;
use crate::draft::{Draft, DraftPhotos, DraftUpdate, LivenessSummary};
use crate::error::FieldError;
use crate::error::Refusal;
use crate::field::{DeliveryMethod, FormAnswers, PhotoSlot};
use crate::field::{Field, Stage};
use crate::profile::PhotoSource;
use crate::profile::ServiceProfile;
use crate::temporary_card;
use crate::validate::{check_form, guardian_applies, normalize_form, FormRules};

/// A passed face check counts for a submission this long.
pub const LIVENESS_VALID_MS: i64 = 30 * 60 * 1000;

/// Did the face check pass recently enough? The time was written by the server's clock;
/// a phone whose clock is behind it sees the check as just passed rather than turning
/// the applicant away (the server, deciding by its own clock, has the last word).
pub fn liveness_fresh(liveness: &LivenessSummary, now_ms: i64) -> bool {
    liveness
        .passed_at
        .as_deref()
        .and_then(parse_rfc3339)
        .is_some_and(|t| now_ms - t <= LIVENESS_VALID_MS)
}

fn field_error(field: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_string(),
        code: code.to_string(),
        message: message.into(),
    }
}

/// The error for a photo or check the profile requires and the draft lacks.
pub fn required(field: Field) -> FieldError {
    let code = match field {
        Field::Liveness => "liveness_required",
        _ => "required",
    };
    field_error(field.as_str(), code, field.required_message())
}

/// Does the profile ask for this photo or check of everyone?
pub fn profile_requires(profile: &ServiceProfile, stage: Stage) -> bool {
    match stage {
        Stage::Form => true,
        Stage::Photos => profile.register_upload_required,
        Stage::CardPhoto => !profile.photo_sources.is_empty(),
        Stage::Liveness => profile.liveness_required,
    }
}

/// Does this application go through the stage: everyone's stages, and the photos for a
/// guardian applying for a child, who uploads the proof of guardianship even where
/// nobody uploads a 户口本 (Shanghai).
pub fn stage_applies(profile: &ServiceProfile, stage: Stage, guardian: bool) -> bool {
    profile_requires(profile, stage) || (stage == Stage::Photos && guardian)
}

/// Is the field asked of this application: a guardian's fields of a guardian, the
/// others where the profile asks for them.
fn asked(profile: &ServiceProfile, field: Field, guardian: bool) -> bool {
    match field.guardian_only() {
        true => guardian,
        false => profile_requires(profile, field.stage()),
    }
}

/// Why a face check cannot start now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceCheckRefused {
    /// The separate consent to face capture was not given.
    NoConsent,
    /// Every attempt the profile allows is used up: the counter is the way now.
    AttemptsUsed { max: u8 },
}

impl Refusal for FaceCheckRefused {
    fn code(&self) -> &'static str {
        match self {
            FaceCheckRefused::NoConsent => "consent_required",
            FaceCheckRefused::AttemptsUsed { .. } => "attempts_exhausted",
        }
    }

    fn message(&self) -> String {
        match self {
            FaceCheckRefused::NoConsent => {
                "请先阅读并同意《人脸识别授权》，或到办证中心窗口办理".to_string()
            }
            FaceCheckRefused::AttemptsUsed { max } => {
                format!("人脸识别已尝试 {max} 次，请携带户口本到就近的办证中心窗口办理")
            }
        }
    }
}

/// May the draft start a face check: attempts left (else no consent would help), and
/// consent given?
pub fn may_start_face_check(
    draft: &Draft,
    profile: &ServiceProfile,
) -> Result<(), FaceCheckRefused> {
    let max = profile.liveness_max_attempts;
    if draft.liveness.attempts >= max {
        return Err(FaceCheckRefused::AttemptsUsed { max });
    }
    if !draft.face_consent {
        return Err(FaceCheckRefused::NoConsent);
    }
    Ok(())
}

/// Has the applicant said where the new card's photo comes from (and, for the camera,
/// uploaded it)? Whether a receipt or the photo on record may be used is the register's
/// to say, on the server: [`crate::population::check_card_photo`].
pub fn card_photo_given(draft: &Draft) -> bool {
    match &draft.card_photo {
        None => false,
        Some(c) if c.source == PhotoSource::Camera => draft.photos.card_photo.is_some(),
        Some(_) => true,
    }
}

/// Lays a saved step over the draft: only the parts present change (in the form, only
/// the answers present; `""` clears one), each checked. On `Err` (what is wrong) the
/// caller keeps nothing. A new name or ID number drops a passed face check: it vouched
/// for someone else. The card photo choice is not laid over here: whether it may be
/// used is the register's to say ([`crate::population::check_card_photo`]).
pub fn apply_update(
    draft: &mut Draft,
    update: &DraftUpdate,
    profile: &ServiceProfile,
    rules: &FormRules,
) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if let Some(v) = &update.notice_version {
        if *v != profile.notice.version {
            errors.push(field_error(
                "notice_version",
                "notice_outdated",
                "业务须知已更新，请重新阅读并同意",
            ));
        }
        draft.notice_version = Some(v.clone());
    }
    if let Some(c) = update.face_consent {
        draft.face_consent = c;
    }
    if let Some(patch) = &update.form {
        let merged = draft.form.overlaid(patch);
        errors.extend(check_form(&merged, rules, false));
        let mut normalized = normalize_form(&merged);
        // Not a child (any more): no guardian applies, so none is kept.
        if !guardian_applies(&normalized, rules) {
            normalized = normalized.without_guardian();
        }
        if identity_changed(&draft.form, &normalized) {
            draft.liveness.passed_at = None;
        }
        // The photo on record and a receipt are the applicant's: another applicant's
        // choice (another guardian changes nothing about the child's photo).
        if draft.form.name != normalized.name || draft.form.id_number != normalized.id_number {
            draft.card_photo = None;
        }
        draft.form = normalized;
    }
    match errors.is_empty() {
        true => Ok(()),
        false => Err(errors),
    }
}

/// Everything still missing or wrong before `draft` can be submitted, in the order the
/// applicant meets it: the current notice agreed, the form complete and valid, the
/// photos and the face check the profile requires (the check still fresh).
pub fn missing_before_submit(
    draft: &Draft,
    profile: &ServiceProfile,
    rules: &FormRules,
    now_ms: i64,
) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if draft.notice_version.as_deref() != Some(profile.notice.version.as_str()) {
        errors.push(field_error(
            "notice_version",
            "notice_not_agreed",
            "请阅读并同意最新的业务须知",
        ));
    }
    errors.extend(check_form(&draft.form, rules, true));
    let guardian = guardian_applies(&draft.form, rules);
    for &field in Field::ALL {
        if !asked(profile, field, guardian) {
            continue;
        }
        let missing = match field.stage() {
            Stage::Form => false,
            Stage::Photos => field
                .photo_slot()
                .is_some_and(|slot| draft.photos.get(slot).is_none()),
            Stage::CardPhoto => !card_photo_given(draft),
            Stage::Liveness => !liveness_fresh(&draft.liveness, now_ms),
        };
        if missing {
            errors.push(required(field));
        }
    }
    errors
}

/// The answers of `proposed` that differ from `held` although the officer did not ask
/// for them: a correction may change only what was asked (and what that unlocks), never,
/// say, whose application it is when only the postcode was wrong.
pub fn changes_not_asked(
    asked: &[Field],
    held: &FormAnswers,
    proposed: &FormAnswers,
) -> Vec<FieldError> {
    let (held, proposed) = (normalize_form(held), normalize_form(proposed));
    Field::form()
        .filter(|f| held.get(*f) != proposed.get(*f))
        .filter(|f| !asked.iter().any(|a| a.unlocks(*f)))
        .map(|f| {
            field_error(
                f.as_str(),
                "not_asked",
                format!(
                    "办证人员没有要求修改{}，这一项不能更改。如确需更改，请撤回本次申请后重新申请",
                    f.label()
                ),
            )
        })
        .collect()
}

/// A rejected application as its correction would leave it.
#[derive(Debug, Clone, PartialEq)]
pub struct Corrected {
    /// The answers with the correction laid over them, normalised.
    pub answers: FormAnswers,
    pub photos: DraftPhotos,
    /// The photos taken over from the draft (the draft no longer holds them).
    pub taken_from_draft: Vec<PhotoSlot>,
    /// A face check must vouch for exactly `answers`' name and ID number: the officer
    /// asked for one, or allowed a new name or number and it did change.
    pub needs_face_check: bool,
}

/// Checks a correction of a rejected application: only what the officer asked for (and
/// what that unlocks) may change, the result must be a complete, valid form, and a
/// photo asked for must be a new one from the draft. Returns the corrected application
/// and what is wrong (nothing is to be stored unless that is empty).
pub fn correct(
    asked: &[Field],
    held_answers: &FormAnswers,
    held_photos: &DraftPhotos,
    patch: &FormAnswers,
    draft_photos: Option<&DraftPhotos>,
    rules: &FormRules,
) -> (Corrected, Vec<FieldError>) {
    let merged = held_answers.overlaid(patch);
    let mut errors = correction_errors(asked, held_answers, &merged, rules, true);
    let mut photos = held_photos.clone();
    let mut taken_from_draft = Vec::new();
    for &field in Field::ALL {
        let Some(slot) = field.photo_slot() else {
            continue;
        };
        let new = draft_photos.and_then(|d| d.get(slot));
        let held = held_photos.get(slot).map(|m| &m.sha256);
        match new.filter(|m| Some(&m.sha256) != held) {
            Some(meta) => {
                photos.set(slot, Some(meta.clone()));
                taken_from_draft.push(slot);
            }
            None if asked.contains(&field) => {
                let mut e = required(field);
                e.message = format!("{}（需要重新拍摄上传）", e.message);
                errors.push(e);
            }
            None => {}
        }
    }
    let needs_face_check = asked.contains(&Field::Liveness)
        || (asked.iter().any(|f| f.is_identity()) && identity_changed(held_answers, &merged));
    let corrected = Corrected {
        answers: normalize_form(&merged),
        photos,
        taken_from_draft,
        needs_face_check,
    };
    (corrected, errors)
}

/// What is wrong with a correction that would turn `held` into `corrected`: a change the
/// officer did not ask for, or an answer that does not pass (with `complete`, one that
/// is missing too, as at resubmission).
pub fn correction_errors(
    asked: &[Field],
    held: &FormAnswers,
    corrected: &FormAnswers,
    rules: &FormRules,
    complete: bool,
) -> Vec<FieldError> {
    let mut errors = changes_not_asked(asked, held, corrected);
    errors.extend(check_form(corrected, rules, complete));
    errors
}

/// Is `proposed` someone else than `held` (name or ID number changed)? A face check
/// vouches for one person, so a change needs a new one.
pub fn identity_changed(held: &FormAnswers, proposed: &FormAnswers) -> bool {
    let (held, proposed) = (normalize_form(held), normalize_form(proposed));
    Field::form()
        .filter(|f| f.is_identity())
        .any(|f| held.get(f) != proposed.get(f))
}

/// May the applicant change this answer while correcting after a rejection?
pub fn may_change(asked: &[Field], field: Field) -> bool {
    asked.iter().any(|a| a.unlocks(field))
}

/// What a correction sends: only the answers the officer's request lets change (the
/// rest stays as the server holds it; the ID number it holds is shown masked anyway).
pub fn changeable_part(asked: &[Field], form: &FormAnswers) -> FormAnswers {
    let mut out = FormAnswers::default();
    for field in Field::form().filter(|f| may_change(asked, *f)) {
        match form.get(field) {
            Some(value) => out.set(field, value),
            // Sent blank: a cleared answer (the optional postcode) is cleared on the server.
            None => out.set(field, ""),
        }
    }
    out
}

/// Does correcting these fields take the applicant through the face check again? When
/// the officer asks for it, and when a name or ID number may change (the server then
/// wants a check for the new identity if it did change).
pub fn fix_needs_face_check(asked: &[Field]) -> bool {
    asked
        .iter()
        .any(|f| *f == Field::Liveness || f.is_identity())
}

/// The fees for these answers (the server's amounts): the card, postage for EMS, and a
/// temporary card where one was asked for and is offered.
pub fn fees_for(profile: &ServiceProfile, form: &FormAnswers) -> FeeBreakdown {
    let ems = if form.delivery == Some(DeliveryMethod::Ems) {
        profile.fees.ems_fee_fen
    } else {
        0
    };
    let temporary = match &profile.temporary_card {
        Some(rules) if temporary_card::wanted(form) => rules.fee_fen,
        _ => 0,
    };
    FeeBreakdown {
        card_fee_fen: profile.fees.card_fee_fen,
        ems_fee_fen: ems,
        temporary_card_fee_fen: temporary,
        total_fen: profile.fees.card_fee_fen + ems + temporary,
    }
}

/// Money for people, from integer fen: 4000 → "40元", 4050 → "40.50元".
pub fn yuan(fen: u32) -> String {
    if fen % 100 == 0 {
        format!("{}元", fen / 100)
    } else {
        format!("{}.{:02}元", fen / 100, fen % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Reason;
    use crate::profile::ServiceProfile;

    fn held() -> FormAnswers {
        FormAnswers {
            name: Some("张三".into()),
            id_number: Some("510104199001011230".into()),
            hukou_region: Some("510107".into()),
            reason: Some(Reason::Lost),
            delivery: Some(DeliveryMethod::Pickup),
            office_id: Some("cd-wuhou".into()),
            postcode: Some("610041".into()),
            ..FormAnswers::default()
        }
    }

    #[test]
    fn a_correction_changes_only_what_was_asked() {
        let mut proposed = held();
        proposed.postcode = Some("610000".into());
        assert!(changes_not_asked(&[Field::Postcode], &held(), &proposed).is_empty());

        proposed.name = Some("李四".into());
        proposed.id_number = Some("11010119900307663X".into());
        let errors = changes_not_asked(&[Field::Postcode], &held(), &proposed);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "id_number"]);
        assert!(errors[0].message.contains("姓名"));
        assert!(identity_changed(&held(), &proposed));
    }

    #[test]
    fn spelling_is_not_a_change_and_delivery_unlocks_its_details() {
        let mut proposed = held();
        // Typed again with a space and a lower-case x: the same person.
        proposed.name = Some(" 张三 ".into());
        assert!(changes_not_asked(&[], &held(), &proposed).is_empty());
        assert!(!identity_changed(&held(), &proposed));

        proposed.delivery = Some(DeliveryMethod::Ems);
        proposed.address_detail = Some("春熙路1号5栋".into());
        assert!(changes_not_asked(&[Field::Delivery], &held(), &proposed).is_empty());
        assert_eq!(
            changes_not_asked(&[Field::Postcode], &held(), &proposed).len(),
            2
        );
    }

    #[test]
    fn a_correction_sends_only_what_may_change() {
        let mut form = held();
        form.postcode = None;
        let sent = changeable_part(&[Field::Postcode], &form);
        assert_eq!(sent.name, None);
        assert_eq!(sent.postcode.as_deref(), Some(""), "cleared, not left out");
        assert_eq!(held().overlaid(&sent).postcode, None);
        let sent = changeable_part(&[Field::Delivery], &held());
        assert_eq!(sent.delivery, Some(DeliveryMethod::Pickup));
        assert_eq!(sent.office_id.as_deref(), Some("cd-wuhou"));
        assert!(fix_needs_face_check(&[Field::Name]));
        assert!(!fix_needs_face_check(&[
            Field::Postcode,
            Field::RegisterHome
        ]));
    }

    #[test]
    fn a_face_check_is_fresh_for_thirty_minutes_whatever_the_phone_clock_says() {
        let at = |s: &str| LivenessSummary {
            passed_at: Some(s.into()),
            ..LivenessSummary::default()
        };
        let passed = parse_rfc3339("2026-11-23T10:00:00+08:00").unwrap();
        let check = at("2026-11-23T10:00:00+08:00");
        assert!(liveness_fresh(&check, passed));
        assert!(liveness_fresh(&check, passed + LIVENESS_VALID_MS));
        assert!(!liveness_fresh(&check, passed + LIVENESS_VALID_MS + 1));
        // A phone three hours behind the server.
        assert!(liveness_fresh(&check, passed - 3 * 3_600_000));
        assert!(!liveness_fresh(&LivenessSummary::default(), passed));
    }

    #[test]
    fn money_is_written_one_way() {
        assert_eq!(yuan(4000), "40元");
        assert_eq!(yuan(6000), "60元");
        assert_eq!(yuan(4050), "40.50元");
        assert_eq!(yuan(5), "0.05元");
    }

    #[test]
    fn what_is_missing_follows_the_profile() {
        let mut profile: ServiceProfile = serde_json::from_value(serde_json::json!({
            "service_name": "居民身份证丢失补领", "province_name": "四川省",
            "region_prefixes": ["51"], "min_age": 16,
            "fees": { "card_fee_fen": 4000, "ems_fee_fen": 2000 },
            "offices": [{ "id": "cd-wuhou", "name": "武侯", "address": "", "hours": "", "phone": "" }],
            "notice": { "version": "2026-11", "title": "须知", "sections": [] },
            "liveness_provider": "mock", "payment_provider": "mock",
            "register_upload_required": true, "liveness_required": true,
            "liveness_max_attempts": 3, "service_phone": "028-12345", "mock": false
        }))
        .unwrap();
        let draft = Draft {
            notice_version: Some(profile.notice.version.clone()),
            form: held(),
            ..Draft::default()
        };
        let today = crate::date::Date::new(2026, 11, 23).unwrap();
        let rules = FormRules::for_profile(&profile, today, None);
        let missing: Vec<String> = missing_before_submit(&draft, &profile, &rules, 0)
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(missing, ["register_home", "register_self", "liveness"]);

        profile.register_upload_required = false;
        profile.liveness_required = false;
        let rules = FormRules::for_profile(&profile, today, None);
        assert!(missing_before_submit(&draft, &profile, &rules, 0).is_empty());
    }
}
