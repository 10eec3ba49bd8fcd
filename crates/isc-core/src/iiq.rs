//! IdentityIQ over SCIM 2.0 (`iiq-scim-subset.yaml`): every request the console sends to an
//! IdentityIQ server, how its answers are read, and the account form built from an
//! application's schema. An application's own attributes travel in an extension object
//! named after it (`urn:…:Application:Schema:<APPLICATION NAME>:account`), so the payload
//! differs per application: [`build_account`] makes it from the schema and refuses, field by
//! field, what the schema would refuse.
//!
//! Requests built here carry `Accept: application/scim+json`, which is also how
//! [`crate::http::ApiRequest::to_curl`] knows to write HTTP Basic as `$IIQ_USER:$IIQ_PASSWORD`.

use crate::http::{encode_component, ApiRequest, Method};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The SCIM media type: sent with every body, asked for in every `Accept`.
pub const SCIM_JSON: &str = "application/scim+json";
/// The core schema of an IdentityIQ account resource.
pub const ACCOUNT_URN: &str = "urn:ietf:params:scim:schemas:sailpoint:1.0:Account";
/// An application's account schema id is this, the application's name, then `:account`.
pub const APP_SCHEMA_PREFIX: &str =
    "urn:ietf:params:scim:schemas:sailpoint:1.0:Application:Schema:";
/// The schema of a SCIM error answer.
pub const ERROR_URN: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
/// Results per page the console asks for.
pub const PAGE: u64 = 25;

/// The id of an application's account schema, which is also the key of its extension
/// object in an account: `urn:…:Application:Schema:HR Directory:account`.
pub fn account_schema_id(app_name: &str) -> String {
    format!("{APP_SCHEMA_PREFIX}{app_name}:account")
}

/// The application named by an extension key (`urn:…:Schema:<name>:account`), if it is one.
pub fn app_of_extension(key: &str) -> Option<&str> {
    key.strip_prefix(APP_SCHEMA_PREFIX)?
        .strip_suffix(":account")
}

/// Reads the SCIM base URL a person typed: `https://` (plain `http://` only for localhost),
/// usually a path (`/identityiq/scim/v2`), no user info, query or fragment; no trailing `/`.
pub fn parse_base(input: &str) -> Result<String, String> {
    if input.trim().is_empty() {
        return Err("Enter the SCIM base URL, e.g. https://iiq.example/identityiq/scim/v2.".into());
    }
    // Usually with the SCIM path; a reverse proxy may serve SCIM at its root.
    match crate::tenant::parse_proxy_base(input) {
        Ok(Some(b)) => Ok(b),
        Ok(None) => Err("Enter the SCIM base URL.".into()),
        Err(e) => Err(e
            .to_string()
            .replace("proxy base URL", "SCIM base URL")
            .replace("proxy address", "SCIM base URL")),
    }
}

/// The `Authorization` value for HTTP Basic: `Basic base64(user:password)` over UTF-8.
pub fn basic_auth(user: &str, password: &str) -> String {
    use base64::Engine;
    let raw = format!("{user}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw.as_bytes())
    )
}

/// The connect form's checks: the base URL, a user name without `:` (Basic cannot carry
/// one), a password. Each message is keyed by its field.
pub fn validate_connect(
    base: &str,
    user: &str,
    password: &str,
) -> Result<String, Vec<(&'static str, String)>> {
    let mut errs = Vec::new();
    let b = parse_base(base)
        .map_err(|e| errs.push(("iiq-base", e)))
        .ok();
    if user.trim().is_empty() {
        errs.push(("iiq-user", "Enter the IdentityIQ user name.".into()));
    } else if user.contains(':') {
        errs.push((
            "iiq-user",
            "A user name with “:” cannot be sent with HTTP Basic.".into(),
        ));
    }
    if password.is_empty() {
        errs.push(("iiq-password", "Enter the password.".into()));
    }
    match b {
        Some(b) if errs.is_empty() => Ok(b),
        _ => Err(errs),
    }
}

/// A remembered IdentityIQ connection: the SCIM base and the user, never the password.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SavedIiq {
    pub base: String,
    pub user: String,
}

