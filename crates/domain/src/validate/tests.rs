use super::*;
use crate::field::{DeliveryMethod, Reason, TemporaryCard};
use crate::idcard::make_id;
use crate::office::Office;
use crate::temporary_card::TemporaryCardRules;

fn today() -> Date {
    Date::new(2026, 11, 23).unwrap()
}

fn d(y: i32, m: u8, day: u8) -> Date {
    Date::new(y, m, day).unwrap()
}

fn code<T: std::fmt::Debug>(r: Result<T, Invalid>) -> &'static str {
    match r {
        Ok(v) => panic!("accepted: {v:?}"),
        Err(e) => {
            assert!(!e.message.is_empty());
            e.code
        }
    }
}

#[test]
fn names() {
    let ok = [
        ("张三", "张三"),
        ("  李四\u{3000}", "李四"),
        ("张 三", "张三"),
        ("阿依古丽·买买提", "阿依古丽·买买提"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),
        ("阿依古丽・买买提", "阿依古丽·买买提"),
        ("阿依古丽．买买提", "阿依古丽·买买提"),
        ("阿依古丽‧买买提", "阿依古丽·买买提"),
        ("Anna  Maria O'Neil-Smith", "Anna Maria O'Neil-Smith"),
        ("José García", "José García"),
        ("䶮䶮", "䶮䶮"),
        (&"王".repeat(30), &"王".repeat(30)),
    ];
    for (input, want) in ok {
        assert_eq!(name(input).as_deref(), Ok(want), "{input}");
    }
    let bad = [
        ("", "required"),
        ("   ", "required"),
        ("张三😀", "bad_character"),
        ("张三3", "has_digit"),
        ("张三３", "has_digit"),
        (&"王".repeat(31), "too_long"),
        ("<script>alert(1)</script>", "bad_character"),
        ("张三<b>", "bad_character"),
        ("张@三", "bad_character"),
        ("张", "too_short"),
        ("A", "too_short"),
        ("张三Li", "mixed_script"),
        ("·买买提", "bad_separator"),
        ("阿依古丽·", "bad_separator"),
        ("阿依古丽··买买提", "bad_separator"),
        ("Anna--Maria", "bad_separator"),
        ("-Anna", "bad_separator"),
        ("张-三", "bad_character"),
    ];
    for (input, want) in bad {
        assert_eq!(code(name(input)), want, "{input}");
    }
}

#[test]
fn phones() {
    let ok = [
        "13800000000",
        "+86 138 0000 0000",
        "+8613800000000",
        "0086-138-0000-0000",
        "8613800000000",
        "138-0000-0000",
        "(138) 0000 0000",
        "１３８００００００００",
        "19912345678",
    ];
    for input in ok {
        let want = if input == "19912345678" {
            input
        } else {
            "13800000000"
        };
        assert_eq!(phone(input).as_deref(), Ok(want), "{input}");
    }
    let bad = [
        ("", "required"),
        ("1380000000", "wrong_length"),
        ("138000000001", "wrong_length"),
        ("028-85551234", "landline"),
        ("(028) 8555 1234", "landline"),
        ("12800000000", "not_mobile"),
        ("23800000000", "not_mobile"),
        ("1380000000a", "bad_character"),
        ("138 0000 000O", "bad_character"),
    ];
    for (input, want) in bad {
        assert_eq!(code(phone(input)), want, "{input}");
    }
    assert!(phone("028-85551234").unwrap_err().message.contains("手机"));
    assert!(phone("1380000000").unwrap_err().message.contains("10位"));
}

#[test]
fn sms_codes_and_postcodes() {
    assert_eq!(sms_code(" 123456 ").as_deref(), Ok("123456"));
    assert_eq!(sms_code("１２３４５６").as_deref(), Ok("123456"));
    assert_eq!(code(sms_code("")), "required");
    assert_eq!(code(sms_code("12345")), "wrong_format");
    assert_eq!(code(sms_code("1234567")), "wrong_format");
    assert_eq!(code(sms_code("12345a")), "wrong_format");
    assert_eq!(postcode(""), Ok(None));
    assert_eq!(postcode("  "), Ok(None));
    assert_eq!(postcode(" 610041 "), Ok(Some("610041".into())));
    assert_eq!(code(postcode("61004")), "wrong_format");
    assert_eq!(code(postcode("6100411")), "wrong_format");
}

