//! What survives a reload in the browser itself. Only harmless things: the 关怀版 choice
//! (localStorage, remembered across visits), and for this tab the agreed notice version,
//! that 能否在线办理 said yes, and the submit key (sessionStorage). Never an ID number, a
//! name, a birth date, a 户籍 or a photo: those live on the server, in the draft.

use web_sys::Storage;

const CARE_MODE: &str = "reissue.care_mode";
const AGREED_NOTICE: &str = "reissue.agreed_notice";
const ELIGIBLE: &str = "reissue.eligible";
const SUBMIT_KEY: &str = "reissue.submit_key";
const FIXING: &str = "reissue.fixing";

// Plain strings through web-sys: gloo's storage would bring serde_json into the wasm.
fn local() -> Option<Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

fn session() -> Option<Storage> {
    gloo::utils::window().session_storage().ok().flatten()
}

fn get(store: Option<Storage>, key: &str) -> Option<String> {
    store?.get_item(key).ok().flatten()
}

/// A full or disabled storage (private mode, WeChat wiping it) just forgets.
fn set(store: Option<Storage>, key: &str, value: &str) {
    if let Some(s) = store {
        let _ = s.set_item(key, value);
    }
}

pub fn care_mode() -> bool {
    get(local(), CARE_MODE).as_deref() == Some("true")
}

pub fn set_care_mode(on: bool) {
    set(local(), CARE_MODE, if on { "true" } else { "false" });
}

pub fn agreed_notice() -> Option<String> {
    get(session(), AGREED_NOTICE)
}

pub fn set_agreed_notice(version: &str) {
    set(session(), AGREED_NOTICE, version);
}

/// 能否在线办理 said yes in this tab: only the verdict, never the answers (a reload
/// before signing in keeps the way to the SMS code open; the form asks the 户籍 again).
pub fn eligible() -> bool {
    get(session(), ELIGIBLE).as_deref() == Some("online")
}

pub fn set_eligible(on: bool) {
    match (on, session()) {
        (true, store) => set(store, ELIGIBLE, "online"),
        (false, Some(s)) => {
            let _ = s.remove_item(ELIGIBLE);
        }
        (false, None) => {}
    }
}

/// The Idempotency-Key for the current draft's submit, created once and reused by every
/// retry, double tap or reload until the submit succeeds.
pub fn submit_key() -> String {
    if let Some(key) = get(session(), SUBMIT_KEY) {
        return key;
    }
    let key = random_key();
    set(session(), SUBMIT_KEY, &key);
    key
}

pub fn clear_submit_key() {
    if let Some(s) = session() {
        let _ = s.remove_item(SUBMIT_KEY);
    }
}

/// The number of the rejected application being corrected, so a reload (the vendor's
/// liveness page, the camera killing the webview) does not drop the correction. Only
/// the number: the answers come back from the server.
pub fn fixing() -> Option<String> {
    get(session(), FIXING)
}

pub fn set_fixing(number: Option<&str>) {
    match (number, session()) {
        (Some(n), s) => set(s, FIXING, n),
        (None, Some(s)) => {
            let _ = s.remove_item(FIXING);
        }
        (None, None) => {}
    }
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
