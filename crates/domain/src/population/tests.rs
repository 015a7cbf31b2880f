use super::*;
use crate::idcard::make_id;

fn profile(name: &str) -> ServiceProfile {
    let text = match name {
        "sichuan" => include_str!("../../../../profiles/sichuan.json"),
        "shanghai" => include_str!("../../../../profiles/shanghai.json"),
        _ => include_str!("../../../../profiles/guangdong.json"),
    };
    serde_json::from_str(text).unwrap()
}

fn today() -> Date {
    Date::new(2026, 12, 1).unwrap()
}

fn years_ago(n: i32) -> String {
    let t = today();
    Date::new(t.year - n, t.month, t.day).unwrap().to_string()
}

/// A Shanghai adult who meets every rule: card and photo two years old, fingerprints.
fn resident(hukou: &str, born: (i32, u8, u8)) -> Resident {
    let birth = Date::new(born.0, born.1, born.2).unwrap();
    Resident {
        id_number: make_id(hukou, birth, 21),
        name: "张三".into(),
        hukou_region: hukou.into(),
        card_issued_on: years_ago(2),
        card_issued_region: hukou.into(),
        fingerprints: true,
        long_term: false,
        photo_taken_on: Some(years_ago(2)),
    }
}

fn codes(v: &Verdict) -> Vec<&'static str> {
    v.not_online.iter().map(|r| r.code()).collect()
}

#[test]
fn shanghai_takes_a_recent_card_with_fingerprints_and_reuses_its_photo() {
    let p = profile("shanghai");
    let r = resident("310101", (1990, 3, 7));
    let v = assess(Some(&r), "张三", &p, today());
    assert!(v.not_online.is_empty(), "{v:?}");
    assert_eq!(v.photo_on_record, Some(years_ago(2)));
    let check = v.to_check(&p);
    assert!(check.online && check.reasons.is_empty());
}

#[test]
fn shanghai_refuses_an_old_card_one_from_elsewhere_no_fingerprints_or_an_old_photo() {
    let p = profile("shanghai");
    let mut old = resident("310101", (1990, 3, 7));
    old.card_issued_on = years_ago(6);
    assert_eq!(
        codes(&assess(Some(&old), "张三", &p, today())),
        ["card_too_old"]
    );

    let mut elsewhere = resident("310101", (1990, 3, 7));
    elsewhere.card_issued_region = "510104".into();
    let v = assess(Some(&elsewhere), "张三", &p, today());
    assert_eq!(codes(&v), ["card_issued_elsewhere"]);
    assert!(v.not_online[0].message(&p).contains("上海市"));

    let mut no_prints = resident("310101", (1990, 3, 7));
    no_prints.fingerprints = false;
    assert_eq!(
        codes(&assess(Some(&no_prints), "张三", &p, today())),
        ["no_fingerprints"]
    );

    // A card within five years whose photo is older (the card was renewed on an old
    // photo): the photo on record is the only source, so the window.
    let mut old_photo = resident("310101", (1990, 3, 7));
    old_photo.photo_taken_on = Some(years_ago(6));
    let v = assess(Some(&old_photo), "张三", &p, today());
    assert_eq!(codes(&v), ["no_usable_photo"]);
    assert!(v.not_online[0].message(&p).contains("5 年"));
    assert_eq!(v.photo_on_record, None);
}