#[test]
fn addresses() {
    assert_eq!(
        address_detail("  人民南路四段 9号\n2栋1单元 ").as_deref(),
        Ok("人民南路四段 9号 2栋1单元")
    );
    assert_eq!(address_detail("人民南路9").as_deref(), Ok("人民南路9"));
    assert_eq!(code(address_detail("")), "required");
    assert_eq!(code(address_detail("人民路")), "too_short");
    assert_eq!(code(address_detail(&"路".repeat(121))), "too_long");
    assert!(address_detail(&"路".repeat(120)).is_ok());
    assert_eq!(code(address_detail("人民南路<script>")), "bad_character");
}

fn regions() -> Regions {
    serde_json::from_str(include_str!("../../../../static/data/regions.json")).unwrap()
}

#[test]
fn region_codes() {
    let r = regions();
    assert_eq!(region_code(" 510107 ", None).as_deref(), Ok("510107"));
    assert_eq!(region_code("510107", Some(&r)).as_deref(), Ok("510107"));
    assert_eq!(region_code("519999", None).as_deref(), Ok("519999"));
    assert_eq!(code(region_code("519999", Some(&r))), "unknown_region");
    assert_eq!(code(region_code("990101", None)), "unknown_region");
    assert_eq!(code(region_code("", None)), "required");
    assert_eq!(code(region_code("5101", None)), "wrong_format");
    assert_eq!(code(region_code("51010x", None)), "wrong_format");
}

fn sichuan() -> Vec<String> {
    vec!["51".to_string()]
}

fn offices() -> Vec<Office> {
    ["cd-wuhou", "cd-jinjiang"]
        .into_iter()
        .map(|id| Office {
            id: id.into(),
            name: String::new(),
            address: String::new(),
            hours: String::new(),
            phone: String::new(),
        })
        .collect()
}

fn rules<'a>(
    prefixes: &'a [String],
    offices: &'a [Office],
    regions: Option<&'a Regions>,
) -> FormRules<'a> {
    FormRules {
        today: today(),
        region_prefixes: prefixes,
        min_age: 16,
        offices,
        regions,
        temporary_card: None,
        guardians: false,
    }
}

fn pickup_form() -> FormAnswers {
    FormAnswers {
        name: Some("张三".into()),
        id_number: Some(make_id("510107", d(1990, 3, 7), 123)),
        hukou_region: Some("510107".into()),
        reason: Some(Reason::Lost),
        delivery: Some(DeliveryMethod::Pickup),
        office_id: Some("cd-wuhou".into()),
        ..FormAnswers::default()
    }
}

fn ems_form() -> FormAnswers {
    FormAnswers {
        delivery: Some(DeliveryMethod::Ems),
        office_id: None,
        recipient_name: Some("李四".into()),
        recipient_phone: Some("+86 138-0000-0000".into()),
        address_region: Some("510104".into()),
        address_detail: Some("春熙路 1号 2栋".into()),
        ..pickup_form()
    }
}

fn fields(errors: &[FieldError]) -> Vec<(&str, &str)> {
    errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect()
}

#[test]
fn complete_forms_pass() {
    let (p, o, r) = (sichuan(), offices(), regions());
    for rules in [
        rules(&p, &o, Some(&r)),
        rules(&p, &o, None),
        rules(&[], &[], None),
    ] {
        assert_eq!(check_form(&pickup_form(), &rules, true), vec![]);
        assert_eq!(check_form(&ems_form(), &rules, true), vec![]);
    }
}

