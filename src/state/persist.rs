//! What survives a reload in the browser itself. Only harmless things: the 关怀版 choice
//! (localStorage, remembered across visits), and for this tab the agreed notice version
//! and the submit key (sessionStorage). Never an ID number, a name or a photo: those
//! live on the server, in the draft.

use gloo::storage::{LocalStorage, SessionStorage, Storage};

const CARE_MODE: &str = "reissue.care_mode";
const AGREED_NOTICE: &str = "reissue.agreed_notice";
const SUBMIT_KEY: &str = "reissue.submit_key";

pub fn care_mode() -> bool {
    LocalStorage::get::<bool>(CARE_MODE).unwrap_or(false)
}

pub fn set_care_mode(on: bool) {
    // A full or disabled storage (private mode, WeChat wipes) just forgets the choice.
    let _ = LocalStorage::set(CARE_MODE, on);
}

pub fn agreed_notice() -> Option<String> {
    SessionStorage::get::<String>(AGREED_NOTICE).ok()
}

pub fn set_agreed_notice(version: &str) {
    let _ = SessionStorage::set(AGREED_NOTICE, version);
}

/// The Idempotency-Key for the current draft's submit, created once and reused by every
/// retry, double tap or reload until the submit succeeds.
pub fn submit_key() -> String {
    if let Ok(key) = SessionStorage::get::<String>(SUBMIT_KEY) {
        return key;
    }
    let key = random_key();
    let _ = SessionStorage::set(SUBMIT_KEY, &key);
    key
}

pub fn clear_submit_key() {
    SessionStorage::delete(SUBMIT_KEY);
}

fn random_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = gloo::utils::window()
        .crypto()
        .ok()
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
