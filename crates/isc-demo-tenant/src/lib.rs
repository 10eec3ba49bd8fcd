//! A stateful in-memory ISC tenant: pure request -> response logic with no async runtime.
//!
//! The console compiles it in as the demo tenant, and `isc-demo-server` wraps it in a small
//! HTTP server for end-to-end tests. It answers as the vendor's description and docs say,
//! not as the console would like: 401 `{error}` without a valid bearer, token expiry,
//! 429 `{message}` with `Retry-After` past 100 requests per 10 s per client id and API
//! version, and `ErrorResponseDto` bodies for 400/403/404/405/415/500.

// ApiError keeps status, body and every message on purpose; it is returned, not stored.
#![allow(clippy::result_large_err)]

pub mod accounts;
mod directory;
pub mod filter;
pub mod hostile;
mod identity_profiles;
pub mod iiq;
pub mod paths;
pub mod seed;
mod sources;

use isc_core::http::{parse_form, ApiRequest, ApiResponse, Method, FORM};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};

/// The client id the demo tenant is seeded with; "Use demo tenant" signs in with it.
pub const DEMO_CLIENT_ID: &str = "demo-client-0000-4000-8000-000000000001";
/// The matching demo secret. It protects nothing: the demo tenant lives in the page.
pub const DEMO_CLIENT_SECRET: &str = "demo-secret";
/// The API base the console shows for the in-page demo tenant.
pub const DEMO_API_BASE: &str = "https://demo.api.identitynow.com";

/// The shape of [`DemoTenant::snapshot`]; a saved snapshot of another shape is not read.
pub const SNAPSHOT_VERSION: u32 = 1;

/// How the tenant is set up.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Config {
    pub client_id: String,
    pub client_secret: String,
    /// Token lifetime in seconds (749 on real tenants; short in tests).
    pub token_ttl_s: u64,
    /// Requests allowed per client id and API version per window.
    pub rate_capacity: usize,
    pub rate_window_ms: u64,
    /// Seed for ids.
    pub seed: u64,
    /// Added to every API answer, to stand in for a real tenant's time per call.
    #[serde(default)]
    pub latency_ms: u64,
    /// Whether the per-service (v1) paths are served; off, they answer 404, as on a tenant
    /// that has only the classic ones.
    #[serde(default = "yes")]
    pub serve_v1: bool,
}

fn yes() -> bool {
    true
}

impl Default for Config {
    fn default() -> Self {
        Config {
            client_id: DEMO_CLIENT_ID.into(),
            client_secret: DEMO_CLIENT_SECRET.into(),
            token_ttl_s: 749,
            rate_capacity: 100,
            rate_window_ms: 10_000,
            seed: 20_261_126,
            latency_ms: 0,
            serve_v1: true,
        }
    }
}

/// A fault to inject, for tests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer with this status and an `ErrorResponseDto`.
    Status { status: u16 },
    /// Answer 200 with a body that is not JSON.
    Malformed,
    /// Answer 200 with an empty body.
    Empty,
    /// Close the connection without an answer.
    Drop,
    /// Answer normally after a delay.
    Delay { ms: u64 },
    /// Expire every token, then answer normally (so the call meets a 401).
    ExpireToken,
    /// Answer 429; `expose` says whether the page may read `Retry-After`.
    RateLimit { expose: bool },
    /// Carry the call out, then close the connection without answering (a lost answer).
    ActedThenDrop,
    /// Carry the call out, then answer this status (a gateway that timed out after the
    /// service acted: 502, 504).
    ActedThenStatus { status: u16 },
    /// Carry the call out, then answer 200 with a body cut off mid-way.
    ActedThenGarbled,
}

/// Which calls a fault applies to, and how often.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fault {
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default)]
    pub path_prefix: Option<String>,
    /// Let this many matching calls through first.
    #[serde(default)]
    pub skip: u32,
    /// Apply to this many matching calls (0 = every one).
    #[serde(default = "one")]
    pub times: u32,
    #[serde(flatten)]
    pub kind: FaultKind,
}

fn one() -> u32 {
    1
}