#[test]
fn missing_fields_reported_only_when_complete() {
    let (p, o) = (sichuan(), offices());
    let rules = rules(&p, &o, None);
    let empty = FormAnswers::default();
    assert_eq!(check_form(&empty, &rules, false), vec![]);
    let errors = check_form(&empty, &rules, true);
    assert_eq!(
        fields(&errors),
        vec![
            ("name", "required"),
            ("id_number", "required"),
            ("hukou_region", "required"),
            ("reason", "required"),
            ("delivery", "required"),
        ]
    );
    assert_eq!(errors[0].message, "请输入姓名");
    assert_eq!(errors[2].message, "请选择户籍所在地");
    assert_eq!(errors[4].message, "请选择领取方式");

    let blank = FormAnswers {
        name: Some("  ".into()),
        ..pickup_form()
    };
    assert_eq!(check_form(&blank, &rules, false), vec![]);
    assert_eq!(
        fields(&check_form(&blank, &rules, true)),
        vec![("name", "required")]
    );

    let pickup = FormAnswers {
        office_id: None,
        ..pickup_form()
    };
    assert_eq!(
        fields(&check_form(&pickup, &rules, true)),
        vec![("office_id", "required")]
    );

    let ems = FormAnswers {
        delivery: Some(DeliveryMethod::Ems),
        ..pickup_form()
    };
    assert_eq!(
        fields(&check_form(&ems, &rules, true)),
        vec![
            ("recipient_name", "required"),
            ("recipient_phone", "required"),
            ("address_region", "required"),
            ("address_detail", "required"),
        ]
    );
}

#[test]
fn present_fields_are_checked_in_form_order() {
    let (p, o, r) = (sichuan(), offices(), regions());
    let rules = rules(&p, &o, Some(&r));
    let form = FormAnswers {
        postcode: Some("12345".into()),
        name: Some("张三1".into()),
        id_number: Some("51010719900307123".into()),
        hukou_region: Some("519999".into()),
        recipient_phone: Some("028-85551234".into()),
        address_detail: Some("路".into()),
        recipient_name: Some("<b>".into()),
        address_region: Some("990000".into()),
        ..ems_form()
    };
    assert_eq!(
        fields(&check_form(&form, &rules, false)),
        vec![
            ("name", "has_digit"),
            ("id_number", "wrong_length"),
            ("hukou_region", "unknown_region"),
            ("recipient_name", "bad_character"),
            ("recipient_phone", "landline"),
            ("address_region", "unknown_region"),
            ("address_detail", "too_short"),
            ("postcode", "wrong_format"),
        ]
    );
    let wrong_office = FormAnswers {
        office_id: Some("nowhere".into()),
        ..pickup_form()
    };
    assert_eq!(
        fields(&check_form(&wrong_office, &rules, false)),
        vec![("office_id", "unknown_office")]
    );
    // An office left over from switching to EMS does not block.
    let switched = FormAnswers {
        office_id: Some("nowhere".into()),
        ..ems_form()
    };
    assert_eq!(check_form(&switched, &rules, true), vec![]);
}

#[test]
fn eligibility() {
    let (p, o) = (sichuan(), offices());
    let rules = rules(&p, &o, None);
    let elsewhere = FormAnswers {
        id_number: Some(make_id("110101", d(1990, 3, 7), 123)),
        hukou_region: Some("110101".into()),
        ..pickup_form()
    };
    let errors = check_form(&elsewhere, &rules, true);
    assert_eq!(fields(&errors), vec![("hukou_region", "outside_province")]);
    assert!(errors[0].message.contains("四川省"));
    assert!(errors[0].message.contains("异地补领"));
    assert!(errors[0].message.contains("办证中心"));

    // A number first issued in 重庆 (50…) for someone whose 户籍 is now in 成都: the
    // number's prefix says nothing about the 户籍, so the form is accepted.
    let moved = FormAnswers {
        id_number: Some(make_id("500103", d(1985, 6, 1), 123)),
        hukou_region: Some("510104".into()),
        ..pickup_form()
    };
    assert_eq!(check_form(&moved, &rules, true), vec![]);

    let child = FormAnswers {
        id_number: Some(make_id("510107", d(2010, 11, 24), 123)),
        ..pickup_form()
    };
    let errors = check_form(&child, &rules, true);
    assert_eq!(fields(&errors), vec![("id_number", "under_age")]);
    assert!(errors[0].message.contains("监护人"));
    assert!(errors[0].message.contains("户口本"));
    let sixteen_today = FormAnswers {
        id_number: Some(make_id("510107", d(2010, 11, 23), 123)),
        ..pickup_form()
    };
    assert_eq!(check_form(&sixteen_today, &rules, true), vec![]);
}