/// Seed 001: （16周岁以下近3年内）办理过居民身份证…人像照片（16周岁以下3年内）. A
/// Shanghai child applies online through a guardian, under the 3-year limits.
#[test]
fn a_shanghai_child_applies_through_a_guardian_with_a_card_under_three_years() {
    let p = profile("shanghai");
    assert!(p.guardians_online);
    let child = resident("310101", (2016, 6, 1));
    let v = assess(Some(&child), "张三", &p, today());
    assert!(
        v.not_online.is_empty(),
        "a 2-year-old card and photo: {v:?}"
    );
    assert_eq!(v.photo_on_record, Some(years_ago(2)));

    let mut older = resident("310101", (2016, 6, 1));
    older.card_issued_on = years_ago(4);
    older.photo_taken_on = Some(years_ago(4));
    let v = assess(Some(&older), "张三", &p, today());
    assert_eq!(codes(&v), ["card_too_old", "no_usable_photo"]);
    assert_eq!(v.not_online[0], NotOnline::CardTooOld { years: 3 });
    // The same card is young enough for an adult (5 years).
    let mut adult = resident("310101", (1990, 3, 7));
    adult.card_issued_on = years_ago(4);
    adult.photo_taken_on = Some(years_ago(4));
    assert!(assess(Some(&adult), "张三", &p, today())
        .not_online
        .is_empty());
}

#[test]
fn shanghai_from_seventy_a_long_term_card_issued_there_is_enough() {
    let p = profile("shanghai");
    let mut elder = resident("310104", (1950, 5, 1));
    elder.card_issued_on = "2010-06-01".into();
    elder.photo_taken_on = Some("2010-05-20".into());
    elder.long_term = true;
    let v = assess(Some(&elder), "张三", &p, today());
    assert!(v.not_online.is_empty(), "{v:?}");
    assert_eq!(v.photo_on_record.as_deref(), Some("2010-05-20"));

    // The same card at 69 is just an old card.
    let mut younger = elder.clone();
    younger.id_number = make_id("310104", Date::new(1957, 5, 1).unwrap(), 21);
    assert_eq!(
        codes(&assess(Some(&younger), "张三", &p, today())),
        ["card_too_old", "no_usable_photo"]
    );
    // And without the long-term card, at 76 too.
    elder.long_term = false;
    assert_eq!(
        codes(&assess(Some(&elder), "张三", &p, today())),
        ["card_too_old", "no_usable_photo"]
    );
}

#[test]
fn a_name_that_does_not_match_the_register_is_not_found() {
    let p = profile("shanghai");
    let r = resident("310101", (1990, 3, 7));
    assert_eq!(
        codes(&assess(Some(&r), "李四", &p, today())),
        ["not_in_register"]
    );
    assert_eq!(
        codes(&assess(None, "张三", &p, today())),
        ["not_in_register"]
    );
    // Spaces around the name as typed do not count.
    assert!(assess(Some(&r), " 张三 ", &p, today())
        .not_online
        .is_empty());
}

#[test]
fn guangdong_needs_its_hukou_sixteen_years_and_fingerprints_but_no_card_age() {
    let p = profile("guangdong");
    let mut r = resident("440106", (1985, 1, 2));
    r.card_issued_on = "2008-01-01".into();
    r.photo_taken_on = Some("2008-01-01".into());
    let v = assess(Some(&r), "张三", &p, today());
    assert!(v.not_online.is_empty(), "{v:?}");
    assert_eq!(
        v.photo_on_record, None,
        "Guangdong takes a receipt, not the record"
    );

    let mut child = resident("440106", (2012, 1, 2));
    child.fingerprints = false;
    assert_eq!(
        codes(&assess(Some(&child), "张三", &p, today())),
        ["under_age", "no_fingerprints"]
    );
    let outsider = resident("510104", (1985, 1, 2));
    assert_eq!(
        codes(&assess(Some(&outsider), "张三", &p, today())),
        ["outside_province", "card_issued_elsewhere"]
    );
}

/// Seed 002: 已在我省公安机关办理过带有指纹信息的二代居民身份证. A 广东 户籍 whose last
/// (fingerprinted) card was issued in another province goes to a window, however new
/// that card is; Guangdong sets no limit on the card's age.
#[test]
fn guangdong_wants_the_last_card_issued_in_guangdong() {
    let p = profile("guangdong");
    let mut r = resident("440106", (1985, 1, 2));
    r.card_issued_region = "510104".into();
    r.card_issued_on = "2024-05-01".into();
    assert_eq!(
        codes(&assess(Some(&r), "张三", &p, today())),
        ["card_issued_elsewhere"]
    );
    r.card_issued_region = "440305".into();
    assert!(assess(Some(&r), "张三", &p, today()).not_online.is_empty());
}

