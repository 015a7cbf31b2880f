//! The lifecycle diagram in `lifecycle.rs` is the truth about every state machine of the
//! service: each arrow drawn is allowed by the code, and each arrow the code allows is
//! drawn.

use std::collections::BTreeSet;

use reissue_domain::delegation::AuthorizationStatus;
use reissue_domain::loss_report::ReportStatus;
use reissue_domain::temporary_card::TemporaryCardStatus;
use reissue_domain::Status;

/// The arrows drawn for one machine, as (from, to) wire names.
fn drawn(machine: &str) -> BTreeSet<(String, String)> {
    let source = include_str!("../src/lifecycle.rs");
    let mut lines = source
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end())
        .skip_while(|l| !l.starts_with("```text"))
        .skip(1)
        .take_while(|l| !l.starts_with("```"));
    let mut arrows = BTreeSet::new();
    let mut inside = false;
    for line in &mut lines {
        if !line.starts_with("  ") {
            inside = line.contains(&format!("({machine})"));
            continue;
        }
        if !inside {
            continue;
        }
        let (from, to) = line.split_once('→').expect("an arrow");
        for to in to.split('|') {
            arrows.insert((from.trim().to_string(), to.trim().to_string()));
        }
    }
    arrows
}

/// The arrows the code allows, from every pair of states.
fn allowed<S: Copy>(
    all: &[S],
    can: impl Fn(S, S) -> bool,
    name: impl Fn(S) -> &'static str,
) -> BTreeSet<(String, String)> {
    let mut arrows = BTreeSet::new();
    for &from in all {
        for &to in all {
            if can(from, to) {
                arrows.insert((name(from).to_string(), name(to).to_string()));
            }
        }
    }
    arrows
}

#[test]
fn the_application_s_arrows_are_the_diagram_s() {
    let code = allowed(&Status::ALL, Status::can_become, Status::as_str);
    assert_eq!(code, drawn("Status"));
    assert_eq!(code.len(), 20);
    for (from, to) in &code {
        assert!(Status::parse(from).is_some() && Status::parse(to).is_some());
    }
}

#[test]
fn the_loss_report_s_arrows_are_the_diagram_s() {
    let code = allowed(
        &ReportStatus::ALL,
        ReportStatus::can_become,
        ReportStatus::as_str,
    );
    assert_eq!(code, drawn("ReportStatus"));
    // Of the 3 × 3 pairs, exactly 2 are arrows; the other 7 are refused.
    assert_eq!(code.len(), 2);
    let refused = ReportStatus::ALL.len().pow(2) - code.len();
    assert_eq!(refused, 7);
}

#[test]
fn the_temporary_card_s_arrows_are_the_diagram_s() {
    let code = allowed(
        &TemporaryCardStatus::ALL,
        TemporaryCardStatus::can_become,
        TemporaryCardStatus::as_str,
    );
    assert_eq!(code, drawn("TemporaryCardStatus"));
    assert_eq!(code.len(), 1);
}

#[test]
fn the_authorisation_s_arrows_are_the_diagram_s() {
    let code = allowed(
        &AuthorizationStatus::ALL,
        AuthorizationStatus::can_become,
        AuthorizationStatus::as_str,
    );
    assert_eq!(code, drawn("AuthorizationStatus"));
    assert_eq!(code.len(), 3);
}
