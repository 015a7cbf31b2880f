//! The mock population register's seed: the test residents the README lists, each
//! exercising one rule, and the photo receipts.

use reissue_domain::date::Date;
use reissue_domain::idcard::make_id;
use reissue_domain::population::{PhotoReceipt, Resident};

use super::store;
use rusqlite::Connection;

/// One seeded resident: name, 户籍 district, birth date, and the last card.
struct Seed {
    name: &'static str,
    hukou: &'static str,
    born: (i32, u8, u8),
    /// Years since the last card was issued, and where (None: in the 户籍 district).
    card_years_ago: i32,
    card_region: Option<&'static str>,
    fingerprints: bool,
    long_term: bool,
    /// Years since the photo on record was taken (None: no photo).
    photo_years_ago: Option<i32>,
}

const fn resident(name: &'static str, hukou: &'static str, born: (i32, u8, u8)) -> Seed {
    Seed {
        name,
        hukou,
        born,
        card_years_ago: 2,
        card_region: None,
        fingerprints: true,
        long_term: false,
        photo_years_ago: Some(2),
    }
}

/// The test residents. Dates of cards and photos are counted back from the day the
/// server starts, so every rule keeps the answer the README gives.
const SEEDS: &[Seed] = &[
    // 四川省
    resident("张伟", "510107", (1990, 5, 17)),
    Seed {
        photo_years_ago: None,
        ..resident("李娜", "510104", (1988, 8, 8))
    },
    resident("王小明", "510106", (2013, 2, 14)),
    // 上海市
    resident("陈静", "310101", (1991, 3, 7)),
    Seed {
        card_years_ago: 6,
        photo_years_ago: Some(6),
        ..resident("刘洋", "310104", (1985, 9, 9))
    },
    Seed {
        card_region: Some("510104"),
        ..resident("赵敏", "310115", (1993, 4, 1))
    },
    Seed {
        fingerprints: false,
        ..resident("孙丽", "310101", (1987, 12, 1))
    },
    Seed {
        photo_years_ago: Some(6),
        ..resident("吴芳", "310105", (1989, 6, 30))
    },
    Seed {
        card_years_ago: 16,
        photo_years_ago: Some(16),
        long_term: true,
        ..resident("周建国", "310104", (1950, 10, 1))
    },
    // 广东省
    resident("黄伟", "440106", (1986, 1, 2)),
    Seed {
        fingerprints: false,
        ..resident("林晓", "440104", (1992, 7, 7))
    },
    resident("梁志强", "440103", (1983, 11, 11)),
    // 上海市 children (a guardian applies; the limits are 3 years under 16).
    resident("陈小雨", "310101", (2016, 6, 1)),
    Seed {
        card_years_ago: 4,
        photo_years_ago: Some(4),
        ..resident("刘小天", "310104", (2015, 3, 3))
    },
    // Last card issued in 四川 (广东 wants it issued in 广东).
    Seed {
        card_region: Some("510104"),
        ..resident("郑凯", "440105", (1990, 2, 20))
    },
];

/// The seeded photo receipts: (number, whose (index in [`SEEDS`]), days valid from today
/// (negative: expired), the 办证城市 chosen at the studio).
const RECEIPTS: &[(&str, usize, i64, &str)] = &[
    ("GD4401062026110001", 9, 180, "4401"),
    ("GD4401032025050001", 11, -30, "4401"),
    // 黄伟's, with 深圳 as the 办证城市: he is a 广州 resident.
    ("GD4403052026110002", 9, 180, "4403"),
];

fn years_ago(today: Date, years: i32) -> String {
    Date::new(today.year - years, today.month, today.day.min(28))
        .expect("a day of the month every month has")
        .to_string()
}

fn seed_id(s: &Seed) -> String {
    let born = Date::new(s.born.0, s.born.1, s.born.2).expect("a real birth date");
    make_id(s.hukou, born, 123)
}

/// Writes the test residents and receipts, dated from `today` (again at every start).
pub fn seed(conn: &Connection, today: Date) -> rusqlite::Result<()> {
    for s in SEEDS {
        store::put_resident(
            conn,
            &Resident {
                id_number: seed_id(s),
                name: s.name.to_string(),
                hukou_region: s.hukou.to_string(),
                card_issued_on: years_ago(today, s.card_years_ago),
                card_issued_region: s.card_region.unwrap_or(s.hukou).to_string(),
                fingerprints: s.fingerprints,
                long_term: s.long_term,
                photo_taken_on: s.photo_years_ago.map(|y| years_ago(today, y)),
            },
        )?;
    }
    for (number, whose, days, city) in RECEIPTS {
        store::put_photo_receipt(
            conn,
            &PhotoReceipt {
                number: number.to_string(),
                id_number: seed_id(&SEEDS[*whose]),
                valid_until: Date::from_days(today.to_days() + days).to_string(),
                city: city.to_string(),
            },
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reissue_domain::idcard;

    #[test]
    fn seeded_ids_are_valid_and_distinct() {
        let today = Date::new(2026, 12, 1).unwrap();
        let mut ids: Vec<String> = SEEDS.iter().map(seed_id).collect();
        for id in &ids {
            idcard::parse(id, today).unwrap();
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), SEEDS.len());
    }

    #[test]
    fn the_readme_lists_every_seeded_resident_and_receipt() {
        let readme = include_str!("../../../../README.md");
        for s in SEEDS {
            let row = format!("| {} | {} |", s.name, seed_id(s));
            assert!(readme.contains(&row), "README: {row}");
        }
        for (number, _, _, _) in RECEIPTS {
            assert!(readme.contains(number), "README: {number}");
        }
    }
}
