//! A demo IdentityIQ: the SCIM 2.0 endpoints of `iiq-scim-subset.yaml` (Accounts,
//! Applications, Schemas, ServiceProviderConfig) plus `/Users` for the identity search,
//! under `/identityiq/scim/v2`, behind HTTP Basic (`spadmin` / `admin`, IdentityIQ's
//! out-of-the-box administrator). Three applications with different account schemas (one
//! with required extension attributes, one with multi-valued ones), identities and
//! accounts. It enforces what the description says: the identity, the application, the
//! native identity and the application's extension object are required on create and
//! update; each extension attribute has its schema's type, canonical values and
//! mutability; a native identity is unique per application; `password` is write-only.

use isc_core::http::{decode_component, ApiRequest, ApiResponse, Method};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

mod filter;
mod routes;
mod seed;
mod write;

/// Where the SCIM endpoints are served.
pub const PREFIX: &str = "/identityiq/scim/v2";
/// The demo's administrator.
pub const USER: &str = "spadmin";
pub const PASSWORD: &str = "admin";
/// The `Authorization` header of [`USER`] and [`PASSWORD`] (so that the console's wasm needs
/// no base64 for the demo).
pub const BASIC: &str = "Basic c3BhZG1pbjphZG1pbg==";

const APP_PREFIX: &str = "urn:ietf:params:scim:schemas:sailpoint:1.0:Application:Schema:";
const ACCOUNT_URN: &str = "urn:ietf:params:scim:schemas:sailpoint:1.0:Account";
const LIST_URN: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR_URN: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
const SCIM_JSON: &str = "application/scim+json";
const JSON: &str = "application/json";
/// The most results one page holds (`filter.maxResults`).
const MAX_RESULTS: u64 = 1000;

/// The demo IdentityIQ's data.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Iiq {
    pub users: Vec<Value>,
    pub apps: Vec<Value>,
    /// Account schemas, by application name.
    pub schemas: Vec<(String, Vec<Value>)>,
    pub accounts: Vec<Value>,
    next: u64,
    /// Writes, for the clock in `meta`.
    clock: u64,
}

impl Default for Iiq {
    fn default() -> Self {
        Iiq::seed()
    }
}

fn attr(
    name: &str,
    kind: &str,
    required: bool,
    multi: bool,
    mutability: &str,
    desc: &str,
) -> Value {
    json!({
        "name": name, "type": kind, "multiValued": multi, "description": desc,
        "required": required, "caseExact": false, "mutability": mutability,
        "returned": "default", "uniqueness": "none"
    })
}

fn with_canonical(mut a: Value, values: &[&str]) -> Value {
    a["canonicalValues"] = json!(values);
    a
}

fn scim_error(status: u16, kind: &str, detail: &str) -> ApiResponse {
    let mut body = json!({"schemas": [ERROR_URN], "status": status.to_string(), "detail": detail});
    if !kind.is_empty() {
        body["scimType"] = json!(kind);
    }
    typed(ApiResponse::json(status, &body), SCIM_JSON)
}

fn typed(mut r: ApiResponse, ct: &str) -> ApiResponse {
    r.headers
        .retain(|(k, _)| !k.eq_ignore_ascii_case("content-type"));
    r.headers.push(("Content-Type".into(), ct.into()));
    r
}

fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

impl Iiq {
    fn id(&mut self) -> String {
        let n = self.next;
        self.next += 1;
        format!("c0a8d1e5{n:024x}")
    }

    fn now(&mut self) -> String {
        self.clock += 1;
        let s = self.clock;
        format!(
            "2026-12-02T{:02}:{:02}:{:02}Z",
            10 + (s / 3600) % 12,
            (s / 60) % 60,
            s % 60
        )
    }

    fn schema_of(&self, app: &str) -> Option<&Vec<Value>> {
        self.schemas.iter().find(|(n, _)| n == app).map(|(_, a)| a)
    }
}

fn schema_out(app: &str, attrs: &[Value], root: &str) -> Value {
    let id = format!("{APP_PREFIX}{app}:account");
    json!({
        "id": id, "name": "account",
        "description": format!("The account schema of {app}."),
        "attributes": attrs,
        "meta": {"location": format!("{root}/Schemas/{id}"), "resourceType": "Schema", "version": "W\"1767600000000\""},
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"]
    })
}

fn account_out(a: &Value, root: &str) -> Value {
    let mut out = a.clone();
    let id = a["id"].as_str().unwrap_or("").to_string();
    let app = a["application"]["displayName"]
        .as_str()
        .unwrap_or("")
        .to_string();
    if let Some(o) = out.as_object_mut() {
        let created = o.remove("created").unwrap_or(Value::Null);
        let modified = o.remove("lastModified").unwrap_or(Value::Null);
        o.insert(
            "uuid".into(),
            json!(format!(
                "{{{}-{}-{}-{}-{}}}",
                &id[..8.min(id.len())],
                "0000",
                "4000",
                "8000",
                id.get(20..).unwrap_or("")
            )),
        );
        o.insert(
            "meta".into(),
            json!({
                "created": created, "lastModified": modified,
                "location": format!("{root}/Accounts/{id}"), "resourceType": "Account",
                "version": "W\"1767600000000\""
            }),
        );
        o.insert(
            "schemas".into(),
            json!([ACCOUNT_URN, format!("{APP_PREFIX}{app}:account")]),
        );
        let user = a["identity"]["value"].as_str().unwrap_or("");
        o["identity"]["ref"] = json!(format!("{root}/Users/{user}"));
        let app_id = a["application"]["value"].as_str().unwrap_or("");
        o["application"]["ref"] = json!(format!("{root}/Applications/{app_id}"));
    }
    out
}

#[cfg(test)]
mod tests;
