//! The load test: the server in-process on 127.0.0.1:0 with a temporary data
//! directory, N concurrent applicants each doing the whole API journey in a loop until
//! M applications were made (or the time limit), latency per endpoint, and then a check
//! of the database: every application stored exactly once, with a unique number and
//! every photo on disk. `src/main.rs` is the command line; a small run is a
//! test (`tests/load.rs`).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reissue_domain::api::{DeliveryMethod, DraftPhotos, FormAnswers, Reason};
use reissue_domain::date::Date;
use reissue_domain::idcard;
use serde_json::{json, Value};

use reissue_server::photos::jpeg::numbered_photo as photo_of;
use reissue_server::photos::photo_path;
use reissue_server::AppState;
use reissue_server::Config;

#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Concurrent applicants.
    pub applicants: usize,
    /// Applications in all.
    pub applications: usize,
    /// No journey starts after this; the run gives up.
    pub time_limit: Duration,
    /// Print progress to stderr.
    pub progress: bool,
    /// What each upload is.
    pub photos: Photos,
}

/// The pictures uploaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Photos {
    /// Small grey pictures with only a flat level per block (about 16 KB): the upload
    /// check reads little, so the run measures the rest of the API (the default, and
    /// what earlier runs used).
    #[default]
    Blocks,
    /// Household-register pages as the app sends them (1200×900 colour, about 250 KB):
    /// what the upload check costs with real content.
    Pages,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            applicants: 100,
            applications: 1000,
            time_limit: Duration::from_secs(240),
            progress: false,
            photos: Photos::Blocks,
        }
    }
}

