//! `make bench-load`: the server in-process on 127.0.0.1:0 (temporary data directory),
//! `--applicants` concurrent applicants doing the whole API journey until
//! `--applications` were made. Prints latency per endpoint, then as its last line
//! `load: <n> applications, <r> req/s, p99 <ms> ms, lost <n>, duplicates <n>`; exits 1
//! when anything was lost or duplicated.

use std::time::Duration;

use clap::Parser;
use reissue_loadtest::{self as loadtest, LoadOptions, Photos};

#[derive(Debug, Parser)]
#[command(
    name = "loadtest",
    about = "Load test of the reissue API over loopback"
)]
struct Args {
    /// Concurrent applicants.
    #[arg(long, default_value_t = 100)]
    applicants: usize,
    /// Applications in all (each applicant loops).
    #[arg(long, default_value_t = 1000)]
    applications: usize,
    /// The uploads: `blocks` (small grey pictures: the API's cost) or `pages`
    /// (household-register pages as the app sends them: the upload check's cost too).
    #[arg(long, value_enum, default_value = "blocks")]
    photos: Photos,
    /// Give up (start no new journey) after this many seconds.
    #[arg(long, default_value_t = 240)]
    time_limit: u64,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
    let opts = LoadOptions {
        applicants: args.applicants,
        applications: args.applications,
        time_limit: Duration::from_secs(args.time_limit),
        progress: true,
        photos: args.photos,
    };
    eprintln!(
        "load test: {} applicants, {} applications, {:?} photos, at most {} s",
        opts.applicants, opts.applications, opts.photos, args.time_limit
    );
    let report = match loadtest::run(&opts).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            println!(
                "load: 0 applications, 0.0 req/s, p99 0 ms, lost {}, duplicates 0",
                opts.applications
            );
            std::process::exit(2);
        }
    };
    print!("{}", report.details());
    println!("{}", report.summary_line());
    if report.lost > 0 || report.duplicates > 0 {
        std::process::exit(1);
    }
}
