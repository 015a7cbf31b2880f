//! The mock backend of 身份证丢失补领: the `/api/v1` contract on SQLite, the mock
//! liveness and payment vendors, a simulated officer, and the built front-end, on one
//! origin. `app` builds the router (tests run it in-process); `run` is the binary.

pub mod auth;
pub mod autoreview;
pub mod capacity;
pub mod captcha;
pub mod card;
pub mod client;
pub mod clock;
pub mod config;
pub mod cookies;
pub mod csrf;
pub mod db;
pub mod deadlines;
pub mod decodes;
pub mod ems;
pub mod error;
pub mod faults;
pub mod flows;
pub mod html;
pub mod job;
pub mod jpeg;
pub mod limits;
pub mod notifier;
pub mod officers;
pub mod openapi;
pub mod photos;
pub mod privacy;
pub mod profile;
pub mod qr;
pub mod register;
pub mod review;
pub mod routes;
pub mod schedule;
pub mod secrets;
pub mod security;
pub mod state;
pub mod static_files;
pub mod store;
pub mod temporary_card;
pub mod vendors;

use std::io::Write;
use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{DefaultBodyLimit, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;

pub use clock::Clock;
pub use config::Config;
pub use state::AppState;

/// One log line per request: method, path, status, milliseconds. The path is masked
/// (an ID or phone number never reaches the log).
async fn log_request(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = reissue_domain::mask::in_text(req.uri().path());
    let res = next.run(req).await;
    tracing::info!(
        target: "reissue_server::request",
        "{} {} {} {}ms",
        method,
        path,
        res.status().as_u16(),
        started.elapsed().as_millis()
    );
    res
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    let (api, doc) = routes::api();
    let routes = Router::new()
        .merge(
            api.layer(axum::Extension(std::sync::Arc::new(doc)))
                .layer(middleware::from_fn(auth::session_header))
                .layer(middleware::from_fn_with_state(state.clone(), csrf::layer)),
        )
        .merge(routes::pages(state.config.mock))
        .fallback(static_files::serve);
    with_layers(routes, state)
}

/// What every route runs inside: limits, faults, compression, capacity, security
/// headers, the request log, and a panic caught as a 500 (the server is built to unwind:
/// one request fails with the service's usual answer, and the others go on).
pub fn with_layers(routes: Router<AppState>, state: AppState) -> Router {
    let router = routes
        .layer(CatchPanicLayer::custom(
            |_: Box<dyn std::any::Any + Send>| {
                use axum::response::IntoResponse;
                error::AppError::internal("a handler panicked").into_response()
            },
        ))
        // Photos are read as a stream with their own 2 MiB limit; JSON bodies stay small.
        .layer(DefaultBodyLimit::max(256 * 1024))
        // Off unless a --fault-* flag is given; it looks at the path itself.
        .layer(middleware::from_fn_with_state(
            state.faults.clone(),
            faults::layer,
        ))
        .layer(CompressionLayer::new())
        .layer(middleware::from_fn_with_state(
            state.capacity.clone(),
            capacity::layer,
        ))
        .layer(middleware::from_fn_with_state(
            state.csp.clone(),
            security::layer,
        ))
        .layer(middleware::from_fn(log_request));
    let router = if state.config.https_only() {
        router.layer(middleware::from_fn(security::hsts))
    } else {
        router
    };
    router.with_state(state)
}

/// A server running on a background task; dropping `shutdown` (or sending on it) stops it.
pub struct Running {
    pub addr: SocketAddr,
    pub state: AppState,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    handle: tokio::task::JoinHandle<std::io::Result<()>>,
    auto_review: Option<tokio::task::JoinHandle<()>>,
    retention: Option<tokio::task::JoinHandle<()>>,
    schedule: Option<tokio::task::JoinHandle<()>>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, finishes in-flight requests, and waits.
    pub async fn stop(mut self) {
        if let Some(t) = self.auto_review.take() {
            t.abort();
        }
        if let Some(t) = self.retention.take() {
            t.abort();
        }
        if let Some(t) = self.schedule.take() {
            t.abort();
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.handle).await;
    }
}

/// Binds `addr` and serves `state` until [`Running::stop`].
pub async fn start(state: AppState, addr: SocketAddr) -> std::io::Result<Running> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let router = app(state.clone());
    let handle = tokio::spawn(async move {
        // The peer's address: the limits count per client (`client::ClientAddr`).
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = rx.await;
        })
        .await
    });
    let auto_review = autoreview::spawn(state.clone());
    let retention = Some(privacy::spawn(state.clone()));
    let schedule = schedule::spawn(state.clone());
    Ok(Running {
        addr,
        state,
        shutdown: Some(tx),
        handle,
        auto_review,
        retention,
        schedule,
    })
}

/// The binary: open the data directory, bind, print `listening on http://ADDR`, serve
/// until Ctrl-C / SIGTERM.
pub async fn run(config: Config) -> Result<(), String> {
    // A panic's message goes to the log like every other line, ID numbers masked (the
    // default hook would print it raw to stderr).
    std::panic::set_hook(Box::new(|info| {
        tracing::error!(
            "panic: {}",
            reissue_domain::mask::in_text(&info.to_string())
        );
    }));
    let listen = config.listen;
    let state = AppState::new(config)?;
    let running = start(state, listen)
        .await
        .map_err(|e| format!("bind {listen}: {e}"))?;
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on {}", running.url());
        let _ = out.flush();
    }
    tracing::info!(
        "serving {} (data {}, mock {}, auto-review {:?})",
        running.url(),
        running.state.config.data_dir.display(),
        running.state.config.mock,
        running.state.config.auto_review
    );
    shutdown_signal().await;
    tracing::info!("shutting down");
    running.stop().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
