//! Service profiles: the three built in (`sichuan`, the default; `shanghai`;
//! `guangdong`) are the data files in `profiles/`, compiled in so the binary needs
//! nothing beside it; any other profile is a JSON file of the same shape.

use reissue_domain::api::ServiceProfile;

/// The built-in profiles, by name.
pub const BUILT_IN: [(&str, &str); 3] = [
    ("sichuan", include_str!("../../../profiles/sichuan.json")),
    ("shanghai", include_str!("../../../profiles/shanghai.json")),
    (
        "guangdong",
        include_str!("../../../profiles/guangdong.json"),
    ),
];

/// A built-in profile's name, or a path to a JSON file holding a [`ServiceProfile`].
pub fn load(name: &str, mock: bool) -> Result<ServiceProfile, String> {
    let mut profile: ServiceProfile = match BUILT_IN.iter().find(|(n, _)| *n == name) {
        Some((_, text)) => serde_json::from_str(text).map_err(|e| format!("profile {name}: {e}"))?,
        None if name.ends_with(".json") => {
            let text = std::fs::read_to_string(name).map_err(|e| format!("profile {name}: {e}"))?;
            serde_json::from_str(&text).map_err(|e| format!("profile {name}: {e}"))?
        }
        None => {
            return Err(format!(
                "unknown profile {name:?}: use `sichuan`, `shanghai`, `guangdong` or a path to a .json profile"
            ))
        }
    };
    if profile.id.is_empty() {
        profile.id = name.to_string();
    }
    profile.mock = mock;
    Ok(profile)
}

/// The default profile.
pub fn sichuan() -> ServiceProfile {
    load("sichuan", false).expect("the built-in profile parses")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_profile_loads_with_its_own_name_and_offices() {
        for (name, _) in BUILT_IN {
            let p = load(name, true).unwrap();
            assert_eq!(p.id, name);
            assert!(p.mock);
            assert_eq!(p.offices.len(), 3, "{name}");
            assert!(!p.appointments.slots.is_empty() && p.appointments.per_slot > 0);
            assert!(!p.photo_sources.is_empty(), "{name}");
        }
        assert!(load("beijing", false).unwrap_err().contains("shanghai"));
    }

    #[test]
    fn each_province_promises_the_times_its_own_source_gives() {
        // Sichuan (微户政): 审核 1-3 个工作日, 制作 15-20 个工作日, 邮寄通常 3-5 天送达.
        let sichuan = load("sichuan", true).unwrap().working_days;
        assert_eq!(
            (sichuan.review, sichuan.production, sichuan.delivery),
            ((1, 3), (15, 20), (3, 5))
        );
        // Shanghai (随申办): made and handed to EMS 4 to 5 working days after acceptance.
        assert_eq!(
            load("shanghai", true).unwrap().working_days.production,
            (4, 5)
        );
    }
}
