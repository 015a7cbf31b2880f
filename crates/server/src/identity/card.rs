//! What is done to a card is told to its people: whoever acted (the holder from another
//! phone, a guardian, someone who should not have), the applicant of every open
//! application for the card and the owner of its loss report hear of it in their inbox
//! (and by SMS and WeChat, as every message goes).

use reissue_domain::identity::Act;
use reissue_domain::notify::MessageKind;
use rusqlite::Connection;

use crate::clock::Millis;

/// Tells the people of card `card` that `act` was done, under `reference` (a 挂失回执号
/// or an application number), and also the phones in `also` (a report's owner once the
/// report is no longer open); not `told_already`, a phone that has its own message about
/// the act (the reporter's 挂失已登记).
pub fn tell(
    conn: &Connection,
    card: &str,
    act: Act,
    reference: &str,
    also: &[&str],
    told_already: Option<&str>,
    now: Millis,
) -> rusqlite::Result<()> {
    let mut phones: Vec<String> = crate::applications::store::open_apps_for_card(conn, card)?
        .into_iter()
        .map(|a| a.phone)
        .collect();
    if let Some(r) = crate::loss_reports::store::open_report(conn, card)? {
        phones.push(r.phone);
    }
    phones.extend(also.iter().map(|p| p.to_string()));
    phones.sort();
    phones.dedup();
    phones.retain(|p| Some(p.as_str()) != told_already);
    let detail = act.told(card, reference);
    for phone in &phones {
        let key = format!("{reference}:{}:{phone}:{now}", act.what());
        crate::messages::store::add_message(
            conn,
            phone,
            MessageKind::CardActivity,
            reference,
            Some(&detail),
            &key,
            now,
        )?;
    }
    Ok(())
}
