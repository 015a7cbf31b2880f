use clap::Parser;
use reissue_server::config::{Command, OfficerCommand};
use reissue_server::Config;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    let config = Config::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    if let Some(Command::Officer(OfficerCommand::Add { name })) = &config.command {
        match add_officer(&config, name) {
            Ok(()) => println!("officer {name} saved"),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
        }
        return;
    }
    if let Err(e) = config.effective_admin_token() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
    if let Err(e) = reissue_server::run(config).await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// `officer add NAME`: the password from the environment or the first line of stdin.
fn add_officer(config: &Config, name: &str) -> Result<(), String> {
    let password = match std::env::var("REISSUE_OFFICER_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| format!("reading the password: {e}"))?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| format!("data dir {}: {e}", config.data_dir.display()))?;
    let db = reissue_server::db::Db::open(&config.data_dir.join("reissue.sqlite3"))?;
    let now = reissue_server::Clock::new().now_ms();
    reissue_server::officer::accounts::add(&db, name, &password, now)
}
