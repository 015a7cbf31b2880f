use yew::prelude::*;

/// A number read out or copied by people (ID 6-8-4, mobile 3-4-4, application number),
/// in groups that never break across lines: a phone may wrap between groups only. The
/// gaps are margins, not spaces, so what is copied or read out is the number itself.
/// `groups` are the sizes left to right; what is left over is one more group. A plain
/// function, not a component: it has no state, and every component is code each phone
/// downloads.
pub fn grouped(value: &str, groups: &[usize]) -> Html {
    let chars: Vec<char> = value.chars().collect();
    let mut parts: Vec<String> = Vec::new();
    let mut at = 0;
    for size in groups {
        if at >= chars.len() {
            break;
        }
        let end = (at + size).min(chars.len());
        parts.push(chars[at..end].iter().collect());
        at = end;
    }
    if at < chars.len() {
        parts.push(chars[at..].iter().collect());
    }
    html! {
        <span class="number">
            { for parts.into_iter().map(|p| html! { <span class="number-group">{ p }</span> }) }
        </span>
    }
}

/// The groups of a resident ID number: region, birth date, sequence and check.
pub const ID_GROUPS: &[usize] = &[6, 8, 4];
/// The groups of an application number: letters, date, sequence (BL 20261123 000001).
pub const APP_NUMBER_GROUPS: &[usize] = &[2, 8];
/// The groups of a mainland mobile number.
pub const PHONE_GROUPS: &[usize] = &[3, 4, 4];