impl SavedIiq {
    /// How the saved-connection picker names it.
    pub fn label(&self) -> String {
        format!("{} at {}", self.user, self.base)
    }
}

/// Where the remembered IdentityIQ connections are kept (local storage).
pub const SAVED_KEY: &str = "isc-console.iiq-connections";
/// How many are kept.
pub const SAVED_MAX: usize = 10;

/// The remembered connections as stored; anything unreadable is none.
pub fn read_saved(raw: Option<&str>) -> Vec<SavedIiq> {
    raw.and_then(|r| serde_json::from_str::<Vec<SavedIiq>>(r).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|s| parse_base(&s.base).is_ok() && !s.user.is_empty())
        .take(SAVED_MAX)
        .collect()
}

/// Puts `s` first (once), keeping at most [`SAVED_MAX`].
pub fn remember(list: &mut Vec<SavedIiq>, s: SavedIiq) {
    list.retain(|x| x != &s);
    list.insert(0, s);
    list.truncate(SAVED_MAX);
}

fn req(method: Method, path: &str) -> ApiRequest {
    let mut r = ApiRequest::new(method, "", path);
    r.set_header("Accept", SCIM_JSON);
    r
}

fn with_body(mut r: ApiRequest, body: &Value) -> ApiRequest {
    r.set_header("Content-Type", SCIM_JSON);
    r.body = Some(body.to_string());
    r
}

/// A SCIM string in a filter: quoted, with `"` and `\` escaped (RFC 7644 §3.4.2.2).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// `GET /ServiceProviderConfig`: what the server supports; the connect call.
pub fn service_provider_config() -> ApiRequest {
    req(Method::Get, "/ServiceProviderConfig")
}

/// `GET /Applications`, a page of them, those whose name starts with `name` when it is set.
pub fn applications(name: &str, start_index: u64) -> ApiRequest {
    let mut r = req(Method::Get, "/Applications")
        .with_query("startIndex", start_index.max(1).to_string())
        .with_query("count", PAGE.to_string());
    if !name.trim().is_empty() {
        r = r.with_query("filter", format!("name sw {}", quote(name.trim())));
    }
    r
}

/// `GET /Applications/{id}`.
pub fn application(id: &str) -> ApiRequest {
    req(
        Method::Get,
        &format!("/Applications/{}", encode_component(id)),
    )
}

/// `GET /Schemas/{id}`: an application's account schema by its URN ([`account_schema_id`]).
pub fn schema(id: &str) -> ApiRequest {
    req(Method::Get, &format!("/Schemas/{}", encode_component(id)))
}

/// `GET /Users`, the identities whose user name starts with `text` (the account form's
/// identity search). Not in the extract: IdentityIQ serves it (see docs/identityiq.md).
pub fn users(text: &str) -> ApiRequest {
    req(Method::Get, "/Users")
        .with_query("filter", format!("userName sw {}", quote(text.trim())))
        .with_query("count", "10")
}

/// What the accounts list asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountQuery {
    /// An application id (`application.value eq`).
    pub application: String,
    /// `displayName sw`.
    pub display_name: String,
    /// `nativeIdentity eq`.
    pub native_identity: String,
    /// `displayName` or `nativeIdentity`; empty is the server's order.
    pub sort_by: String,
    pub descending: bool,
    pub start_index: u64,
}

impl AccountQuery {
    /// The SCIM filter, the parts joined by `and`; empty when nothing is asked.
    pub fn filter(&self) -> String {
        let mut parts = Vec::new();
        if !self.application.trim().is_empty() {
            parts.push(format!(
                "application.value eq {}",
                quote(self.application.trim())
            ));
        }
        if !self.display_name.trim().is_empty() {
            parts.push(format!(
                "displayName sw {}",
                quote(self.display_name.trim())
            ));
        }
        if !self.native_identity.trim().is_empty() {
            parts.push(format!(
                "nativeIdentity eq {}",
                quote(self.native_identity.trim())
            ));
        }
        parts.join(" and ")
    }
}

