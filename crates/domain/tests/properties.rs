//! Properties that table tests cannot cover: every valid number passes, every single
//! typo is caught, and no input makes a validator panic.

use std::sync::OnceLock;

use proptest::prelude::*;
use reissue_domain::api::{DeliveryMethod, FormAnswers, Office, Reason};
use reissue_domain::date::Date;
use reissue_domain::idcard::{self, make_id, Sex};
use reissue_domain::mask;
use reissue_domain::region::{Regions, PROVINCES};
use reissue_domain::validate::{self, FormRules};
use reissue_domain::Field;

const TODAY: Date = Date {
    year: 2026,
    month: 11,
    day: 23,
};

fn regions() -> &'static Regions {
    static REGIONS: OnceLock<Regions> = OnceLock::new();
    REGIONS.get_or_init(|| {
        serde_json::from_str(include_str!("../../../static/data/regions.json")).unwrap()
    })
}

/// A valid number: a real province prefix, any four digits, a real birth date between
/// 1900-01-01 and today, any sequence number, the computed check character.
fn valid_id() -> impl Strategy<Value = (String, Date, u16)> {
    let first = Date::new(1900, 1, 1).unwrap().to_days();
    (
        0..PROVINCES.len(),
        0u16..10_000,
        first..=TODAY.to_days(),
        0u16..1000,
    )
        .prop_map(|(p, rest, days, seq)| {
            let region = format!("{}{rest:04}", PROVINCES[p].0);
            let birth = Date::from_days(days);
            (make_id(&region, birth, seq), birth, seq)
        })
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9xX +\\-()·\u{3000}０-９]{0,25}",
        "\\PC{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_valid_number_is_accepted((id, birth, seq) in valid_id()) {
        let parsed = idcard::parse(&id, TODAY).unwrap();
        prop_assert_eq!(&parsed.number, &id);
        prop_assert_eq!(parsed.birth, birth);
        prop_assert_eq!(parsed.sex == Sex::Male, seq % 2 == 1);
        prop_assert_eq!(&parsed.region, &id[..6]);
        // And in the spellings people type.
        prop_assert!(idcard::parse(&id.to_lowercase(), TODAY).is_ok());
        let spaced = format!(" {} {} {} ", &id[..6], &id[6..14], &id[14..]);
        prop_assert!(idcard::parse(&spaced, TODAY).is_ok());
    }

    #[test]
    fn every_single_character_change_is_rejected(
        (id, _, _) in valid_id(),
        pos in 0usize..18,
        replacement in 0usize..11,
    ) {
        const ALPHABET: &[u8; 11] = b"0123456789X";
        let mut bytes = id.clone().into_bytes();
        let new = ALPHABET[replacement];
        prop_assume!(bytes[pos] != new);
        bytes[pos] = new;
        let changed = String::from_utf8(bytes).unwrap();
        prop_assert!(idcard::parse(&changed, TODAY).is_err(), "{} accepted", changed);
    }

    #[test]
    fn masked_logs_never_show_a_whole_number((id, _, _) in valid_id(), before in "[a-z =:]{0,5}", after in "[a-z =:]{0,5}") {
        let line = format!("{before}{id}{after}");
        let masked = mask::in_text(&line);
        prop_assert!(!masked.contains(&id));
        prop_assert_eq!(masked.chars().count(), line.chars().count());
    }

    #[test]
    fn validators_never_panic(s in any_text()) {
        let _ = idcard::normalize(&s);
        let _ = idcard::parse(&s, TODAY);
        let _ = idcard::check_char(s.as_bytes());
        let _ = validate::name(&s);
        let _ = validate::phone(&s);
        let _ = validate::sms_code(&s);
        let _ = validate::address_detail(&s);
        let _ = validate::postcode(&s);
        let _ = validate::region_code(&s, None);
        let _ = validate::region_code(&s, Some(regions()));
        let _ = Field::parse(&s);
        let _ = regions().full_name(&s);
        let _ = mask::id_number(&s);
        let _ = mask::phone(&s);
        let _ = mask::in_text(&s);
    }

    #[test]
    fn check_form_never_panics(
        texts in proptest::collection::vec(proptest::option::of(any_text()), Field::form().count()),
        reason in proptest::option::of(prop_oneof![Just(Reason::Lost), Just(Reason::Stolen)]),
        delivery in proptest::option::of(prop_oneof![Just(DeliveryMethod::Pickup), Just(DeliveryMethod::Ems)]),
        prefixes in proptest::collection::vec(any_text(), 0..3),
        offices in proptest::collection::vec(any_text(), 0..3),
        min_age in any::<u8>(),
        complete in any::<bool>(),
        with_regions in any::<bool>(),
    ) {
        // Every text answer from `texts`, in the form's order; the two choices apart.
        let mut form = FormAnswers { reason, delivery, ..FormAnswers::default() };
        let text_fields = Field::form().filter(|f| !matches!(f, Field::Reason | Field::Delivery));
        for (field, text) in text_fields.zip(&texts) {
            form.put(field, text.clone());
        }
        let offices: Vec<Office> = offices
            .into_iter()
            .map(|id| Office { id, name: String::new(), address: String::new(), hours: String::new(), phone: String::new() })
            .collect();
        let rules = FormRules {
            today: TODAY,
            region_prefixes: &prefixes,
            min_age,
            offices: &offices,
            regions: with_regions.then(regions),
            temporary_card: None,
            guardians: false,
        };
        let errors = validate::check_form(&form, &rules, complete);
        let order: Vec<usize> = errors
            .iter()
            .map(|e| Field::form().position(|f| f.as_str() == e.field).unwrap())
            .collect();
        prop_assert!(order.windows(2).all(|w| w[0] < w[1]), "{:?}", errors);
        let normalised = validate::normalize_form(&form);
        prop_assert_eq!(validate::normalize_form(&normalised), normalised);
    }
}
