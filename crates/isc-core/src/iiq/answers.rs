//! How IdentityIQ's answers are read: list pages, the service provider config, applications,
//! account rows and error sentences.

use super::*;
use serde_json::Value;

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