impl AccountQuery {
    /// The list's state from its address (`/iiq/accounts?application=…&name=…&start=26`).
    pub fn from_query(q: &crate::route::Query) -> Self {
        let get = |k: &str| q.get(k).unwrap_or_default();
        let sort = get("sort");
        AccountQuery {
            application: get("application"),
            display_name: get("name"),
            native_identity: get("native"),
            sort_by: if ["displayName", "nativeIdentity"].contains(&sort.as_str()) {
                sort
            } else {
                String::new()
            },
            descending: get("order") == "desc",
            start_index: get("start").parse().ok().filter(|s| *s >= 1).unwrap_or(1),
        }
    }

    /// The list's address for this state, so that a reload or a shared link shows it again.
    pub fn to_url(&self) -> String {
        let mut q = Vec::new();
        for (k, v) in [
            ("application", self.application.trim()),
            ("name", self.display_name.trim()),
            ("native", self.native_identity.trim()),
            ("sort", self.sort_by.as_str()),
        ] {
            if !v.is_empty() {
                q.push(format!("{k}={}", encode_component(v)));
            }
        }
        if self.descending && !self.sort_by.is_empty() {
            q.push("order=desc".into());
        }
        if self.start_index > 1 {
            q.push(format!("start={}", self.start_index));
        }
        if q.is_empty() {
            "/iiq/accounts".into()
        } else {
            format!("/iiq/accounts?{}", q.join("&"))
        }
    }
}

/// `GET /Accounts` with the query's filter, sort and page.
pub fn accounts(q: &AccountQuery) -> ApiRequest {
    let mut r = req(Method::Get, "/Accounts");
    let f = q.filter();
    if !f.is_empty() {
        r = r.with_query("filter", f);
    }
    if !q.sort_by.is_empty() {
        r = r.with_query("sortBy", q.sort_by.clone()).with_query(
            "sortOrder",
            if q.descending {
                "descending"
            } else {
                "ascending"
            },
        );
    }
    r.with_query("startIndex", q.start_index.max(1).to_string())
        .with_query("count", PAGE.to_string())
}

/// `GET /Accounts/{id}`.
pub fn account(id: &str) -> ApiRequest {
    req(Method::Get, &format!("/Accounts/{}", encode_component(id)))
}

/// `POST /Accounts` with a body from [`build_account`].
pub fn create_account(body: &Value) -> ApiRequest {
    with_body(req(Method::Post, "/Accounts"), body)
}

/// `PUT /Accounts/{id}`: the whole account again, as [`build_account`] makes it.
pub fn update_account(id: &str, body: &Value) -> ApiRequest {
    with_body(
        req(Method::Put, &format!("/Accounts/{}", encode_component(id))),
        body,
    )
}

/// `DELETE /Accounts/{id}`.
pub fn delete_account(id: &str) -> ApiRequest {
    req(
        Method::Delete,
        &format!("/Accounts/{}", encode_component(id)),
    )
}

/// One page of a SCIM `ListResponse`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListPage {
    pub total: u64,
    /// 1-based, as SCIM counts.
    pub start_index: u64,
    pub resources: Vec<Value>,
}

impl ListPage {
    /// The `startIndex` of the next page, if there is one.
    pub fn next(&self) -> Option<u64> {
        let after = self.start_index.max(1) + self.resources.len() as u64;
        (!self.resources.is_empty() && after <= self.total).then_some(after)
    }

    /// "11–20 of 43", or "none".
    pub fn range(&self) -> String {
        if self.resources.is_empty() {
            return format!("none of {}", self.total);
        }
        let from = self.start_index.max(1);
        format!(
            "{from}–{} of {}",
            from + self.resources.len() as u64 - 1,
            self.total
        )
    }
}

/// Reads a `ListResponse` (`totalResults`, `startIndex`, `Resources`).
pub fn parse_list(body: &str) -> Result<ListPage, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let resources = match v.get("Resources") {
        Some(Value::Array(a)) => a.clone(),
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err("Resources is not a list".into()),
    };
    let n = |k: &str| v.get(k).and_then(Value::as_u64);
    Ok(ListPage {
        total: n("totalResults").unwrap_or(resources.len() as u64),
        start_index: n("startIndex").unwrap_or(1),
        resources,
    })
}

/// What `/ServiceProviderConfig` says the server supports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Features {
    pub filter: bool,
    pub max_results: Option<u64>,
    pub sort: bool,
    pub patch: bool,
    pub bulk: bool,
    pub change_password: bool,
    pub etag: bool,
    /// The authentication schemes' names.
    pub auth: Vec<String>,
}

