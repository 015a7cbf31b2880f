use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GroupedProps {
    /// The digits, as the person typed or the server holds them.
    pub value: AttrValue,
    /// The sizes of the groups, left to right; what is left over is one more group.
    pub groups: &'static [usize],
}

/// A number read out or copied by people (ID 6-8-4, mobile 3-4-4, application number),
/// in groups that never break across lines: a phone may wrap between groups only.
/// Copying it gives the digits without spaces.
#[function_component(Grouped)]
pub fn grouped(props: &GroupedProps) -> Html {
    let chars: Vec<char> = props.value.chars().collect();
    let mut parts = Vec::new();
    let mut at = 0;
    for size in props.groups {
        if at >= chars.len() {
            break;
        }
        let end = (at + size).min(chars.len());
        parts.push(chars[at..end].iter().collect::<String>());
        at = end;
    }
    if at < chars.len() {
        parts.push(chars[at..].iter().collect::<String>());
    }
    let last = parts.len().saturating_sub(1);
    html! {
        <span class="number">
            { for parts.into_iter().enumerate().map(|(i, p)| html! {
                <><span class="number-group">{ p }</span>if i < last { <span class="number-gap">{ " " }</span> }</>
            }) }
        </span>
    }
}

/// The groups of a resident ID number: region, birth date, sequence and check.
pub const ID_GROUPS: &[usize] = &[6, 8, 4];
/// The groups of a mainland mobile number.
pub const PHONE_GROUPS: &[usize] = &[3, 4, 4];
