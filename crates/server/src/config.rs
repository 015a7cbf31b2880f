//! Command-line flags and environment.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// The mock backend of 身份证丢失补领: the API under /api/v1, the mock vendors, the
/// officer page and the built front-end, on one origin.
#[derive(Debug, Clone, Parser)]
#[command(name = "reissue-server", version, about)]
pub struct Config {
    /// Address to listen on (port 0 picks a free port; the real one is printed).
    #[arg(long, env = "REISSUE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Where the SQLite database and the photos live.
    #[arg(long, env = "REISSUE_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// The built front-end (trunk's output), served for every non-API GET.
    #[arg(long, env = "REISSUE_DIST", default_value = "./dist")]
    pub dist: PathBuf,

    /// Service profile: `sichuan` (built in) or a path to a ServiceProfile JSON file.
    #[arg(long, env = "REISSUE_PROFILE", default_value = "sichuan")]
    pub profile: String,

    /// Mock mode: SMS codes are returned in the response (`dev_code`), the UI shows a
    /// test banner, and the admin token defaults to `dev-admin-token`.
    #[arg(long, env = "REISSUE_MOCK")]
    pub mock: bool,

    /// Bearer token of the officer endpoints. Required unless --mock.
    #[arg(long, env = "REISSUE_ADMIN_TOKEN")]
    pub admin_token: Option<String>,

    /// Simulated officer: approve submitted applications after SECONDS and advance paid
    /// ones through production and delivery, one step per SECONDS.
    #[arg(long, env = "REISSUE_AUTO_REVIEW", value_name = "SECONDS")]
    pub auto_review: Option<u64>,
}

impl Config {
    /// A config for tests and embedding: mock mode, everything under `data_dir`.
    pub fn for_tests(data_dir: impl Into<PathBuf>) -> Config {
        let data_dir = data_dir.into();
        Config {
            listen: "127.0.0.1:0".parse().expect("literal address"),
            dist: data_dir.join("dist"),
            data_dir,
            profile: "sichuan".into(),
            mock: true,
            admin_token: None,
            auto_review: None,
        }
    }

    /// The admin token in force, or an error message when none is configured.
    pub fn effective_admin_token(&self) -> Result<String, String> {
        match (&self.admin_token, self.mock) {
            (Some(t), _) if t.len() >= 8 => Ok(t.clone()),
            (Some(_), _) => Err("--admin-token must be at least 8 characters".into()),
            (None, true) => Ok("dev-admin-token".into()),
            (None, false) => Err(
                "--admin-token (or REISSUE_ADMIN_TOKEN) is required unless --mock is given".into(),
            ),
        }
    }
}