#[test]
fn sichuan_offers_any_photo_on_record_and_else_the_camera() {
    let p = profile("sichuan");
    let mut r = resident("510104", (1990, 3, 7));
    r.photo_taken_on = Some("2004-01-01".into());
    let v = assess(Some(&r), "张三", &p, today());
    assert!(v.not_online.is_empty());
    assert_eq!(v.photo_on_record.as_deref(), Some("2004-01-01"));
    // Sichuan decides by the 户籍 and the age on the form: someone the register does
    // not know may still apply, with a photo from the camera.
    assert!(assess(None, "张三", &p, today()).not_online.is_empty());
    assert_eq!(
        codes(&assess(Some(&r), "李四", &p, today())),
        ["not_in_register"]
    );
    r.photo_taken_on = None;
    let v = assess(Some(&r), "张三", &p, today());
    assert!(v.not_online.is_empty(), "the camera is still there");
    assert_eq!(v.photo_on_record, None);
    let choice = CardPhotoChoice {
        source: PhotoSource::OnRecord,
        receipt: None,
    };
    let e = check_card_photo(&choice, &p, Some(&r.id_number), None, &v, None, today()).unwrap_err();
    assert_eq!(e.code, "no_photo_on_record");
}

#[test]
fn a_receipt_must_look_right_exist_be_the_applicants_in_date_and_for_their_city() {
    let p = profile("guangdong");
    let r = resident("440106", (1985, 1, 2));
    let v = assess(Some(&r), "张三", &p, today());
    let choice = |n: &str| CardPhotoChoice {
        source: PhotoSource::Receipt,
        receipt: Some(n.into()),
    };
    let receipt = |id: &str, until: &str| PhotoReceipt {
        number: "GD4401202611300001".into(),
        id_number: id.into(),
        valid_until: until.into(),
        city: "4401".into(),
    };
    let check = |c: &CardPhotoChoice, rec: Option<&PhotoReceipt>| {
        check_card_photo(c, &p, Some(&r.id_number), Some("440106"), &v, rec, today())
            .map_err(|e| e.code)
    };
    assert_eq!(check(&choice("12345"), None), Err("receipt_format".into()));
    assert_eq!(
        check(&choice("GD4401-2026-1130-0001!"), None),
        Err("receipt_format".into())
    );
    assert_eq!(check(&choice(""), None), Err("required".into()));
    assert_eq!(
        check(&choice("gd4401202611300001"), None),
        Err("receipt_unknown".into())
    );
    let mine = receipt(&r.id_number, "2027-05-30");
    let theirs = receipt("440106198501020030", "2027-05-30");
    let expired = receipt(&r.id_number, "2026-11-30");
    assert_eq!(
        check(&choice("GD4401202611300001"), Some(&theirs)),
        Err("receipt_not_yours".into())
    );
    assert_eq!(
        check(&choice("GD4401202611300001"), Some(&expired)),
        Err("receipt_expired".into())
    );
    // Seed 002: 办证城市一定不能填错. Taken for 深圳 by a 广州 resident: refused.
    let shenzhen = PhotoReceipt {
        city: "4403".into(),
        ..mine.clone()
    };
    assert_eq!(
        check(&choice("GD4401202611300001"), Some(&shenzhen)),
        Err("receipt_wrong_city".into())
    );
    // Typed in lower case with spaces, kept as printed.
    assert_eq!(
        check(&choice("gd4401 2026 1130 0001"), Some(&mine)),
        Ok(choice("GD4401202611300001"))
    );
    // A source the profile does not offer.
    let camera = CardPhotoChoice {
        source: PhotoSource::Camera,
        receipt: None,
    };
    assert_eq!(check(&camera, None), Err("source_not_offered".into()));
}
