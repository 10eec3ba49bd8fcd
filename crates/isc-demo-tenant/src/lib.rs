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
mod auth;
mod control;
mod correlation;
mod directory;
mod dispatch;
mod entitlements;
mod errors;
mod faults;
pub mod filter;
pub mod hostile;
mod identity_profiles;
pub mod iiq;
mod list;
mod patch;
pub mod paths;
mod plant;
mod posted_csv;
mod schemas;
pub mod seed;
mod source_changes;
mod sources;
mod state;

use isc_core::http::{parse_form, ApiRequest, ApiResponse, Method, FORM};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};

/// The client id the demo tenant is seeded with; "Use demo tenant" signs in with it.
pub const DEMO_CLIENT_ID: &str = "demo-client-0000-4000-8000-000000000001";
/// The matching demo secret. It protects nothing: the demo tenant lives in the page.
pub const DEMO_CLIENT_SECRET: &str = "demo-secret";
/// The API base the console shows for the in-page demo tenant: `.invalid` is a name no host
/// can ever have (RFC 6761), so it cannot be mistaken for a real tenant or pasted into one.
pub const DEMO_API_BASE: &str = "https://demo-tenant.invalid";

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
    /// The entitlements of each source (by source id), as its last entitlement aggregation left them.
    pub entitlements: HashMap<String, Vec<Value>>,
    /// Account correlation configs by source id (made when first read).
    pub correlation: HashMap<String, Value>,
    /// The demo IdentityIQ, under [`iiq::PREFIX`].
    pub iiq: iiq::Iiq,
    tasks: HashMap<String, accounts::Task>,
    faults: Vec<Fault>,
    /// When set, 400 answers carry an XSS payload in their messages.
    hostile_errors: bool,
    /// Every call received, oldest first.
    pub received: Vec<Received>,
}

pub(crate) use list::ListSpec;

#[cfg(test)]
mod tests;