#[test]
fn id_number_errors_carry_idcard_codes() {
    let rules = rules(&[], &[], None);
    let valid = make_id("510107", d(1990, 3, 7), 123);
    let wrong = format!(
        "{}{}",
        &valid[..17],
        if valid.ends_with('0') { '1' } else { '0' }
    );
    for (input, want) in [
        (wrong.as_str(), "wrong_check_char"),
        ("510107900307123", "first_generation"),
        ("51010719990230123X", "bad_birth_date"),
    ] {
        let form = FormAnswers {
            id_number: Some(input.into()),
            ..FormAnswers::default()
        };
        assert_eq!(
            fields(&check_form(&form, &rules, false)),
            vec![("id_number", want)]
        );
    }
}

#[test]
fn normalising_a_form() {
    let valid = make_id("510107", d(1990, 3, 7), 123);
    let spaced = format!(" {} {} ", &valid[..6], &valid[6..]).to_lowercase();
    let form = FormAnswers {
        name: Some(" 阿依古丽•买买提 ".into()),
        id_number: Some(spaced),
        hukou_region: Some(" 510107".into()),
        recipient_phone: Some("+86 138-0000-0000".into()),
        address_detail: Some("  春熙路1号  ".into()),
        postcode: Some("  ".into()),
        recipient_name: Some("张三1".into()),
        ..ems_form()
    };
    let n = normalize_form(&form);
    assert_eq!(n.name.as_deref(), Some("阿依古丽·买买提"));
    assert_eq!(n.id_number.as_deref(), Some(valid.as_str()));
    assert_eq!(n.hukou_region.as_deref(), Some("510107"));
    assert_eq!(n.recipient_phone.as_deref(), Some("13800000000"));
    assert_eq!(n.address_detail.as_deref(), Some("春熙路1号"));
    assert_eq!(n.postcode, None);
    assert_eq!(
        n.recipient_name.as_deref(),
        Some("张三1"),
        "invalid left as typed"
    );
    assert_eq!(n.reason, form.reason);
    assert_eq!(normalize_form(&n), n, "idempotent");
}

#[test]
fn labels() {
    let labels: Vec<_> = Field::form().map(Field::label).collect();
    assert_eq!(
        labels,
        [
            "姓名",
            "公民身份号码",
            "户籍所在地",
            "补领原因",
            "报警回执号",
            "监护人姓名",
            "监护人公民身份号码",
            "与申请人的关系",
            "领取方式",
            "办证中心",
            "临时居民身份证",
            "收件人",
            "收件人电话",
            "收件地址",
            "详细地址",
            "邮政编码",
            "可代签收人"
        ]
    );
}

#[test]
fn a_police_receipt_is_asked_only_for_a_stolen_card_and_checked_when_given() {
    let mut form = FormAnswers {
        reason: Some(Reason::Lost),
        police_receipt: Some("??".into()),
        ..FormAnswers::default()
    };
    let no_prefixes: [String; 0] = [];
    let r = rules(&no_prefixes, &[], None);
    assert!(
        check_form(&form, &r, false).is_empty(),
        "lost: not part of it"
    );
    form.reason = Some(Reason::Stolen);
    let errors = check_form(&form, &r, false);
    assert_eq!(errors.len(), 1);
    assert_eq!(
        (errors[0].field.as_str(), errors[0].code.as_str()),
        ("police_receipt", "format")
    );
    assert_eq!(
        police_receipt(" jj２０２６１１３０ ").unwrap(),
        "JJ20261130"
    );
    form.police_receipt = None;
    assert!(
        check_form(&form, &r, true)
            .iter()
            .all(|e| e.field != "police_receipt"),
        "never required"
    );
}