fn supported(v: &Value, k: &str) -> bool {
    v.get(k)
        .and_then(|o| o.get("supported"))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

fn one_or_many(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(o @ Value::Object(_)) => vec![o],
        _ => Vec::new(),
    }
}

/// Reads `/ServiceProviderConfig`: the RFC 7643 object, or (as the IdentityIQ description
/// has it) a `ListResponse` holding it in `Resources`.
pub fn parse_features(body: &str) -> Result<Features, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let c = match v.get("Resources") {
        Some(r) => one_or_many(Some(r))
            .into_iter()
            .next()
            .cloned()
            .unwrap_or(Value::Null),
        None => v,
    };
    if !c.is_object() {
        return Err("no service provider configuration in the answer".into());
    }
    Ok(Features {
        filter: supported(&c, "filter"),
        max_results: c
            .get("filter")
            .and_then(|f| f.get("maxResults"))
            .and_then(Value::as_u64),
        sort: supported(&c, "sort"),
        patch: supported(&c, "patch"),
        bulk: supported(&c, "bulk"),
        change_password: supported(&c, "changePassword"),
        etag: supported(&c, "etag"),
        auth: one_or_many(c.get("authenticationSchemes"))
            .into_iter()
            .filter_map(|a| a.get("name").and_then(Value::as_str).map(str::to_string))
            .collect(),
    })
}

impl Features {
    /// What the server supports, a line per feature, as the console shows it.
    pub fn lines(&self) -> Vec<(&'static str, String)> {
        let yes = |b: bool| if b { "supported" } else { "not supported" }.to_string();
        vec![
            (
                "Filter",
                match (self.filter, self.max_results) {
                    (true, Some(m)) => format!("supported, at most {m} results"),
                    (b, _) => yes(b),
                },
            ),
            ("Sort", yes(self.sort)),
            ("Paging", "startIndex and count".to_string()),
            ("PATCH", yes(self.patch)),
            ("Bulk", yes(self.bulk)),
            ("Change password", yes(self.change_password)),
            ("ETag", yes(self.etag)),
            (
                "Authentication",
                if self.auth.is_empty() {
                    "not said".into()
                } else {
                    self.auth.join(", ")
                },
            ),
        ]
    }
}

/// An application as the lists and its page show it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct App {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub owner: String,
    /// The id of its account schema: from `applicationSchemas`, else [`account_schema_id`].
    pub account_schema: String,
}

fn text(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

/// Reads an Application resource; `applicationSchemas` may be one object (the description)
/// or a list (RFC 7643 style).
pub fn parse_app(v: &Value) -> App {
    let name = text(v, "name");
    let account_schema = one_or_many(v.get("applicationSchemas"))
        .into_iter()
        .find(|s| s.get("type").and_then(Value::as_str) == Some("account"))
        .map(|s| text(s, "value"))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| account_schema_id(&name));
    App {
        id: text(v, "id"),
        kind: text(v, "type"),
        owner: v
            .get("owner")
            .map(|o| text(o, "displayName"))
            .unwrap_or_default(),
        name,
        account_schema,
    }
}

/// A SCIM attribute type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    String,
    Boolean,
    Integer,
    Decimal,
    DateTime,
    Reference,
    /// Complex and binary values: shown, not edited.
    Other,
}

impl Kind {
    fn parse(s: &str) -> Kind {
        match s.to_ascii_lowercase().as_str() {
            "string" => Kind::String,
            "boolean" => Kind::Boolean,
            "integer" | "int" | "long" => Kind::Integer,
            "decimal" => Kind::Decimal,
            "datetime" | "date" => Kind::DateTime,
            "reference" => Kind::Reference,
            _ => Kind::Other,
        }
    }

    /// The type as the schema table shows it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Boolean => "boolean",
            Kind::Integer => "integer",
            Kind::Decimal => "decimal",
            Kind::DateTime => "date and time",
            Kind::Reference => "reference",
            Kind::Other => "complex",
        }
    }
}