/// One call the tenant received, for tests that count calls.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
    pub content_type: Option<String>,
    /// The browser's `Origin`, when one came (a same-origin proxy strips it).
    #[serde(default)]
    pub origin: Option<String>,
    /// Whether a `Cookie` header came (the console never sends one; a proxy must not add one).
    #[serde(default)]
    pub cookie: bool,
}

/// The answer plus what the transport must do with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub response: ApiResponse,
    /// Wait this long before answering.
    pub delay_ms: u64,
    /// Close the connection instead of answering.
    pub drop_connection: bool,
    /// Whether a browser may read `Retry-After` (CORS `Access-Control-Expose-Headers`).
    pub expose_retry_after: bool,
}

impl Reply {
    fn plain(response: ApiResponse) -> Self {
        Reply {
            response,
            delay_ms: 0,
            drop_connection: false,
            expose_retry_after: true,
        }
    }
}

struct TokenInfo {
    client_id: String,
    expires_ms: u64,
}

/// The tenant's state.
pub struct DemoTenant {
    pub config: Config,
    ids: seed::Ids,
    tokens: HashMap<String, TokenInfo>,
    rate: HashMap<(String, String), VecDeque<u64>>,
    pub identities: Vec<Value>,
    pub sources: Vec<Value>,
    pub connectors: Vec<Value>,
    pub clusters: Vec<Value>,
    pub workgroups: Vec<Value>,
    pub identity_profiles: Vec<Value>,
    /// Schemas by source id.
    pub schemas: HashMap<String, Vec<Value>>,
    pub accounts: Vec<Value>,
    /// The demo IdentityIQ, under [`iiq::PREFIX`].
    pub iiq: iiq::Iiq,
    tasks: HashMap<String, accounts::Task>,
    faults: Vec<Fault>,
    /// When set, 400 answers carry an XSS payload in their messages.
    hostile_errors: bool,
    /// Every call received, oldest first.
    pub received: Vec<Received>,
}

/// What a list endpoint allows in `filters` and `sorters`.
pub(crate) struct ListSpec {
    pub(crate) filters: &'static [(&'static str, &'static [&'static str])],
    pub(crate) sorters: &'static [&'static str],
}

fn cmp_values(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    match (a, b) {
        (None | Some(Value::Null), None | Some(Value::Null)) => Equal,
        (None | Some(Value::Null), _) => Greater,
        (_, None | Some(Value::Null)) => Less,
        (Some(Value::String(x)), Some(Value::String(y))) => {
            x.to_lowercase().cmp(&y.to_lowercase()).then(x.cmp(y))
        }
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .unwrap_or(0.0)
            .partial_cmp(&y.as_f64().unwrap_or(0.0))
            .unwrap_or(Equal),
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
    }
}

impl DemoTenant {
    /// A tenant with seed data.
    pub fn new(config: Config) -> Self {
        let mut ids = seed::Ids::new(config.seed);
        let identities = seed::identities(&mut ids);
        let clusters = seed::clusters(&mut ids);
        let workgroups = seed::workgroups(&mut ids, &identities[0]);
        let sources = seed::sources(&mut ids, &identities, &clusters);
        let identity_profiles = seed::identity_profiles(&mut ids, &sources, &identities);
        let mut sources = sources;
        let mut schemas = HashMap::new();
        for s in sources.iter_mut() {
            let schema = seed::account_schema(&mut ids, s["connector"].as_str().unwrap_or(""));
            s["schemas"] =
                json!([{"type": "CONNECTOR_SCHEMA", "id": schema["id"], "name": "account"}]);
            schemas.insert(
                s["id"].as_str().unwrap_or_default().to_string(),
                vec![schema],
            );
        }
        let mut t = DemoTenant {
            accounts: Vec::new(),
            iiq: iiq::Iiq::seed(),
            tasks: HashMap::new(),
            schemas,
            config,
            ids,
            tokens: HashMap::new(),
            rate: HashMap::new(),
            identities,
            sources,
            connectors: seed::connectors(),
            clusters,
            workgroups,
            identity_profiles,
            faults: Vec::new(),
            hostile_errors: false,
            received: Vec::new(),
        };
        accounts::seed_accounts(&mut t);
        t
    }

