//! The load test, small: 10 concurrent applicants, 50 applications,
//! every one stored exactly once with a unique number and both photos. The full run
//! is `make bench-load` (100 × 1000).

use std::time::Duration;

use reissue_loadtest::{self as loadtest, LoadOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_applicants_fifty_applications_nothing_lost_nothing_doubled() {
    let report = loadtest::run(&LoadOptions {
        applicants: 10,
        applications: 50,
        time_limit: Duration::from_secs(120),
        progress: false,
        ..LoadOptions::default()
    })
    .await
    .expect("load test ran");
    println!("{}{}", report.details(), report.summary_line());
    assert_eq!(report.lost, 0, "{}", report.details());
    assert_eq!(report.duplicates, 0);
    assert_eq!(report.stored, 50);
    assert_eq!(report.failed_journeys, 0, "{:?}", report.errors);
    // 12 requests per journey (three photo uploads, and the card photo's source).
    assert_eq!(report.requests, 50 * 12);
    let line = report.summary_line();
    assert!(line.starts_with("load: 50 applications, "), "{line}");
    assert!(line.ends_with(", lost 0, duplicates 0"), "{line}");
}

/// With pages as the app sends them: every upload passes the server's check and is
/// stored as a file of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_real_pages_every_photo_is_checked_and_stored() {
    let report = loadtest::run(&LoadOptions {
        applicants: 4,
        applications: 8,
        time_limit: Duration::from_secs(120),
        progress: false,
        photos: loadtest::Photos::Pages,
    })
    .await
    .expect("load test ran");
    assert_eq!(report.failed_journeys, 0, "{:?}", report.errors);
    assert_eq!(report.stored, 8);
    assert_eq!(report.lost, 0, "{}", report.details());
}