/// Who may set an attribute (RFC 7643 §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutability {
    ReadWrite,
    ReadOnly,
    /// Set once, at create.
    Immutable,
    WriteOnly,
}

impl Mutability {
    fn parse(s: &str) -> Mutability {
        match s {
            "readOnly" => Mutability::ReadOnly,
            "immutable" => Mutability::Immutable,
            "writeOnly" => Mutability::WriteOnly,
            _ => Mutability::ReadWrite,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Mutability::ReadWrite => "read and write",
            Mutability::ReadOnly => "read only",
            Mutability::Immutable => "set at create only",
            Mutability::WriteOnly => "write only",
        }
    }
}

/// One attribute of an application's account schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    pub name: String,
    pub description: String,
    pub kind: Kind,
    pub multi: bool,
    pub required: bool,
    pub mutability: Mutability,
    /// The only values allowed, when the schema lists some.
    pub canonical: Vec<String>,
}

impl Attr {
    /// Whether the create form asks for it.
    pub fn on_create(&self) -> bool {
        self.mutability != Mutability::ReadOnly && self.kind != Kind::Other
    }

    /// Whether the edit form may change it.
    pub fn on_update(&self) -> bool {
        matches!(
            self.mutability,
            Mutability::ReadWrite | Mutability::WriteOnly
        ) && self.kind != Kind::Other
    }
}

/// An application's account schema.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    pub id: String,
    pub name: String,
    pub attrs: Vec<Attr>,
}