#[derive(Debug, Clone)]
pub struct EndpointStats {
    pub endpoint: &'static str,
    pub requests: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

#[derive(Debug, Clone)]
pub struct LoadReport {
    /// Applications stored correctly (exactly once, every photo present).
    pub stored: usize,
    pub requests: usize,
    pub elapsed: Duration,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub endpoints: Vec<EndpointStats>,
    /// Of the applications asked for: not stored, stored without every photo, or not
    /// the number the applicant was given.
    pub lost: usize,
    /// Extra rows for one applicant's journey, or numbers given twice.
    pub duplicates: usize,
    /// Journeys that ended in an error (a few messages kept).
    pub failed_journeys: usize,
    pub errors: Vec<String>,
}

impl LoadReport {
    pub fn req_per_s(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// The last line of the command's output.
    pub fn summary_line(&self) -> String {
        format!(
            "load: {} applications, {:.1} req/s, p99 {} ms, lost {}, duplicates {}",
            self.stored,
            self.req_per_s(),
            self.p99_ms.round() as u64,
            self.lost,
            self.duplicates
        )
    }

    /// Everything before the last line.
    pub fn details(&self) -> String {
        let mut s = format!(
            "{} requests in {:.1} s; all requests p50 {:.1} ms, p99 {:.1} ms\n",
            self.requests,
            self.elapsed.as_secs_f64(),
            self.p50_ms,
            self.p99_ms
        );
        s.push_str(&format!(
            "{:<44} {:>7} {:>9} {:>9} {:>9}\n",
            "endpoint", "count", "p50 ms", "p99 ms", "max ms"
        ));
        for e in &self.endpoints {
            s.push_str(&format!(
                "{:<44} {:>7} {:>9.1} {:>9.1} {:>9.1}\n",
                e.endpoint, e.requests, e.p50_ms, e.p99_ms, e.max_ms
            ));
        }
        if self.failed_journeys > 0 {
            s.push_str(&format!("failed journeys: {}\n", self.failed_journeys));
            for e in &self.errors {
                s.push_str(&format!("  {e}\n"));
            }
        }
        s
    }
}

const ENDPOINTS: [&str; 9] = [
    "POST /api/v1/sms-codes",
    "POST /api/v1/sessions",
    "PUT /api/v1/drafts/current",
    "PUT /api/v1/drafts/current/photos/{slot}",
    "POST /api/v1/drafts/current/liveness",
    "POST /mock-vendor/liveness/{flow_id}",
    "GET /api/v1/liveness/{flow_id}",
    "POST /api/v1/applications",
    "GET /api/v1/applications/{number}",
];

/// Applicant `i`'s mobile number: 139 and eight digits.
pub fn phone_of(i: usize) -> String {
    format!("139{:08}", i % 100_000_000)
}

/// A distinct, valid ID number for every `i` below 365,000.
pub fn id_number_of(i: usize) -> String {
    let base = Date::new(1980, 1, 1).expect("a date").to_days();
    let birth = Date::from_days(base + (i / 1000) as i64);
    idcard::make_id("510107", birth, (i % 1000) as u16)
}

pub fn form_of(i: usize) -> FormAnswers {
    FormAnswers {
        name: Some("张三".into()),
        id_number: Some(id_number_of(i)),
        hukou_region: Some("510107".into()),
        reason: Some(Reason::Lost),
        delivery: Some(DeliveryMethod::Pickup),
        office_id: Some("cd-wuhou".into()),
        ..Default::default()
    }
}

type Samples = Vec<(usize, Duration)>;

struct Journey<'a> {
    base: &'a str,
    client: &'a reqwest::Client,
    samples: &'a mut Samples,
    /// Application i's three photos, made before the clock starts: encoding them is the
    /// load generator's work, not the server's, and must not compete with it.
    photos: &'a [Bytes; 3],
}

impl Journey<'_> {
    /// One request, timed. Retries (same request) on a network error or 502/503/504
    /// only when `idempotent`.
    async fn call(
        &mut self,
        endpoint: usize,
        idempotent: bool,
        make: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<(u16, reqwest::header::HeaderMap, Vec<u8>), String> {
        let attempts = if idempotent { 4 } else { 1 };
        let mut last = String::new();
        for attempt in 0..attempts {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(50 << attempt)).await;
            }
            let started = Instant::now();
            let result = async {
                let res = make(self.client).send().await?;
                let status = res.status().as_u16();
                let headers = res.headers().clone();
                let body = res.bytes().await?;
                Ok::<_, reqwest::Error>((status, headers, body.to_vec()))
            }
            .await;
            self.samples.push((endpoint, started.elapsed()));
            match result {
                Ok((status, _, _)) if matches!(status, 502..=504) => {
                    last = format!("{}: HTTP {status}", ENDPOINTS[endpoint]);
                }
                Ok(r) => return Ok(r),
                Err(e) => last = format!("{}: {e}", ENDPOINTS[endpoint]),
            }
        }
        Err(last)
    }

    async fn json(
        &mut self,
        endpoint: usize,
        idempotent: bool,
        want: &[u16],
        make: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<Value, String> {
        let (status, _, body) = self.call(endpoint, idempotent, make).await?;
        if !want.contains(&status) {
            return Err(format!(
                "{}: HTTP {status} {}",
                ENDPOINTS[endpoint],
                reissue_domain::mask::in_text(&String::from_utf8_lossy(&body))
            ));
        }
        serde_json::from_slice(&body).map_err(|e| format!("{}: {e}", ENDPOINTS[endpoint]))
    }

    /// The whole journey of application `i`; returns its number.
    async fn run(&mut self, i: usize, notice_version: &str) -> Result<String, String> {
        let base = self.base.to_string();
        let u = |p: &str| format!("{base}{p}");
        let phone = phone_of(i);
        let sent = self
            .json(0, false, &[200], |c| {
                c.post(u("/api/v1/sms-codes"))
                    .json(&json!({ "phone": phone }))
            })
            .await?;
        let code = sent["dev_code"]
            .as_str()
            .ok_or("no dev_code (is the server in mock mode?)")?
            .to_string();
        self.json(1, false, &[201], |c| {
            c.post(u("/api/v1/sessions"))
                .json(&json!({ "phone": phone, "code": code }))
        })
        .await?;
        let draft = json!({
            "notice_version": notice_version,
            "face_consent": true,
            "form": form_of(i),
        });
        self.json(2, true, &[200], |c| {
            c.put(u("/api/v1/drafts/current")).json(&draft)
        })
        .await?;
        let slots = ["register_home", "register_self", "card_photo"];
        for (n, slot) in slots.into_iter().enumerate() {
            let photo = self.photos[n].clone();
            self.json(3, true, &[200], |c| {
                c.put(u(&format!("/api/v1/drafts/current/photos/{slot}")))
                    .header("content-type", "image/jpeg")
                    .body(photo.clone())
            })
            .await?;
        }
        // Not in the mock register: the card photo is the one from the camera.
        let choice = json!({ "card_photo": { "source": "camera" } });
        self.json(2, true, &[200], |c| {
            c.put(u("/api/v1/drafts/current")).json(&choice)
        })
        .await?;
        let start = self
            .json(4, false, &[201], |c| {
                c.post(u("/api/v1/drafts/current/liveness"))
            })
            .await?;
        let flow = start["flow_id"].as_str().ok_or("no flow_id")?.to_string();
        let url = start["action"]["url"]
            .as_str()
            .ok_or("no vendor url")?
            .to_string();
        let (status, _, _) = self
            .call(5, false, |c| c.post(u(&url)).form(&[("outcome", "pass")]))
            .await?;
        if status != 303 {
            return Err(format!("{}: HTTP {status}", ENDPOINTS[5]));
        }
        let verdict = self
            .json(6, true, &[200], |c| {
                c.get(u(&format!("/api/v1/liveness/{flow}")))
            })
            .await?;
        if verdict["status"] != "passed" {
            return Err(format!("liveness not passed: {verdict}"));
        }
        let key = format!("load-{i:08}-{}", reissue_server::http::auth::random_hex(8));
        let submitted = self
            .json(7, true, &[200, 201], |c| {
                c.post(u("/api/v1/applications"))
                    .header("idempotency-key", key.as_str())
            })
            .await?;
        let number = submitted["number"]
            .as_str()
            .ok_or("no application number")?
            .to_string();
        let detail = self
            .json(8, true, &[200], |c| {
                c.get(u(&format!("/api/v1/applications/{number}")))
            })
            .await?;
        if detail["status"] != "submitted" {
            return Err(format!("{number}: status {}", detail["status"]));
        }
        Ok(number)
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1000.0
}

struct Shared {
    next: AtomicUsize,
    done: AtomicUsize,
    numbers: Mutex<HashMap<usize, String>>,
    errors: Mutex<Vec<String>>,
    failed: AtomicUsize,
}

/// Runs the load test against a fresh in-process server.
pub async fn run(opts: &LoadOptions) -> Result<LoadReport, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
    let mut config = Config::for_tests(dir.path().join("data"));
    config.dist = dir.path().join("dist");
    let state = AppState::new(config)?;
    let running = reissue_server::start(state.clone(), "127.0.0.1:0".parse().expect("an address"))
        .await
        .map_err(|e| format!("start: {e}"))?;
    let base = running.url();
    let result = drive(opts, &base, &state).await;
    running.stop().await;
    drop(dir);
    result
}

