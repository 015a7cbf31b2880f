use clap::Parser;
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
    if let Err(e) = config.effective_admin_token() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
    if let Err(e) = reissue_server::run(config).await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
