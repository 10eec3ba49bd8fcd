//! Accounts: list, read, create, replace, patch, delete, entitlements and the lifecycle
//! actions. Every write answers `202 {id}` with a task to follow ([`super::tasks`]).
//!
//! The traps: a create does not provision the account on the target system, and the next
//! aggregation removes it unless the source is a flat file whose file has it; PUT and
//! DELETE work only on flat-file (DelimitedFile) sources; `sourceId` must be the 32-hex id.

use super::{Area, Generation, ListQuery};
use crate::filter::Filter;
use crate::http::{ApiRequest, Method};
use crate::paging::PageQuery;
use serde_json::{json, Map, Value};

const AREA: Area = Area {
    v1: "/accounts/v1",
    classic: "/v3/accounts",
};

/// `GET …/accounts` with a page, filters and sorters; `slim` asks for `detailLevel=SLIM`
/// (no attributes, much faster on large sources).
pub fn list(g: Generation, q: &ListQuery, slim: bool) -> ApiRequest {
    let r = q.apply(AREA.req(g, Method::Get, &[]));
    if slim {
        r.with_query("detailLevel", "SLIM")
    } else {
        r
    }
}

/// The accounts with this native identity on one source (normally one; two after a
/// duplicate create). How a create whose outcome is unknown is looked up, and how the
/// account a create task made is found.
pub fn by_native_identity(g: Generation, source_id: &str, native_identity: &str) -> ApiRequest {
    let f = Filter::and(vec![
        Filter::eq("sourceId", source_id),
        Filter::eq("nativeIdentity", native_identity),
    ]);
    list(g, &ListQuery::new().filters(f), false)
}

/// How many accounts source `id` holds: one SLIM account asked for, the total in
/// `X-Total-Count` (`crate::paging::total_count`).
pub fn count_on(g: Generation, source_id: &str) -> ApiRequest {
    let page = crate::paging::PageQuery {
        limit: 1,
        offset: 0,
        count: true,
    };
    let q = ListQuery::new()
        .page(page)
        .filters(Some(Filter::eq("sourceId", source_id)));
    list(g, &q, true)
}

/// `GET …/accounts/{id}`.
pub fn get(g: Generation, id: &str) -> ApiRequest {
    AREA.req(g, Method::Get, &[id])
}

/// An attribute value as the create call carries it: the description declares every value
/// a string, so numbers and booleans go as their text; multi-valued attributes stay arrays
/// (of strings), as real tenants take them (a defect of the description, see NOTES.md).
fn as_create_value(v: &Value) -> Value {
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        Value::Bool(b) => Value::String(b.to_string()),
        Value::Array(a) => Value::Array(a.iter().map(as_create_value).collect()),
        other => other.clone(),
    }
}

/// `POST …/accounts` with `{"attributes": {"sourceId": …, …}}`, every value a string (or an
/// array of strings for a multi-valued attribute).
pub fn create(g: Generation, source_id: &str, attributes: &Map<String, Value>) -> ApiRequest {
    // Inserted one by one: `collect` into a map sorts first, and each sort is weight in the wasm.
    let mut attrs = Map::new();
    for (k, v) in attributes {
        attrs.insert(k.clone(), as_create_value(v));
    }
    attrs.insert("sourceId".into(), json!(source_id));
    AREA.req(g, Method::Post, &[])
        .with_json(&json!({ "attributes": attrs }))
}

/// `PUT …/accounts/{id}` with every attribute (flat-file sources only).
pub fn replace(g: Generation, id: &str, attributes: &Map<String, Value>) -> ApiRequest {
    AREA.req(g, Method::Put, &[id])
        .with_json(&json!({ "attributes": attributes }))
}

/// `PATCH …/accounts/{id}` with JSON Patch operations, sent as `application/json-patch+json`.
pub fn patch(g: Generation, id: &str, ops: &[Value]) -> ApiRequest {
    AREA.req(g, Method::Patch, &[id])
        .with_json_patch(&Value::Array(ops.to_vec()))
}

/// `DELETE …/accounts/{id}` (flat-file sources only).
pub fn delete(g: Generation, id: &str) -> ApiRequest {
    AREA.req(g, Method::Delete, &[id])
}

/// `GET …/accounts/{id}/entitlements`, one page with the total.
pub fn entitlements(g: Generation, id: &str, page: PageQuery) -> ApiRequest {
    page.apply(AREA.req(g, Method::Get, &[id, "entitlements"]))
}

/// A lifecycle action on one account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Enable,
    Disable,
    /// Unlock; `unlock_idn` also unlocks the ISC account of the identity.
    Unlock {
        unlock_idn: bool,
    },
    /// Read the account again from its source.
    Reload,
    /// Take the account out of ISC (not the target system); the next aggregation brings it
    /// back unless it is gone there too.
    Remove,
}

impl Action {
    /// The button's word for it.
    pub fn label(self) -> &'static str {
        match self {
            Action::Enable => "Enable",
            Action::Disable => "Disable",
            Action::Unlock { .. } => "Unlock",
            Action::Reload => "Reload",
            Action::Remove => "Remove from ISC",
        }
    }
}

/// The request of an action: `POST …/accounts/{id}/{enable|disable|unlock|reload|remove}`.
/// Classic tenants serve remove under `/beta` only.
pub fn action(g: Generation, id: &str, a: Action) -> ApiRequest {
    let post = |verb: &str| AREA.req(g, Method::Post, &[id, verb]);
    match a {
        Action::Enable => post("enable").with_json(&json!({"forceProvisioning": false})),
        Action::Disable => post("disable").with_json(&json!({"forceProvisioning": false})),
        Action::Unlock { unlock_idn } => post("unlock")
            .with_json(&json!({"unlockIDNAccount": unlock_idn, "forceProvisioning": false})),
        Action::Reload => post("reload"),
        Action::Remove => match g {
            Generation::V1 => post("remove"),
            Generation::Classic => {
                ApiRequest::new(Method::Post, "", &format!("/beta/accounts/{id}/remove"))
            }
        },
    }
}