async fn drive(opts: &LoadOptions, base: &str, state: &AppState) -> Result<LoadReport, String> {
    let notice_version = state.profile.notice.version.clone();
    let shared = Arc::new(Shared {
        next: AtomicUsize::new(0),
        done: AtomicUsize::new(0),
        numbers: Mutex::new(HashMap::new()),
        errors: Mutex::new(Vec::new()),
        failed: AtomicUsize::new(0),
    });
    let photos: Arc<Vec<[Bytes; 3]>> = Arc::new(match opts.photos {
        Photos::Blocks => (0..opts.applications)
            .map(|i| [0, 1, 2].map(|n| Bytes::from(photo_of(i, n))))
            .collect(),
        // Three pages, each then numbered per application: every upload is a file of
        // its own, with a page's content to check.
        Photos::Pages => {
            let pages = [1, 2, 3].map(|seed| {
                let options = reissue_pictures::Options {
                    seed,
                    ..reissue_pictures::PLAIN
                };
                reissue_pictures::encode(1200, 900, &options)
            });
            (0..opts.applications)
                .map(|i| {
                    [0, 1, 2].map(|n| {
                        Bytes::from(reissue_pictures::numbered(&pages[n], (i * 3 + n) as u16))
                    })
                })
                .collect()
        }
    });
    let started = Instant::now();
    let deadline = started + opts.time_limit;
    let mut tasks = Vec::new();
    for _ in 0..opts.applicants.max(1) {
        let shared = shared.clone();
        let base = base.to_string();
        let notice = notice_version.clone();
        let total = opts.applications;
        let photos = photos.clone();
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(60))
                .build()
                .expect("an HTTP client");
            let mut samples: Samples = Vec::new();
            loop {
                if Instant::now() >= deadline {
                    break;
                }
                let i = shared.next.fetch_add(1, Ordering::SeqCst);
                if i >= total {
                    break;
                }
                let mut journey = Journey {
                    base: &base,
                    client: &client,
                    samples: &mut samples,
                    photos: &photos[i],
                };
                match journey.run(i, &notice).await {
                    Ok(number) => {
                        shared.numbers.lock().unwrap().insert(i, number);
                    }
                    Err(e) => {
                        shared.failed.fetch_add(1, Ordering::SeqCst);
                        let mut errors = shared.errors.lock().unwrap();
                        if errors.len() < 5 {
                            errors.push(format!("application {i}: {e}"));
                        }
                    }
                }
                shared.done.fetch_add(1, Ordering::SeqCst);
            }
            samples
        }));
    }
    let progress = opts.progress.then(|| {
        let shared = shared.clone();
        let total = opts.applications;
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(5)).await;
                eprintln!(
                    "… {} of {total} journeys done",
                    shared.done.load(Ordering::SeqCst)
                );
            }
        })
    });
    let mut samples: Samples = Vec::new();
    for t in tasks {
        match t.await {
            Ok(s) => samples.extend(s),
            Err(e) => return Err(format!("an applicant task failed: {e}")),
        }
    }
    if let Some(p) = progress {
        p.abort();
    }
    let elapsed = started.elapsed();

    // Latency.
    let mut all: Vec<Duration> = samples.iter().map(|(_, d)| *d).collect();
    all.sort();
    let mut endpoints = Vec::new();
    for (k, name) in ENDPOINTS.iter().enumerate() {
        let mut these: Vec<Duration> = samples
            .iter()
            .filter(|(e, _)| *e == k)
            .map(|(_, d)| *d)
            .collect();
        these.sort();
        endpoints.push(EndpointStats {
            endpoint: name,
            requests: these.len(),
            p50_ms: percentile(&these, 0.50),
            p99_ms: percentile(&these, 0.99),
            max_ms: these
                .last()
                .map(|d| d.as_secs_f64() * 1000.0)
                .unwrap_or(0.0),
        });
    }

    // What the database holds.
    let (stored, lost, duplicates) =
        verify(state, opts.applications, &shared.numbers.lock().unwrap());
    let errors = shared.errors.lock().unwrap().clone();
    Ok(LoadReport {
        stored,
        requests: all.len(),
        elapsed,
        p50_ms: percentile(&all, 0.50),
        p99_ms: percentile(&all, 0.99),
        endpoints,
        lost,
        duplicates,
        failed_journeys: shared.failed.load(Ordering::SeqCst),
        errors,
    })
}

