//! The requests the console sends to IdentityIQ's SCIM endpoints, and the account query.

use super::*;
use crate::http::{encode_component, ApiRequest, Method};
use serde_json::Value;

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
