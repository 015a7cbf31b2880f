//! Shared helpers: an in-process server on 127.0.0.1:0 with its own data directory and
//! a movable clock, cookie-keeping clients, and the steps of a whole application.
#![allow(dead_code)]

use std::time::Duration;

use hmac::{Hmac, Mac};
use reissue_domain::api::{DeliveryMethod, FormAnswers, Reason};
use reissue_domain::date::Date;
use reissue_domain::idcard;
use reissue_server::AppState;
use reissue_server::Clock;
use reissue_server::Config;
use reissue_server::Running;
use serde_json::{json, Value};
use sha2::Sha256;

pub const ADMIN: &str = "dev-admin-token";

pub struct TestServer {
    pub running: Running,
    pub url: String,
    pub clock: Clock,
    pub dir: tempfile::TempDir,
    /// The officer token this server takes.
    pub admin_token: String,
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::start_with(|_| {}).await
    }

    pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> TestServer {
        let dir = tempfile::tempdir().expect("tempdir");
        TestServer::start_in(dir, tweak).await
    }

    pub async fn start_in(dir: tempfile::TempDir, tweak: impl FnOnce(&mut Config)) -> TestServer {
        let mut config = Config::for_tests(dir.path().join("data"));
        config.dist = dir.path().join("dist");
        tweak(&mut config);
        let clock = Clock::new();
        let state = AppState::with_clock(config, clock.clone()).expect("state");
        let admin_token = state.admin_token.clone();
        let running = reissue_server::start(state, "127.0.0.1:0".parse().unwrap())
            .await
            .expect("start");
        let url = running.url();
        TestServer {
            running,
            url,
            clock,
            dir,
            admin_token,
        }
    }

    /// Stops the server, keeping the directory.
    pub async fn stop(self) -> tempfile::TempDir {
        self.running.stop().await;
        self.dir
    }

    pub fn u(&self, path: &str) -> String {
        format!("{}{}", self.url, path)
    }

    pub fn advance(&self, secs: u64) {
        self.clock.advance(Duration::from_secs(secs));
    }

    /// `secs` pass while the applicant signed in on `c` keeps using the app (a request
    /// every twenty minutes), so their session, which ends after thirty idle minutes,
    /// lasts through it.
    pub async fn advance_busy(&self, c: &reqwest::Client, mut secs: u64) {
        while secs > 0 {
            let step = secs.min(20 * 60);
            self.advance(step);
            secs -= step;
            let res = c
                .get(self.u("/api/v1/sessions/current"))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "still signed in");
        }
    }

    pub fn state(&self) -> &AppState {
        &self.running.state
    }

    pub async fn admin(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut rb = client()
            .request(method, self.u(path))
            .bearer_auth(&self.admin_token);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        rb.send().await.unwrap()
    }

    pub async fn approve(&self, number: &str) -> Value {
        let res = self
            .admin(
                reqwest::Method::POST,
                &format!("/api/v1/admin/applications/{number}/decision"),
                Some(json!({"decision": "approve"})),
            )
            .await;
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    pub async fn advance_app(&self, number: &str) -> reqwest::Response {
        self.admin(
            reqwest::Method::POST,
            &format!("/api/v1/admin/applications/{number}/advance"),
            Some(json!({})),
        )
        .await
    }
}

/// The key the real vendors sign their callbacks with, in [`TestServer::start_real`].
pub const VENDOR_KEY: &str = "test-vendor-key-0123456789";
/// The officer token of [`TestServer::start_real`].
pub const REAL_ADMIN_TOKEN: &str = "officer-token-for-tests";

impl TestServer {
    /// A server as deployed: no `--mock`, its own officer token, and the real vendors
    /// (the Sichuan profile naming them; their callbacks signed with [`VENDOR_KEY`]).
    pub async fn start_real() -> TestServer {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut p: Value =
            serde_json::from_str(include_str!("../../../../profiles/sichuan.json")).unwrap();
        p["liveness_provider"] = json!("redirect_vendor");
        p["payment_provider"] = json!("wechat_jsapi");
        let path = dir.path().join("real.json");
        std::fs::write(&path, p.to_string()).unwrap();
        let profile = path.to_string_lossy().into_owned();
        TestServer::start_in(dir, move |c| {
            c.mock = false;
            c.admin_token = Some(REAL_ADMIN_TOKEN.into());
            c.profile = profile;
            c.vendor_key = Some(VENDOR_KEY.into());
            c.vendor_url = Some("https://vendor.example.com/h5".into());
        })
        .await
    }
}

/// A vendor's callback, signed as the real vendors sign theirs.
pub struct Callback {
    body: String,
    timestamp: String,
    nonce: String,
}

impl Callback {
    pub fn new(body: Value, at: i64, nonce: &str) -> Callback {
        Callback {
            body: body.to_string(),
            timestamp: (at / 1000).to_string(),
            nonce: nonce.into(),
        }
    }