    /// The tenant's data as JSON, for the page to keep across a reload (in the browser's
    /// session storage): every object and task, the id generator, and the config. Tokens,
    /// rate windows, faults and the call log are not data and start afresh.
    pub fn snapshot(&self) -> String {
        let tasks: Vec<(&String, &accounts::Task)> = self.tasks.iter().collect();
        json!({
            "version": SNAPSHOT_VERSION,
            "config": self.config,
            "ids": self.ids,
            "identities": self.identities,
            "sources": self.sources,
            "clusters": self.clusters,
            "workgroups": self.workgroups,
            "identity_profiles": self.identity_profiles,
            "schemas": self.schemas,
            "accounts": self.accounts,
            "tasks": tasks,
            "iiq": self.iiq,
        })
        .to_string()
    }

    /// A tenant with the data of a [`Self::snapshot`]; `Err` (and nothing built) for a
    /// snapshot of another version or one that does not read back.
    pub fn restore(raw: &str) -> Result<Self, String> {
        #[derive(Deserialize)]
        struct Snap {
            version: u32,
            config: Config,
            ids: seed::Ids,
            identities: Vec<Value>,
            sources: Vec<Value>,
            clusters: Vec<Value>,
            workgroups: Vec<Value>,
            identity_profiles: Vec<Value>,
            schemas: HashMap<String, Vec<Value>>,
            accounts: Vec<Value>,
            tasks: Vec<(String, accounts::Task)>,
            #[serde(default)]
            iiq: Option<iiq::Iiq>,
        }
        let s: Snap = serde_json::from_str(raw).map_err(|e| e.to_string())?;
        if s.version != SNAPSHOT_VERSION {
            return Err(format!(
                "snapshot version {} is not {SNAPSHOT_VERSION}",
                s.version
            ));
        }
        let mut t = DemoTenant::new(s.config);
        t.ids = s.ids;
        t.identities = s.identities;
        t.sources = s.sources;
        t.clusters = s.clusters;
        t.workgroups = s.workgroups;
        t.identity_profiles = s.identity_profiles;
        t.schemas = s.schemas;
        t.accounts = s.accounts;
        t.tasks = s.tasks.into_iter().collect();
        if let Some(i) = s.iiq {
            t.iiq = i;
        }
        Ok(t)
    }

    /// Puts the XSS corpus into names, descriptions, attributes and owners, and makes every
    /// later 400 carry a payload in its messages.
    pub fn plant_hostile(&mut self) {
        let p = &hostile::PAYLOADS;
        let mut k = 0;
        let mut next = || {
            k += 1;
            p[(k - 1) % p.len()]
        };
        for s in self.sources.iter_mut() {
            s["name"] = json!(format!("{} {}", next(), s["name"].as_str().unwrap_or("")));
            s["description"] = json!(next());
            s["owner"]["name"] = json!(next());
        }
        for a in self.accounts.iter_mut() {
            a["name"] = json!(format!("{} {}", next(), a["name"].as_str().unwrap_or("")));
            if let Some(attrs) = a["attributes"].as_object_mut() {
                for v in attrs.values_mut() {
                    if v.is_string() {
                        *v = json!(next());
                    }
                }
            }
        }
        for pr in self.identity_profiles.iter_mut() {
            pr["name"] = json!(format!("{} {}", next(), pr["name"].as_str().unwrap_or("")));
        }
        for i in self.identities.iter_mut() {
            i["name"] = json!(format!("{} {}", next(), i["name"].as_str().unwrap_or("")));
        }
        self.hostile_errors = true;
    }