/// (stored correctly, lost, duplicates) of applications `0..total`, from the database
/// and the photo directory.
fn verify(state: &AppState, total: usize, given: &HashMap<usize, String>) -> (usize, usize, usize) {
    let apps = state
        .db
        .call_sync(|c| reissue_server::applications::store::all_apps(c))
        .expect("the applications");
    let mut by_phone: HashMap<&str, Vec<(&str, &DraftPhotos)>> = HashMap::new();
    let mut numbers = HashSet::new();
    let mut duplicates = 0;
    for app in &apps {
        if !numbers.insert(app.number.as_str()) {
            duplicates += 1;
        }
        by_phone
            .entry(app.phone.as_str())
            .or_default()
            .push((app.number.as_str(), &app.photos));
    }
    let mut given_numbers = HashSet::new();
    for n in given.values() {
        if !given_numbers.insert(n.as_str()) {
            duplicates += 1;
        }
    }
    let photo_ok = |p: &DraftPhotos| -> bool {
        [&p.register_home, &p.register_self, &p.card_photo]
            .iter()
            .all(|m| {
                m.as_ref().is_some_and(|m| {
                    std::fs::metadata(photo_path(&state.photos_dir, &m.sha256))
                        .is_ok_and(|f| f.len() == m.bytes)
                })
            })
    };
    let (mut stored, mut lost) = (0, 0);
    for i in 0..total {
        let phone = phone_of(i);
        let apps = by_phone
            .get(phone.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if apps.len() > 1 {
            duplicates += apps.len() - 1;
        }
        let ok = match apps.first() {
            Some((number, photos)) => photo_ok(photos) && given.get(&i).is_none_or(|g| g == number),
            None => false,
        };
        if ok {
            stored += 1;
        } else {
            lost += 1;
        }
    }
    (stored, lost, duplicates)
}