#[test]
fn a_temporary_card_only_where_the_profile_makes_one() {
    let mut offices = offices();
    offices[0].name = "武侯区办证中心".into();
    let no_prefixes: [String; 0] = [];
    let offered = TemporaryCardRules {
        fee_fen: 1000,
        ready_within_working_days: 3,
        offices: vec!["cd-wuhou".into()],
    };
    let mut form = FormAnswers {
        delivery: Some(DeliveryMethod::Pickup),
        office_id: Some("cd-jinjiang".into()),
        temporary_card: Some(TemporaryCard::Wanted),
        ..FormAnswers::default()
    };
    let code = |form: &FormAnswers, r: &FormRules| {
        check_form(form, r, false)
            .into_iter()
            .find(|e| e.field == "temporary_card")
            .map(|e| e.code)
    };
    let nowhere = rules(&no_prefixes, &offices, None);
    assert_eq!(code(&form, &nowhere).as_deref(), Some("not_offered"));
    let mut r = rules(&no_prefixes, &offices, None);
    r.temporary_card = Some(&offered);
    assert_eq!(code(&form, &r).as_deref(), Some("office_not_offering"));
    assert!(
        check_form(&form, &r, false)[0]
            .message
            .contains("武侯区办证中心"),
        "names where instead"
    );
    form.office_id = Some("cd-wuhou".into());
    assert_eq!(code(&form, &r), None);
    form.temporary_card = Some(TemporaryCard::NotWanted);
    assert_eq!(code(&form, &nowhere), None, "saying no is always fine");
    form.temporary_card = Some(TemporaryCard::Wanted);
    form.delivery = Some(DeliveryMethod::Ems);
    assert_eq!(code(&form, &nowhere), None, "posted: not part of it");
}

#[test]
fn a_child_applies_through_an_adult_guardian_where_the_profile_allows_it() {
    let no_prefixes: [String; 0] = [];
    let child = make_id("510107", d(2016, 3, 1), 8);
    let parent = make_id("510107", d(1985, 7, 9), 9);
    let form = FormAnswers {
        name: Some("张小明".into()),
        id_number: Some(child.clone()),
        ..FormAnswers::default()
    };
    let mut r = rules(&no_prefixes, &[], None);
    // Without guardians online: the child's number itself is refused.
    let codes: Vec<_> = check_form(&form, &r, true)
        .into_iter()
        .filter(|e| e.field == "id_number")
        .map(|e| e.code)
        .collect();
    assert_eq!(codes, ["under_age"]);
    r.guardians = true;
    assert!(guardian_applies(&form, &r));
    let missing: Vec<_> = check_form(&form, &r, true)
        .into_iter()
        .map(|e| e.field)
        .filter(|f| f.starts_with("guardian"))
        .collect();
    assert_eq!(
        missing,
        ["guardian_name", "guardian_id_number", "guardian_relation"]
    );
    // The guardian is an adult, and not the child.
    let guardian_code = |id: &str| {
        let f = FormAnswers {
            guardian_id_number: Some(id.into()),
            ..form.clone()
        };
        check_form(&f, &r, false)
            .into_iter()
            .find(|e| e.field == "guardian_id_number")
            .map(|e| e.code)
    };
    assert_eq!(guardian_code(&child).as_deref(), Some("guardian_minor"));
    assert_eq!(guardian_code(&parent), None);
    // An adult applicant has no guardian questions at all.
    let adult = FormAnswers {
        id_number: Some(parent.clone()),
        ..form.clone()
    };
    assert!(!guardian_applies(&adult, &r));
    assert!(check_form(&adult, &r, true)
        .iter()
        .all(|e| !e.field.starts_with("guardian")));
    // The face check is the guardian's once one is named.
    let with_guardian = FormAnswers {
        guardian_name: Some("张伟".into()),
        guardian_id_number: Some(parent.clone()),
        ..form
    };
    assert_eq!(
        with_guardian.face_identity().id_number.as_deref(),
        Some(parent.as_str())
    );
    assert_eq!(
        adult.face_identity().id_number.as_deref(),
        Some(parent.as_str())
    );
}
