use yew::prelude::*;

/// A number read out or copied by people (ID 6-8-4, mobile 3-4-4), in groups that never
/// break across lines: a phone may wrap between groups only. `groups` are the sizes
/// left to right; what is left over is one more group. A plain function, not a
/// component: it has no state, and every component is code each phone downloads.
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
    let last = parts.len().saturating_sub(1);
    html! {
        <span class="number">
            { for parts.into_iter().enumerate().map(|(i, p)| html! {
                <><span class="number-group">{ p }</span>if i < last { { " " } }</>
            }) }
        </span>
    }
}

/// The groups of a resident ID number: region, birth date, sequence and check.
pub const ID_GROUPS: &[usize] = &[6, 8, 4];
/// The groups of a mainland mobile number.
pub const PHONE_GROUPS: &[usize] = &[3, 4, 4];