    /// Puts the spoofing corpus ([`hostile::SPOOFS`]) into the names of two sources (the
    /// last two but the HR feed, Workday and the contractors), two
    /// accounts of the HR feed, an identity profile and an identity, and a value of
    /// [`hostile::LONG`] characters with no break into an account attribute. Returns what
    /// was planted where, for tests.
    pub fn plant_spoofs(&mut self) -> Value {
        let sp = &hostile::SPOOFS;
        let mut planted = serde_json::Map::new();
        let keep = ["HR Feed (CSV)", "Workday", "Contractors (CSV)"];
        let others = self
            .sources
            .iter_mut()
            .rev()
            .filter(|s| !keep.iter().any(|k| s["name"] == *k));
        for (s, name) in others.zip([sp[0], sp[1]]) {
            s["name"] = json!(name);
            planted.insert(name.into(), json!(s["id"]));
        }
        let hr = self
            .sources
            .iter()
            .find(|s| s["name"] == "HR Feed (CSV)")
            .map(|s| s["id"].clone())
            .unwrap_or_default();
        let long = "W".repeat(hostile::LONG);
        for (k, a) in self
            .accounts
            .iter_mut()
            .filter(|a| a["sourceId"] == hr)
            .take(2)
            .enumerate()
        {
            let name = if k == 0 { sp[2] } else { sp[0] };
            a["name"] = json!(name);
            if let Some(attrs) = a["attributes"].as_object_mut() {
                attrs.insert("notes".into(), json!(long));
                attrs.insert("displayName".into(), json!(name));
            }
            planted.insert(format!("account {k}"), json!(a["id"]));
        }
        if let Some(pr) = self.identity_profiles.first_mut() {
            pr["name"] = json!(sp[3]);
        }
        if let Some(i) = self.identities.first_mut() {
            i["name"] = json!(sp[4]);
            planted.insert("identity".into(), json!(i["id"]));
        }
        Value::Object(planted)
    }

    /// Adds a fault to inject.
    pub fn add_fault(&mut self, f: Fault) {
        self.faults.push(f);
    }

    /// Removes every fault.
    pub fn clear_faults(&mut self) {
        self.faults.clear();
    }

    /// A new 32-hex id.
    pub fn new_id(&mut self) -> String {
        self.ids.hex32()
    }