    pub fn signature(&self, key: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
        mac.update(format!("{}\n{}\n{}\n", self.timestamp, self.nonce, self.body).as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    pub async fn send(&self, ts: &TestServer, key: &str) -> (u16, Value) {
        let res = client()
            .post(ts.u("/api/v1/vendor-callbacks"))
            .header("content-type", "application/json")
            .header("x-vendor-timestamp", &self.timestamp)
            .header("x-vendor-nonce", &self.nonce)
            .header("x-vendor-signature", self.signature(key))
            .body(self.body.clone())
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

/// A client that keeps cookies and does not follow redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// Phone number `i` of the tests: 139 0000 xxxx.
pub fn phone(i: u32) -> String {
    format!("1390000{:04}", i % 10_000)
}

pub async fn send_code(ts: &TestServer, c: &reqwest::Client, phone: &str) -> reqwest::Response {
    c.post(ts.u("/api/v1/sms-codes"))
        .json(&json!({ "phone": phone }))
        .send()
        .await
        .unwrap()
}

/// Signs in a new client with `phone`: the code from the answer in mock mode, else
/// read where the phone would receive it (the mock gateway's screen).
pub async fn sign_in(ts: &TestServer, phone: &str) -> reqwest::Client {
    let c = client();
    let res = send_code(ts, &c, phone).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let body: Value = res.json().await.unwrap();
    let code = match body["dev_code"].as_str() {
        Some(code) => code.to_string(),
        None => {
            let text = ts.state().gateways.screen(phone).expect("the SMS arrived");
            text.chars().filter(char::is_ascii_digit).take(6).collect()
        }
    };
    let res = c
        .post(ts.u("/api/v1/sessions"))
        .json(&json!({ "phone": phone, "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    c
}

pub fn id_number(seq: u16) -> String {
    idcard::make_id("510107", Date::new(1990, 5, 17).unwrap(), seq)
}

pub fn pickup_form(seq: u16) -> FormAnswers {
    FormAnswers {
        name: Some("张三".into()),
        id_number: Some(id_number(seq)),
        hukou_region: Some("510107".into()),
        reason: Some(Reason::Lost),
        delivery: Some(DeliveryMethod::Pickup),
        office_id: Some("cd-wuhou".into()),
        ..Default::default()
    }
}

pub fn ems_form(seq: u16) -> FormAnswers {
    FormAnswers {
        delivery: Some(DeliveryMethod::Ems),
        office_id: None,
        recipient_name: Some("张三".into()),
        recipient_phone: Some("13800138000".into()),
        address_region: Some("510104".into()),
        address_detail: Some("春熙路街道红星路三段 1 号 2 栋 301 室".into()),
        postcode: Some("610021".into()),
        ..pickup_form(seq)
    }
}

pub fn jpeg(w: u16, h: u16) -> Vec<u8> {
    reissue_server::photos::jpeg::synthetic(w, h, true)
}

pub async fn put_draft(ts: &TestServer, c: &reqwest::Client, body: Value) -> reqwest::Response {
    c.put(ts.u("/api/v1/drafts/current"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

pub async fn put_photo(
    ts: &TestServer,
    c: &reqwest::Client,
    slot: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    c.put(ts.u(&format!("/api/v1/drafts/current/photos/{slot}")))
        .header("content-type", "image/jpeg")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

/// Starts a liveness flow and answers the mock vendor's page the way the browser does.
/// Returns the flow id and the polled status.
pub async fn liveness(ts: &TestServer, c: &reqwest::Client, outcome: &str) -> (String, Value) {
    let res = c
        .post(ts.u("/api/v1/drafts/current/liveness"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let start: Value = res.json().await.unwrap();
    let flow = start["flow_id"].as_str().unwrap().to_string();
    let url = start["action"]["url"].as_str().unwrap().to_string();
    assert_eq!(start["action"]["kind"], "redirect");
    let res = c
        .post(ts.u(&url))
        .form(&[("outcome", outcome)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        format!("/liveness/return?flow={flow}")
    );
    let (_, status) = get_json(ts, c, &format!("/api/v1/liveness/{flow}")).await;
    (flow, status)
}

/// Notice, consent, a complete form, both photos and a card photo from the camera: all
/// but the face check.
pub async fn prepare_draft(ts: &TestServer, c: &reqwest::Client, form: &FormAnswers) {
    let res = put_draft(
        ts,
        c,
        json!({ "notice_version": "2026-12", "face_consent": true, "form": form }),
    )
    .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    for slot in ["register_home", "register_self", "card_photo"] {
        let res = put_photo(ts, c, slot, jpeg(1200, 900)).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    }
    // These applicants are not in the mock register, so the camera is their only source.
    let res = put_draft(ts, c, json!({ "card_photo": { "source": "camera" } })).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

/// [`prepare_draft`] and a passed liveness check at the mock vendor.
pub async fn ready_draft(ts: &TestServer, c: &reqwest::Client, form: &FormAnswers) {
    prepare_draft(ts, c, form).await;
    let (_, status) = liveness(ts, c, "pass").await;
    assert_eq!(status["status"], "passed");
}

/// On a server with the real vendors ([`TestServer::start_real`]): applicant `who`
/// signs in, prepares the draft, passes the face check by the vendor's signed callback,
/// submits, and the officer approves. Returns (client, number).
pub async fn approved_real(ts: &TestServer, who: u32) -> (reqwest::Client, String) {
    let c = sign_in(ts, &phone(who)).await;
    prepare_draft(ts, &c, &pickup_form(who as u16)).await;
    let (status, live) = post_json(ts, &c, "/api/v1/drafts/current/liveness").await;
    assert_eq!(status, 201, "{live}");
    let pass = json!({ "flow_id": live["flow_id"], "outcome": "pass" });
    let nonce = format!("nonce-live-{who:010}");
    let said = Callback::new(pass, ts.clock.now_ms(), &nonce)
        .send(ts, VENDOR_KEY)
        .await;
    assert_eq!(said.0, 204);
    let res = submit(ts, &c, &format!("key-real-{who:04}")).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let number = res.json::<Value>().await.unwrap()["number"]
        .as_str()
        .unwrap()
        .to_string();
    ts.approve(&number).await;
    (c, number)
}

pub async fn submit(ts: &TestServer, c: &reqwest::Client, key: &str) -> reqwest::Response {
    c.post(ts.u("/api/v1/applications"))
        .header("idempotency-key", key)
        .send()
        .await
        .unwrap()
}

/// A full application by a fresh applicant; returns (client, number).
pub async fn submitted(ts: &TestServer, who: u32, form: &FormAnswers) -> (reqwest::Client, String) {
    let c = sign_in(ts, &phone(who)).await;
    ready_draft(ts, &c, form).await;
    let res = submit(ts, &c, &format!("key-{who}-0001")).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let body: Value = res.json().await.unwrap();
    (c, body["number"].as_str().unwrap().to_string())
}

pub async fn get_json(ts: &TestServer, c: &reqwest::Client, path: &str) -> (u16, Value) {
    let res = c.get(ts.u(path)).send().await.unwrap();
    let status = res.status().as_u16();
    let body = res.json().await.unwrap_or(Value::Null);
    (status, body)
}

/// POST with no body; the status and the JSON answer (Null when there is none).
pub async fn post_json(ts: &TestServer, c: &reqwest::Client, path: &str) -> (u16, Value) {
    let res = c.post(ts.u(path)).send().await.unwrap();
    let status = res.status().as_u16();
    let body = res.json().await.unwrap_or(Value::Null);
    (status, body)
}

/// The officer rejects `number`, asking for `fields` to be fixed.
pub async fn reject(ts: &TestServer, number: &str, fields: &[&str]) {
    let res = ts
        .admin(
            reqwest::Method::POST,
            &format!("/api/v1/admin/applications/{number}/decision"),
            Some(json!({"decision": "reject", "reason": "请核对后修改", "fields": fields})),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

/// Resubmits a rejected application with `form` laid over it: (status, body).
pub async fn resubmit(
    ts: &TestServer,
    c: &reqwest::Client,
    number: &str,
    form: Value,
) -> (u16, Value) {
    let res = c
        .post(ts.u(&format!("/api/v1/applications/{number}/resubmission")))
        .json(&json!({ "form": form }))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// The fields a 422 answer names, in order.
pub fn fields_of(body: &Value) -> Vec<String> {
    body["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["field"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Starts a face check (for the draft, or for the correction of `application`) and
/// answers the mock vendor's page; returns the flow id.
pub async fn face_check(ts: &TestServer, c: &reqwest::Client, application: Option<&str>) -> String {
    let mut req = c.post(ts.u("/api/v1/drafts/current/liveness"));
    if let Some(number) = application {
        // After submitting there is no draft: the consent is asked again.
        let res = put_draft(ts, c, json!({ "face_consent": true })).await;
        assert_eq!(res.status(), 200);
        req = req.json(&json!({ "application": number }));
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let start: Value = res.json().await.unwrap();
    start["flow_id"].as_str().unwrap().to_string()
}

/// Answers the mock liveness vendor's page and asks the server for the verdict.
pub async fn vendor_says(ts: &TestServer, c: &reqwest::Client, flow: &str, outcome: &str) -> Value {
    let res = c
        .post(ts.u(&format!("/mock-vendor/liveness/{flow}")))
        .form(&[("outcome", outcome)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    get_json(ts, c, &format!("/api/v1/liveness/{flow}")).await.1
}

/// Pays `number`'s fee through the mock vendor, as the applicant's browser would.
pub async fn pay(ts: &TestServer, c: &reqwest::Client, number: &str) {
    let (_, start) = post_json(ts, c, &format!("/api/v1/applications/{number}/payment")).await;
    let flow = start["flow_id"].as_str().unwrap().to_string();
    let res = c
        .post(ts.u(&format!("/mock-vendor/payment/{flow}")))
        .form(&[("outcome", "pay")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, st) = get_json(ts, c, &format!("/api/v1/payments/{flow}")).await;
    assert_eq!(st["status"], "passed");
}

/// Where this test binary's log lines go (the first call sets the global subscriber, at
/// `filter`): read them with [`LogLines::text`].
#[derive(Clone)]
pub struct LogLines(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogLines {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl LogLines {
    pub fn capture(filter: &str) -> LogLines {
        let lines = LogLines(Default::default());
        let writer = lines.clone();
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .init();
        lines
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// A face check for a person alone (what the family's actions on a card take), answered
/// at the mock vendor with `outcome`; returns the polled verdict.
pub async fn verify_as(
    ts: &TestServer,
    c: &reqwest::Client,
    name: &str,
    id: &str,
    outcome: &str,
) -> Value {
    let body = json!({ "name": name, "id_number": id, "next": "/loss-report" });
    let res = c
        .post(ts.u("/api/v1/identity/liveness"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let start: Value = res.json().await.unwrap();
    let flow = start["flow_id"].as_str().unwrap().to_string();
    let res = c
        .post(ts.u(&format!("/mock-vendor/liveness/{flow}")))
        .form(&[("outcome", outcome)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        format!("/identity/return?flow={flow}")
    );
    get_json(ts, c, &format!("/api/v1/liveness/{flow}")).await.1
}

/// [`verify_as`], passed.
pub async fn verified_as(ts: &TestServer, c: &reqwest::Client, name: &str, id: &str) {
    let verdict = verify_as(ts, c, name, id, "pass").await;
    assert_eq!(verdict["status"], "passed", "{verdict}");
}

/// An answer: its status and its JSON body (`null` when it has none).
async fn answer(res: reqwest::Response) -> (u16, Value) {
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// The 挂失 family over the API, as the phone signed in with `c` calls it: each endpoint
/// written once here, not a URL in every test.
#[allow(dead_code)]
pub struct LossReports<'a> {
    ts: &'a TestServer,
    c: &'a reqwest::Client,
}

#[allow(dead_code)]
impl LossReports<'_> {
    pub async fn report(&self, body: Value) -> (u16, Value) {
        let url = self.ts.u("/api/v1/loss-reports");
        answer(self.c.post(url).json(&body).send().await.unwrap()).await
    }

    pub async fn list(&self) -> (u16, Value) {
        let url = self.ts.u("/api/v1/loss-reports");
        answer(self.c.get(url).send().await.unwrap()).await
    }

    pub async fn withdraw(&self, number: &str, body: Value) -> (u16, Value) {
        let url = self
            .ts
            .u(&format!("/api/v1/loss-reports/{number}/withdrawal"));
        answer(self.c.post(url).json(&body).send().await.unwrap()).await
    }

    /// The officer's search, by 挂失回执 number or full ID number.
    pub async fn officer_search(&self, q: &str) -> (u16, Value) {
        let path = format!("/api/v1/admin/loss-reports?q={q}");
        answer(self.ts.admin(reqwest::Method::GET, &path, None).await).await
    }
}

/// 委托领取 over the API, as the phone signed in with `c` calls it.
#[allow(dead_code)]
pub struct Delegation<'a> {
    ts: &'a TestServer,
    c: &'a reqwest::Client,
}

#[allow(dead_code)]
impl Delegation<'_> {
    pub async fn authorize(&self, number: &str, body: Value) -> (u16, Value) {
        let url = self
            .ts
            .u(&format!("/api/v1/applications/{number}/authorization"));
        answer(self.c.post(url).json(&body).send().await.unwrap()).await
    }

    pub async fn revoke(&self, number: &str) -> (u16, Value) {
        let path = format!("/api/v1/applications/{number}/authorization/revocation");
        answer(
            self.c
                .post(self.ts.u(&path))
                .json(&json!({}))
                .send()
                .await
                .unwrap(),
        )
        .await
    }
}

#[allow(dead_code)]
impl TestServer {
    pub fn loss_reports<'a>(&'a self, c: &'a reqwest::Client) -> LossReports<'a> {
        LossReports { ts: self, c }
    }

    pub fn delegation<'a>(&'a self, c: &'a reqwest::Client) -> Delegation<'a> {
        Delegation { ts: self, c }
    }
}
