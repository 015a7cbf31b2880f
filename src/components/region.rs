use std::rc::Rc;

use reissue_domain::region::Regions;
use yew::prelude::*;

use super::{select_field, SelectFieldProps};
use crate::text;

#[derive(Properties, PartialEq)]
pub struct RegionSelectProps {
    /// The field key; the district select gets the field's id so errors link to it.
    pub field: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    /// The chosen district code.
    pub value: Option<String>,
    pub regions: Rc<Regions>,
    /// The province chosen to start with, when nothing is answered yet.
    #[prop_or_default]
    pub default_province: Option<String>,
    #[prop_or_default]
    pub error: Option<String>,
    /// Emits the district code once one is chosen, `None` while incomplete.
    pub onchange: Callback<Option<String>>,
}

/// Province → city → district, each a native select (the phone's own picker).
#[function_component(RegionSelect)]
pub fn region_select(props: &RegionSelectProps) -> Html {
    let initial = props.value.clone().unwrap_or_default();
    let province = use_state(|| {
        initial
            .get(0..2)
            .map(str::to_string)
            .or_else(|| props.default_province.clone())
            .unwrap_or_default()
    });
    let city = use_state(|| initial.get(0..4).map(str::to_string).unwrap_or_default());
    let district = props.value.clone().unwrap_or_default();

    let provinces: Vec<(String, String)> = props
        .regions
        .provinces
        .iter()
        .map(|p| (p.code.clone(), p.name.clone()))
        .collect();
    let chosen_province = props.regions.provinces.iter().find(|p| p.code == *province);
    let cities: Vec<(String, String)> = chosen_province
        .map(|p| {
            p.cities
                .iter()
                .map(|c| (c.code.clone(), c.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let districts: Vec<(String, String)> = chosen_province
        .and_then(|p| p.cities.iter().find(|c| c.code == *city))
        .map(|c| {
            c.districts
                .iter()
                .map(|d| (d.code.clone(), d.name.clone()))
                .collect()
        })
        .unwrap_or_default();

    let on_province = {
        let (province, city, cb) = (province.clone(), city.clone(), props.onchange.clone());
        Callback::from(move |v: String| {
            province.set(v);
            city.set(String::new());
            cb.emit(None);
        })
    };
    let on_city = {
        let (city, cb) = (city.clone(), props.onchange.clone());
        Callback::from(move |v: String| {
            city.set(v);
            cb.emit(None);
        })
    };
    let on_district = {
        let cb = props.onchange.clone();
        Callback::from(move |v: String| cb.emit((!v.is_empty()).then_some(v)))
    };
    let id = super::field_id(&props.field);
    // The error belongs to the first select still to choose, where the user must act.
    let (e1, e2, e3) = match (province.is_empty(), city.is_empty()) {
        (true, _) => (props.error.clone(), None, None),
        (false, true) => (None, props.error.clone(), None),
        _ => (None, None, props.error.clone()),
    };
    let first_id = if province.is_empty() {
        id.clone()
    } else {
        format!("{id}-province")
    };
    let city_id = if !province.is_empty() && city.is_empty() {
        id.clone()
    } else {
        format!("{id}-city")
    };
    let district_id = if !province.is_empty() && !city.is_empty() {
        id.clone()
    } else {
        format!("{id}-district")
    };
    html! {
        <fieldset class="field fieldset region">
            <legend class="label">{ props.label.clone() }</legend>
            if let Some(h) = &props.hint { <p class="hint">{ h.clone() }</p> }
            { select_field(&yew::props!(SelectFieldProps {
                id: first_id, label: text::PROVINCE, options: provinces, value: (*province).clone(),
                error: e1, onchange: on_province,
            })) }
            { select_field(&yew::props!(SelectFieldProps {
                id: city_id, label: text::CITY, options: cities, value: (*city).clone(),
                error: e2, onchange: on_city, disabled: province.is_empty(),
            })) }
            { select_field(&yew::props!(SelectFieldProps {
                id: district_id, label: text::DISTRICT, options: districts, value: district,
                error: e3, onchange: on_district, disabled: city.is_empty(),
            })) }
        </fieldset>
    }
}