    /// An `ErrorResponseDto` answer with a fresh tracking id.
    pub fn error(
        &mut self,
        status: u16,
        detail_code: &str,
        text: &str,
        causes: &[String],
    ) -> ApiResponse {
        let tracking = self.ids.hex32();
        ApiResponse::json(
            status,
            &json!({
                "detailCode": detail_code,
                "trackingId": tracking,
                "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": text}],
                "causes": causes.iter().map(|c| json!({"locale": "en-US", "localeOrigin": "DEFAULT", "text": c})).collect::<Vec<_>>()
            }),
        )
    }

    pub(crate) fn bad_request(&mut self, cause: &str) -> ApiResponse {
        let cause = if self.hostile_errors {
            format!("{cause} {}", hostile::PAYLOADS[0])
        } else {
            cause.to_string()
        };
        let cause = cause.as_str();
        self.error(
            400,
            "400.1 Bad Request Content",
            "The request was syntactically correct but its content is semantically invalid.",
            &[cause.to_string()],
        )
    }

    pub(crate) fn not_found(&mut self, what: &str) -> ApiResponse {
        self.error(
            404,
            "404 Not found",
            "The server did not find a current representation for the target resource.",
            &[what.to_string()],
        )
    }

    /// Answers one call at `now_ms` (milliseconds on any monotonic clock).
    pub fn handle(&mut self, req: &ApiRequest, now_ms: u64) -> Reply {
        let reply = self.handle_inner(req, now_ms);
        self.received.push(Received {
            method: req.method.as_str().into(),
            path: req.path.clone(),
            query: req.query_string(),
            status: if reply.drop_connection {
                0
            } else {
                reply.response.status
            },
            content_type: req.header("Content-Type").map(str::to_string),
            origin: req.header("Origin").map(str::to_string),
            cookie: req.header("Cookie").is_some(),
        });
        reply
    }

    /// Test controls under `/__demo/`: `POST reset` (fresh seed data), `POST bulk`
    /// (`{"accounts": N, "source": name}`: N more accounts on that source, by default the
    /// first flat file; `{"sources": N}`: N more flat-file sources), `POST faults` (a JSON array of [`Fault`]),
    /// `DELETE faults`, `POST spoofs` (see [`DemoTenant::plant_spoofs`]), `GET received`, `DELETE received`, `POST config` (partial [`Config`]
    /// fields: `token_ttl_s`, `rate_capacity`, `rate_window_ms`). `None` for other paths.
    pub fn control(&mut self, req: &ApiRequest) -> Option<ApiResponse> {
        let what = req.path.strip_prefix("/__demo/")?;
        let body = req.body.as_deref().unwrap_or("");
        Some(match (req.method, what) {
            (Method::Post, "reset") => {
                let config = self.config.clone();
                *self = DemoTenant::new(config);
                ApiResponse::json(200, &json!({"reset": true}))
            }
            (Method::Post, "spoofs") => {
                let planted = self.plant_spoofs();
                ApiResponse::json(200, &planted)
            }
            (Method::Post, "hostile") => {
                self.plant_hostile();
                ApiResponse::json(200, &json!({"payloads": hostile::PAYLOADS.len()}))
            }
            (Method::Post, "faults") => match serde_json::from_str::<Vec<Fault>>(body) {
                Ok(fs) => {
                    let n = fs.len();
                    self.faults.extend(fs);
                    ApiResponse::json(200, &json!({"added": n}))
                }
                Err(e) => ApiResponse::json(400, &json!({"error": e.to_string()})),
            },
            (Method::Delete, "faults") => {
                self.clear_faults();
                ApiResponse::json(200, &json!({}))
            }
            (Method::Post, "bulk") => {
                let v: Value = serde_json::from_str(body).unwrap_or_default();
                if let Some(n) = v["sources"].as_u64() {
                    self.add_bulk_sources(n as usize);
                    return Some(ApiResponse::json(
                        200,
                        &json!({"added": n, "sources": self.sources.len()}),
                    ));
                }
                let n = v["accounts"].as_u64().unwrap_or(10_000) as usize;
                match accounts::add_bulk(self, n, v["source"].as_str()) {
                    Some((id, name)) => ApiResponse::json(
                        200,
                        &json!({"added": n, "sourceId": id, "sourceName": name}),
                    ),
                    None => ApiResponse::json(404, &json!({"error": "no such source"})),
                }
            }
            (Method::Get, "received") => ApiResponse::json(
                200,
                &serde_json::to_value(&self.received).unwrap_or_default(),
            ),
            (Method::Delete, "received") => {
                self.received.clear();
                ApiResponse::json(200, &json!({}))
            }
            (Method::Post, "config") => {
                let v: Value = serde_json::from_str(body).unwrap_or_default();
                if let Some(t) = v["token_ttl_s"].as_u64() {
                    self.config.token_ttl_s = t;
                }
                if let Some(c) = v["rate_capacity"].as_u64() {
                    self.config.rate_capacity = c as usize;
                }
                if let Some(w) = v["rate_window_ms"].as_u64() {
                    self.config.rate_window_ms = w;
                }
                if let Some(l) = v["latency_ms"].as_u64() {
                    self.config.latency_ms = l;
                }
                if let Some(on) = v["serve_v1"].as_bool() {
                    self.config.serve_v1 = on;
                }
                ApiResponse::json(200, &serde_json::to_value(&self.config).unwrap_or_default())
            }
            _ => ApiResponse::json(404, &json!({"error": "unknown control"})),
        })
    }

    /// Adds `n` flat-file sources named `Bulk source 0001`… (copies of the first flat file,
    /// each with its own id and account schema), for tests of lists longer than a page.
    pub fn add_bulk_sources(&mut self, n: usize) {
        let Some(model) = self.sources.iter().find(|s| Self::flat_file(s)).cloned() else {
            return;
        };
        for k in 1..=n {
            let id = self.ids.hex32();
            let schema = seed::account_schema(&mut self.ids, "delimited-file");
            let mut s = model.clone();
            s["id"] = json!(id);
            s["name"] = json!(format!("Bulk source {k:04}"));
            s["schemas"] =
                json!([{"type": "CONNECTOR_SCHEMA", "id": schema["id"], "name": "account"}]);
            self.schemas.insert(id, vec![schema]);
            self.sources.push(s);
        }
    }

    fn take_fault(&mut self, req: &ApiRequest) -> Option<FaultKind> {
        let idx = self.faults.iter().position(|f| {
            f.method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(req.method.as_str()))
                && f.path_prefix
                    .as_deref()
                    .is_none_or(|p| req.path.starts_with(p))
        })?;
        let f = &mut self.faults[idx];
        if f.skip > 0 {
            f.skip -= 1;
            return None;
        }
        let kind = f.kind.clone();
        if f.times > 0 {
            f.times -= 1;
            if f.times == 0 {
                self.faults.remove(idx);
            }
        }
        Some(kind)
    }

    fn handle_inner(&mut self, req: &ApiRequest, now_ms: u64) -> Reply {
        if req.method == Method::Options {
            return Reply::plain(ApiResponse {
                status: 204,
                headers: vec![],
                body: String::new(),
            });
        }
        let mut delay_ms = 0;
        let mut after = None;
        {
            match self.take_fault(req) {
                None => {}
                Some(
                    k @ (FaultKind::ActedThenDrop
                    | FaultKind::ActedThenStatus { .. }
                    | FaultKind::ActedThenGarbled),
                ) => after = Some(k),
                Some(FaultKind::Delay { ms }) => delay_ms = ms,
                Some(FaultKind::ExpireToken) => self.tokens.clear(),
                Some(FaultKind::Drop) => {
                    let mut r = Reply::plain(ApiResponse {
                        status: 0,
                        headers: vec![],
                        body: String::new(),
                    });
                    r.drop_connection = true;
                    return r;
                }
                Some(FaultKind::Malformed) => {
                    return Reply::plain(ApiResponse {
                        status: 200,
                        headers: vec![("Content-Type".into(), "application/json".into())],
                        body: "{\"id\": \"2c9180 <html>".into(),
                    })
                }
                Some(FaultKind::Empty) => {
                    return Reply::plain(ApiResponse {
                        status: 200,
                        headers: vec![("Content-Type".into(), "application/json".into())],
                        body: String::new(),
                    })
                }
                Some(FaultKind::Status { status }) => {
                    let (code, text) = match status {
                        500 => ("500.0 Internal Fault", "An internal fault occurred."),
                        502 => ("502 Bad Gateway", "The upstream service did not answer."),
                        503 => ("503 Service Unavailable", "The service is temporarily unavailable."),
                        403 => ("403 Forbidden", "The server understood the request but refuses to authorize it."),
                        _ => ("400.1 Bad Request Content", "The request was syntactically correct but its content is semantically invalid."),
                    };
                    let r = self.error(status, code, text, &[]);
                    return Reply::plain(r);
                }
                Some(FaultKind::RateLimit { expose }) => {
                    let mut r = Reply::plain(
                        ApiResponse::json(429, &json!({"message": " Rate Limit Exceeded "}))
                            .with_header("Retry-After", "2"),
                    );
                    r.expose_retry_after = expose;
                    return r;
                }
            }
        }
        let mut reply = Reply::plain(self.route(req, now_ms));
        reply.delay_ms = delay_ms.max(self.config.latency_ms);
        match after {
            Some(FaultKind::ActedThenDrop) => reply.drop_connection = true,
            Some(FaultKind::ActedThenStatus { status }) => {
                let text = match status {
                    504 => (
                        "504 Gateway Timeout",
                        "The upstream service did not answer in time.",
                    ),
                    _ => ("502 Bad Gateway", "The upstream service did not answer."),
                };
                reply.response = self.error(status, text.0, text.1, &[]);
            }
            Some(FaultKind::ActedThenGarbled) => {
                let body = &reply.response.body;
                let cut = body.len() / 2;
                let cut = (0..=cut)
                    .rev()
                    .find(|&i| body.is_char_boundary(i))
                    .unwrap_or(0);
                reply.response.status = 200;
                reply.response.body = format!("{}<html>", &body[..cut]);
            }
            _ => {}
        }
        reply
    }

    fn token(&mut self, req: &ApiRequest, now_ms: u64) -> ApiResponse {
        if req.method != Method::Post {
            return self.error(
                405,
                "405 Method Not Allowed",
                "The request method is not supported for this resource.",
                &[],
            );
        }
        // The form body, or (as some scripts do and the tenant accepts) query parameters.
        let mut pairs = req.query.clone();
        if let Some(b) = &req.body {
            if req
                .header("Content-Type")
                .is_none_or(|c| c.starts_with(FORM))
            {
                pairs.extend(parse_form(b));
            }
        }
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        match get("grant_type").as_deref() {
            Some("client_credentials") => {}
            Some(_) => {
                return ApiResponse::json(
                    400,
                    &json!({"error": "unsupported_grant_type", "error_description": "Unsupported grant type"}),
                )
            }
            None => {
                return ApiResponse::json(
                    400,
                    &json!({"error": "invalid_request", "error_description": "Missing grant type"}),
                )
            }
        }
        let id = get("client_id").unwrap_or_default();
        let secret = get("client_secret").unwrap_or_default();
        if id != self.config.client_id || secret != self.config.client_secret {
            return ApiResponse::json(
                401,
                &json!({"error": "unauthorized", "error_description": "Bad credentials"}),
            );
        }
        let token = format!("eyJhbGciOiJSUzI1NiJ9.demo.{}", self.ids.hex32());
        self.tokens.insert(
            token.clone(),
            TokenInfo {
                client_id: id,
                expires_ms: now_ms + self.config.token_ttl_s * 1000,
            },
        );
        ApiResponse::json(
            200,
            &json!({
                "access_token": token,
                "token_type": "bearer",
                "expires_in": self.config.token_ttl_s,
                "scope": "sp:scopes:all",
                "tenant_id": "7c6b5e1a-0d2f-4a8e-9b3c-demo00000001",
                "pod": "demo-pod",
                "org": "acme-demo",
                "internal": false,
                "strong_auth_supported": false,
                "identity_id": self.identities[0]["id"],
                "user_name": "ada.lovelace",
                "strong_auth": true,
                "jti": self.ids.hex32()
            }),
        )
    }

    fn authenticate(&mut self, req: &ApiRequest, now_ms: u64) -> Result<String, ApiResponse> {
        let header = req.header("Authorization").unwrap_or("");
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .unwrap_or("");
        match self.tokens.get(token) {
            None => Err(ApiResponse::json(
                401,
                &json!({"error": "JWT validation failed: JWT is missing or invalid"}),
            )),
            Some(t) if t.expires_ms <= now_ms => Err(ApiResponse::json(
                401,
                &json!({"error": "JWT validation failed: JWT is expired"}),
            )),
            Some(t) => Ok(t.client_id.clone()),
        }
    }

    fn rate_limit(&mut self, client: &str, version: &str, now_ms: u64) -> Option<ApiResponse> {
        let window = self.config.rate_window_ms;
        let cap = self.config.rate_capacity;
        let q = self
            .rate
            .entry((client.to_string(), version.to_string()))
            .or_default();
        while q.front().is_some_and(|&t| t + window <= now_ms) {
            q.pop_front();
        }
        if q.len() >= cap {
            let wait_ms = q.front().map(|&t| t + window - now_ms).unwrap_or(window);
            let secs = wait_ms.div_ceil(1000).max(1);
            return Some(
                ApiResponse::json(429, &json!({"message": " Rate Limit Exceeded "}))
                    .with_header("Retry-After", secs.to_string()),
            );
        }
        q.push_back(now_ms);
        None
    }

    fn route(&mut self, req: &ApiRequest, now_ms: u64) -> ApiResponse {
        if req.path == "/oauth/token" {
            return self.token(req, now_ms);
        }
        // IdentityIQ: its SCIM base may carry the prefix (the page's demo) or the path may.
        let (origin, base_path) = match req.base.split_once("://") {
            Some((scheme, rest)) => match rest.find('/') {
                Some(i) => (format!("{scheme}://{}", &rest[..i]), &rest[i..]),
                None => (req.base.clone(), ""),
            },
            None => (req.base.clone(), ""),
        };
        let full = format!("{}{}", base_path.trim_end_matches('/'), req.path);
        if full == iiq::PREFIX || full.starts_with(&format!("{}/", iiq::PREFIX)) {
            let mut r = req.clone();
            r.path = full;
            return self.iiq.route(&r, &origin);
        }
        let client = match self.authenticate(req, now_ms) {
            Ok(c) => c,
            Err(r) => return r,
        };
        let all: Vec<&str> = req.path.trim_matches('/').split('/').collect();
        // Both generations reach one route; a path neither has is the spec's 404.
        let Some((version, segs)) =
            paths::resolve(&all).filter(|(v, _)| *v != "v1" || self.config.serve_v1)
        else {
            return self.not_found(&format!("No resource at {}", req.path));
        };
        if let Some(r) = self.rate_limit(&client, version, now_ms) {
            return r;
        }
        if let Some(r) = self.route_accounts(req, &segs, now_ms) {
            return r;
        }
        self.route_sources(req, &segs, now_ms)
            .or_else(|| self.route_directory(req, &segs))
            .or_else(|| self.route_profiles(req, &segs, now_ms))
            .unwrap_or_else(|| self.not_found(&format!("No resource at {}", req.path)))
    }

    fn method_not_allowed(&mut self) -> ApiResponse {
        self.error(
            405,
            "405 Method Not Allowed",
            "The request method is not supported for this resource.",
            &[],
        )
    }

    pub(crate) fn list(
        &mut self,
        items: Vec<Value>,
        req: &ApiRequest,
        spec: &ListSpec,
    ) -> ApiResponse {
        self.list_with(items, req, spec, |_| {})
    }

    /// [`Self::list`] over owned or borrowed items; `shape` trims each item of the page
    /// sent (so a large list is filtered and sorted by reference and only a page is copied).
    pub(crate) fn list_with<T: std::borrow::Borrow<Value>>(
        &mut self,
        mut items: Vec<T>,
        req: &ApiRequest,
        spec: &ListSpec,
        shape: fn(&mut Value),
    ) -> ApiResponse {
        let q = |k: &str| {
            req.query
                .iter()
                .rev()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
        };
        let limit = match q("limit") {
            None => 250,
            Some(l) => match l.parse::<u64>() {
                Ok(v) if v <= 250 => v,
                _ => {
                    return self
                        .bad_request(&format!("limit must be an integer from 0 to 250, got {l}"))
                }
            },
        };
        let offset = match q("offset") {
            None => 0,
            Some(o) => match o.parse::<u64>() {
                Ok(v) => v,
                _ => {
                    return self
                        .bad_request(&format!("offset must be a non-negative integer, got {o}"))
                }
            },
        };
        if let Some(f) = q("filters").filter(|f| !f.trim().is_empty()) {
            let expr = match filter::parse(&f) {
                Ok(e) => e,
                Err(why) => return self.bad_request(&format!("Invalid filter: {why}")),
            };
            let mut used = vec![];
            filter::fields(&expr, &mut used);
            for (field, op) in used {
                let ok = spec
                    .filters
                    .iter()
                    .any(|(f, ops)| *f == field && ops.contains(&op.as_str()));
                if !ok {
                    return self
                        .bad_request(&format!("Filtering by {field} with {op} is not supported"));
                }
            }
            items.retain(|i| filter::eval(&expr, i.borrow()));
        }
        if let Some(s) = q("sorters").filter(|s| !s.trim().is_empty()) {
            let mut keys = vec![];
            for part in s.split(',') {
                let part = part.trim();
                let (desc, field) = match part.strip_prefix('-') {
                    Some(f) => (true, f),
                    None => (false, part),
                };
                if !spec.sorters.contains(&field) {
                    return self.bad_request(&format!("Sorting by {field} is not supported"));
                }
                keys.push((field.to_string(), desc));
            }
            items.sort_by(|a, b| {
                for (f, desc) in &keys {
                    let o =
                        cmp_values(filter::lookup(a.borrow(), f), filter::lookup(b.borrow(), f));
                    let o = if *desc { o.reverse() } else { o };
                    if o != std::cmp::Ordering::Equal {
                        return o;
                    }
                }
                std::cmp::Ordering::Equal
            });
        }
        let total = items.len();
        let page: Vec<Value> = items
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .map(|v| {
                let mut v = v.borrow().clone();
                shape(&mut v);
                v
            })
            .collect();
        let mut r = ApiResponse::json(200, &Value::Array(page));
        if q("count").as_deref() == Some("true") {
            r = r.with_header("X-Total-Count", total.to_string());
        }
        r
    }
}

#[cfg(test)]
mod tests;