/// Reads a Schema resource.
pub fn parse_schema(v: &Value) -> Schema {
    let attrs = v
        .get("attributes")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter(|x| !text(x, "name").is_empty())
                .map(|x| Attr {
                    name: text(x, "name"),
                    description: text(x, "description"),
                    kind: Kind::parse(&text(x, "type")),
                    multi: x.get("multiValued").and_then(Value::as_bool) == Some(true),
                    required: x.get("required").and_then(Value::as_bool) == Some(true),
                    mutability: Mutability::parse(&text(x, "mutability")),
                    canonical: x
                        .get("canonicalValues")
                        .and_then(Value::as_array)
                        .map(|c| {
                            c.iter()
                                .filter_map(|s| s.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    Schema {
        id: text(v, "id"),
        name: text(v, "name"),
        attrs,
    }
}

/// One value typed into the form, read as the attribute's type. Multi-valued attributes
/// take one value per line. Empty is `Ok(None)`.
pub fn read_value(attr: &Attr, raw: &str) -> Result<Option<Value>, String> {
    let parts: Vec<&str> = if attr.multi {
        raw.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    } else if raw.trim().is_empty() {
        Vec::new()
    } else {
        vec![raw.trim()]
    };
    if parts.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(parts.len());
    for p in &parts {
        if !attr.canonical.is_empty() && !attr.canonical.iter().any(|c| c == p) {
            return Err(format!(
                "“{p}” is not one of the values {} allows: {}.",
                attr.name,
                attr.canonical.join(", ")
            ));
        }
        out.push(match attr.kind {
            Kind::Boolean => match p.to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => return Err(format!("{} is true or false.", attr.name)),
            },
            Kind::Integer => match p.parse::<i64>() {
                Ok(n) => Value::from(n),
                Err(_) => return Err(format!("“{p}” is not a whole number.")),
            },
            Kind::Decimal => match p.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
                Some(n) => Value::Number(n),
                None => return Err(format!("“{p}” is not a number.")),
            },
            Kind::DateTime => {
                if !is_date_time(p) {
                    return Err(format!(
                        "“{p}” is not a date and time like 2026-12-02T09:30:00Z."
                    ));
                }
                Value::String(p.to_string())
            }
            _ => Value::String(p.to_string()),
        });
    }
    Ok(Some(if attr.multi {
        Value::Array(out)
    } else {
        out.remove(0)
    }))
}

/// An RFC 3339 date-time (`2026-12-02T09:30:00Z`, `…+01:00`, fractions allowed).
pub fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || !matches!(b[10], b'T' | b't')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(99);
    if !(1..=12).contains(&num(5..7))
        || !(1..=31).contains(&num(8..10))
        || num(11..13) > 23
        || num(14..16) > 59
        || num(17..19) > 60
    {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(f) = rest.strip_prefix('.') {
        let n = f.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &f[n..];
    }
    matches!(rest, "Z" | "z")
        || (rest.len() == 6
            && matches!(rest.as_bytes()[0], b'+' | b'-')
            && rest[1..3].bytes().all(|c| c.is_ascii_digit())
            && &rest[3..4] == ":"
            && rest[4..6].bytes().all(|c| c.is_ascii_digit()))
}

/// A reference to a user or an application, as an account carries it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ref {
    pub value: String,
    pub display: String,
}

/// What the account form holds: the core fields and one text per schema attribute.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountForm {
    pub identity: Ref,
    pub native_identity: String,
    pub display_name: String,
    /// Write-only; never shown back, never kept.
    pub password: String,
    /// Empty means "not said" (the server's default).
    pub active: Option<bool>,
    /// By attribute name; multi-valued ones one value per line.
    pub values: BTreeMap<String, String>,
}

/// A message for one field of the form (`identity`, `nativeIdentity`, or an attribute name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

fn err(field: &str, message: String) -> FieldError {
    FieldError {
        field: field.to_string(),
        message,
    }
}

/// The account payload for `POST /Accounts` (no `current`) or `PUT /Accounts/{id}` (with
/// the account as read), checked against the application's schema: the identity and the
/// native identity are there, every required attribute has a value, every value has the
/// attribute's type (and is one of its canonical values when it has some), and on update
/// nothing immutable changes. On any error nothing is built: every message is returned.
pub fn build_account(
    app: &App,
    schema: &Schema,
    form: &AccountForm,
    current: Option<&Value>,
) -> Result<Value, Vec<FieldError>> {
    let mut errs = Vec::new();
    let creating = current.is_none();
    if form.identity.value.trim().is_empty() {
        errs.push(err(
            "identity",
            "Choose the identity this account belongs to.".into(),
        ));
    }
    let native = form.native_identity.trim();
    if native.is_empty() {
        errs.push(err(
            "nativeIdentity",
            "Enter the native identity: the account's id on the application.".into(),
        ));
    }
    if let Some(c) = current {
        if c.get("nativeIdentity").and_then(Value::as_str) != Some(native) && !native.is_empty() {
            errs.push(err(
                "nativeIdentity",
                "The native identity cannot change once the account exists.".into(),
            ));
        }
    }
    let ext_key = account_schema_id(&app.name);
    let old_ext = current
        .and_then(|c| c.get(&ext_key))
        .and_then(Value::as_object);
    let mut ext = Map::new();
    for a in &schema.attrs {
        let editable = if creating {
            a.on_create()
        } else {
            a.on_update()
        };
        if !editable {
            // Kept as read on update (a PUT replaces the whole account), never invented.
            if let (Some(old), false, true) =
                (old_ext, creating, a.mutability != Mutability::ReadOnly)
            {
                if let Some(v) = old.get(&a.name) {
                    ext.insert(a.name.clone(), v.clone());
                }
            }
            continue;
        }
        let raw = form.values.get(&a.name).map(String::as_str).unwrap_or("");
        match read_value(a, raw) {
            Err(m) => errs.push(err(&a.name, m)),
            Ok(None) if a.required => errs.push(err(
                &a.name,
                format!("{} is required by this application.", a.name),
            )),
            Ok(None) => {}
            Ok(Some(v)) => {
                ext.insert(a.name.clone(), v);
            }
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let mut body = Map::new();
    body.insert(
        "schemas".into(),
        Value::from(vec![ACCOUNT_URN.to_string(), ext_key.clone()]),
    );
    let mut identity = Map::new();
    identity.insert("value".into(), Value::from(form.identity.value.trim()));
    if !form.identity.display.is_empty() {
        identity.insert(
            "displayName".into(),
            Value::from(form.identity.display.clone()),
        );
    }
    body.insert("identity".into(), Value::Object(identity));
    let mut application = Map::new();
    application.insert("value".into(), Value::from(app.id.clone()));
    application.insert("displayName".into(), Value::from(app.name.clone()));
    body.insert("application".into(), Value::Object(application));
    body.insert("nativeIdentity".into(), Value::from(native));
    if !form.display_name.trim().is_empty() {
        body.insert("displayName".into(), Value::from(form.display_name.trim()));
    }
    if !form.password.is_empty() {
        body.insert("password".into(), Value::from(form.password.clone()));
    }
    if let Some(a) = form.active {
        body.insert("active".into(), Value::Bool(a));
    }
    body.insert(ext_key, Value::Object(ext));
    Ok(Value::Object(body))
}

/// The form filled from an account as read, for editing (the password stays empty).
pub fn form_of(account: &Value, schema: &Schema) -> AccountForm {
    let ext = extension(account).map(|(_, m)| m);
    let values = schema
        .attrs
        .iter()
        .filter_map(|a| {
            let v = ext?.get(&a.name)?;
            Some((a.name.clone(), shown_value(v, "\n")))
        })
        .collect();
    let id = account.get("identity").cloned().unwrap_or(Value::Null);
    AccountForm {
        identity: Ref {
            value: text(&id, "value"),
            display: {
                let d = text(&id, "displayName");
                if d.is_empty() {
                    text(&id, "userName")
                } else {
                    d
                }
            },
        },
        native_identity: text(account, "nativeIdentity"),
        display_name: text(account, "displayName"),
        password: String::new(),
        active: account.get("active").and_then(Value::as_bool),
        values,
    }
}

/// An account's application extension: the application's name and its attributes.
pub fn extension(account: &Value) -> Option<(&str, &Map<String, Value>)> {
    account
        .as_object()?
        .iter()
        .find_map(|(k, v)| Some((app_of_extension(k)?, v.as_object()?)))
}

/// A value as text: strings bare, lists joined by `sep`, other JSON as written.
pub fn shown_value(v: &Value, sep: &str) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(a) => a
            .iter()
            .map(|x| shown_value(x, ", "))
            .collect::<Vec<_>>()
            .join(sep),
        other => other.to_string(),
    }
}

/// An account row as the list shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountRow {
    pub id: String,
    pub native_identity: String,
    pub display_name: String,
    pub application: String,
    pub identity: String,
    pub active: Option<bool>,
}

