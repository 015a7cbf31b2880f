//! The mock backend of 身份证丢失补领: the `/api/v1` contract on SQLite, the mock
//! liveness and payment vendors, a simulated officer, and the built front-end, on one
//! origin. `app` builds the router (tests run it in-process); `run` is the binary.

pub mod applications;
pub mod appointments;
pub mod clock;
pub mod config;
pub mod db;
pub mod delegation;
pub mod drafts;
pub mod flows;
pub mod http;
pub mod identity;
pub mod jobs;
pub mod loss_reports;
pub mod messages;
pub mod net;
pub mod officer;
pub mod parcels;
pub mod photo_orders;
pub mod photos;
pub mod population;
pub mod profile;
pub mod secrets;
pub mod sessions;
pub mod state;
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

use crate::http::error::AppError;
use crate::http::openapi::ApiDoc;
use crate::http::{auth, capacity, csrf, error, faults, security, static_files};
use crate::jobs::{autoreview, privacy, schedule};
use axum::routing::{any, get, post};
use utoipa::openapi::OpenApi;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;

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
    let (api, doc) = api();
    let routes = Router::new()
        .merge(
            api.layer(axum::Extension(std::sync::Arc::new(doc)))
                .layer(middleware::from_fn(auth::session_header))
                .layer(middleware::from_fn_with_state(state.clone(), csrf::layer)),
        )
        .merge(pages(state.config.mock))
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

async fn api_not_found() -> AppError {
    AppError::not_found("没有这个接口")
}

/// Everything under /api/v1, and the OpenAPI document of it: each resource's router
/// brings its paths and their documentation together.
pub fn api() -> (Router<AppState>, OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(http::meta::router())
        .merge(sessions::routes::router())
        .merge(drafts::routes::router())
        .merge(population::routes::router())
        .merge(identity::routes::router())
        .merge(loss_reports::routes::router())
        .merge(appointments::routes::router())
        .merge(applications::routes::router())
        .merge(officer::routes::router())
        .merge(delegation::routes::router())
        .merge(messages::routes::router())
        .merge(parcels::routes::router())
        .merge(photo_orders::routes::router())
        .merge(flows::routes::router())
        .route("/api/v1", any(api_not_found))
        .route("/api/v1/{*rest}", any(api_not_found))
        .split_for_parts()
}

/// The officer page, and the mock vendors' pages in mock mode only (anyone may post an
/// outcome there).
pub fn pages(mock: bool) -> Router<AppState> {
    let officer = Router::new()
        .route("/officer", get(officer::page::page_handler))
        .route("/officer/officer.js", get(officer::page::script));
    if !mock {
        return officer.route("/mock-vendor/{*rest}", any(api_not_found));
    }
    officer
        .route(
            "/mock-vendor/liveness/{flow_id}",
            get(vendors::mock::liveness_page).post(vendors::mock::liveness_outcome),
        )
        .route(
            "/mock-vendor/payment/{flow_id}",
            get(vendors::mock::payment_page).post(vendors::mock::payment_outcome),
        )
        .route("/mock-vendor/captcha", post(vendors::mock::captcha_ticket))
        .route(
            "/mock-vendor/assets/camera.js",
            get(vendors::mock::camera_js),
        )
        .route(
            "/mock-vendor/assets/page.css",
            get(crate::http::html::style_css),
        )
        .route("/mock-vendor/{*rest}", any(api_not_found))
}
