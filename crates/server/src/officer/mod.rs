//! The officer: their accounts and sessions, their page, the admin endpoints, and the
//! moves they make on an application (also made by `--auto-review`).

pub mod accounts;
pub mod moves;
pub mod page;
pub mod routes;
pub mod store;

use crate::http::auth;
use crate::http::client::ClientAddr;
use crate::http::error::{ApiResult, AppError};
use crate::state::AppState;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

/// Signs an officer in by name and password; names and clients that guess wrong too
/// often are locked out for a while.
pub async fn sign_in(
    state: &AppState,
    client: ClientAddr,
    req: OfficerSignIn,
) -> ApiResult<OfficerSession> {
    let now = state.clock.now_ms();
    let name = req.name.trim().to_string();
    let keys = accounts::failure_keys(&name, client.key());
    if let Some(wait) = state.officer_failures.locked(&keys, now) {
        return Err(AppError::too_many(
            "officer_locked",
            "密码错误次数过多，请 15 分钟后再试",
            ((wait + 999) / 1000) as u32,
        ));
    }
    let lookup = name.clone();
    let stored = state
        .db
        .call(move |c| store::officer_hash(c, &lookup))
        .await?;
    let password = req.password;
    let right = tokio::task::spawn_blocking(move || {
        accounts::verify_password_of(&password, stored.as_deref())
    })
    .await
    .unwrap_or(false);
    if !right {
        state.officer_failures.failed(&keys, now);
        // The name as typed may be anything (a password in the wrong box, a forged log
        // line): masked, and escaped by `?`.
        tracing::warn!(officer = ?reissue_domain::mask::name(&name), "officer sign-in refused");
        return Err(AppError::new(
            StatusCode::UNAUTHORIZED,
            "officer_unauthenticated",
            "姓名或密码不对",
        ));
    }
    state.officer_failures.succeeded(&keys);
    let token = auth::random_hex(32);
    let (hash, who) = (auth::sha256_hex(&token), name.clone());
    state
        .db
        .call(move |c| {
            store::insert_officer_session(c, &hash, &who, now, accounts::session_ends_at(now, now))
        })
        .await?;
    tracing::info!(officer = %name, "officer signed in");
    Ok(OfficerSession {
        name,
        token,
        expires_in_seconds: (accounts::IDLE_MS / 1000) as u32,
    })
}

/// `POST /api/v1/admin/sessions`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct OfficerSignIn {
    pub name: String,
    pub password: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OfficerSession {
    pub name: String,
    /// `Authorization: Bearer <token>`; the officer page keeps it in memory only.
    pub token: String,
    /// Until the session ends unused (each request moves the end, up to eight hours).
    pub expires_in_seconds: u32,
}
