//! The two cookies of a session, as `Set-Cookie` values: the session's own (HttpOnly)
//! and the page's readable hint. Sign-in, renewal and sign-out set them, and any answer
//! for a missing session clears the hint, so error answers read them too: they depend
//! on nothing of the server's.

pub const COOKIE_NAME: &str = "sid";
/// The session cookie's name on a public https address: a browser keeps a `__Host-`
/// cookie only when Secure, for this host alone and the whole path, so no sibling
/// domain can set or shadow it.
pub const HOST_COOKIE_NAME: &str = "__Host-sid";

/// The session cookie's name: host-only on a public https address.
pub fn session_cookie_name(https_only: bool) -> &'static str {
    if https_only {
        HOST_COOKIE_NAME
    } else {
        COOKIE_NAME
    }
}

pub fn session_cookie(name: &str, token: &str, max_age_secs: i64, secure: bool) -> String {
    format!(
        "{name}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age_secs}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The page's hint ([`reissue_domain::SIGNED_IN_HINT_COOKIE`]), set and cleared with the
/// session cookie, so a first visit does not ask for a draft it cannot have and log a
/// 401 for it. It carries nothing else; the session is still `sid`.
pub fn hint_cookie(signed_in: bool, max_age_secs: i64, secure: bool) -> String {
    format!(
        "{}={}; SameSite=Lax; Path=/; Max-Age={max_age_secs}{}",
        reissue_domain::SIGNED_IN_HINT_COOKIE,
        if signed_in { "1" } else { "" },
        if secure { "; Secure" } else { "" }
    )
}