/// Reads an Account resource for the list and the page.
pub fn parse_account(v: &Value) -> AccountRow {
    let r = |k: &str, f: &str| v.get(k).map(|o| text(o, f)).unwrap_or_default();
    let identity = {
        let u = r("identity", "userName");
        if u.is_empty() {
            r("identity", "displayName")
        } else {
            u
        }
    };
    AccountRow {
        id: text(v, "id"),
        native_identity: text(v, "nativeIdentity"),
        display_name: text(v, "displayName"),
        application: r("application", "displayName"),
        identity,
        active: v.get("active").and_then(Value::as_bool),
    }
}

/// A SCIM error answer (`status`, `scimType`, `detail`) as one sentence, e.g. “IdentityIQ
/// refused the account (409, uniqueness): …”. `None` when the body is not one.
pub fn error_sentence(body: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    let is_error = v
        .get("schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| s.iter().any(|x| x.as_str() == Some(ERROR_URN)))
        || v.get("detail").is_some() && v.get("status").is_some();
    if !is_error {
        return None;
    }
    let status = match v.get("status") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let kind = text(&v, "scimType");
    let detail = text(&v, "detail");
    let why = match kind.as_str() {
        "uniqueness" => " (one with that value exists already)",
        "mutability" => " (that attribute cannot be changed)",
        "invalidFilter" => " (the filter is not one the server takes)",
        "invalidValue" => " (a value is missing or not allowed)",
        "invalidSyntax" => " (the request could not be read)",
        "noTarget" => " (nothing is there)",
        "tooMany" => " (too many results: narrow the filter)",
        _ => "",
    };
    let head = match (status.is_empty(), kind.is_empty()) {
        (false, false) => format!("IdentityIQ refused it ({status}, {kind}{why})"),
        (false, true) => format!("IdentityIQ refused it ({status})"),
        (true, false) => format!("IdentityIQ refused it ({kind}{why})"),
        (true, true) => "IdentityIQ refused it".to_string(),
    };
    Some(if detail.is_empty() {
        format!("{head}.")
    } else {
        format!("{head}: {}", detail.trim())
    })
}

#[cfg(test)]
mod tests;
