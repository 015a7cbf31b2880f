//! The bad-input catalogue against the server's handlers (issue 7): each input gets a
//! field error with a message, nothing crashes, and the good spellings are accepted and
//! normalised.

mod common;

use common::*;
use reissue_domain::date::Date;
use reissue_domain::idcard;
use serde_json::{json, Value};

fn with_check(first17: &str) -> String {
    format!("{first17}{}", idcard::check_char(first17.as_bytes()))
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            _ => c,
        })
        .collect()
}

#[tokio::test]
async fn form_fields_catalogue() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(1)).await;
    let good = idcard::make_id("510107", Date::new(1990, 5, 17).unwrap(), 123);
    let with_x = (0..1000u16)
        .map(|s| idcard::make_id("510107", Date::new(1985, 1, 2).unwrap(), s))
        .find(|id| id.ends_with('X'))
        .unwrap();
    let mut wrong_check = good.clone();
    let last = wrong_check.pop().unwrap();
    wrong_check.push(if last == '0' { '1' } else { '0' });
    let today = ts.clock.today();
    let under_age = idcard::make_id("510107", Date::new(today.year - 15, 1, 1).unwrap(), 11);

    // (field, value, accepted?, normalised value when accepted)
    let beijing = idcard::make_id("110101", Date::new(1990, 5, 17).unwrap(), 5);
    let cases: Vec<(&str, String, bool, Option<String>)> = vec![
        ("id_number", good.clone(), true, Some(good.clone())),
        (
            "id_number",
            with_x.to_lowercase(),
            true,
            Some(with_x.clone()),
        ),
        ("id_number", full_width(&good), true, Some(good.clone())),
        (
            "id_number",
            format!("{} {} {}", &good[..6], &good[6..14], &good[14..]),
            true,
            Some(good.clone()),
        ),
        ("id_number", wrong_check, false, None),
        ("id_number", with_check("51010719990230123"), false, None),
        ("id_number", with_check("51010720990101123"), false, None),
        ("id_number", with_check("99010719900517123"), false, None),
        ("id_number", good[..17].to_string(), false, None),
        ("id_number", format!("{good}1"), false, None),
        ("id_number", "510107900517123".into(), false, None),
        // A child's number is taken: in Sichuan a guardian applies for them (the
        // guardian's questions follow; tests/guardian.rs).
        ("id_number", under_age.clone(), true, Some(under_age)),
        // First issued in 北京: the number's prefix is not the 户籍, so it is accepted
        // (the 户籍 answer decides who may apply).
        ("id_number", beijing.clone(), true, Some(beijing)),
        (
            "recipient_phone",
            "+86 138 0013 8000".into(),
            true,
            Some("13800138000".into()),
        ),
        (
            "recipient_phone",
            "138-0013-8000".into(),
            true,
            Some("13800138000".into()),
        ),
        ("recipient_phone", "1380013800".into(), false, None),
        ("recipient_phone", "028-85551234".into(), false, None),
        (
            "name",
            "阿依古丽·买买提".into(),
            true,
            Some("阿依古丽·买买提".into()),
        ),
        ("name", "张三😀".into(), false, None),
        ("name", "张3".into(), false, None),
        ("name", "张".repeat(31), false, None),
        ("name", "<script>alert(1)</script>".into(), false, None),
        ("address_detail", "一号".into(), false, None),
        ("address_detail", "路".repeat(121), false, None),
        ("postcode", "61002".into(), false, None),
        ("hukou_region", "510107".into(), true, Some("510107".into())),
        ("hukou_region", "110101".into(), false, None),
        ("hukou_region", "51".into(), false, None),
    ];
    for (field, value, ok, normalised) in cases {
        let mut form = serde_json::Map::new();
        if field == "recipient_phone" || field == "address_detail" || field == "postcode" {
            form.insert("delivery".into(), json!("ems"));
        }
        form.insert(field.into(), json!(value));
        let res = put_draft(&ts, &c, json!({ "form": form })).await;
        let status = res.status().as_u16();
        let body: Value = res.json().await.unwrap();
        if ok {
            assert_eq!(status, 200, "{field} {value:?}: {body}");
            assert_eq!(
                body["form"][field],
                json!(normalised.unwrap()),
                "{field} {value:?}"
            );
        } else {
            assert_eq!(status, 422, "{field} {value:?}: {body}");
            let err = body["fields"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["field"] == field)
                .unwrap_or_else(|| panic!("{field} {value:?}: {body}"));
            assert!(!err["message"].as_str().unwrap().is_empty());
            assert!(!err["code"].as_str().unwrap().is_empty());
        }
    }
}
