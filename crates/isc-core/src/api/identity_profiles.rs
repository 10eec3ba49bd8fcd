//! Identity profiles: the priority list and its updates.
//!
//! Lower priority values win; values must be unique in the tenant (a create or update that
//! repeats one is refused). An update is a JSON Patch sent as `application/json-patch+json`:
//! without that content type the call fails.

use super::{Area, Generation, ListQuery};
use crate::http::{ApiRequest, Method};
use crate::priority::{order_of, Profile};
use serde_json::{json, Value};

const AREA: Area = Area {
    v1: "/identity-profiles/v1",
    classic: "/beta/identity-profiles",
};

/// `GET …/identity-profiles` with a page, filters and sorters.
pub fn list(g: Generation, q: &ListQuery) -> ApiRequest {
    q.apply(AREA.req(g, Method::Get, &[]))
}

/// `PATCH …/identity-profiles/{id}` with `[{"op":"replace","path":"/priority","value":N}]`.
pub fn set_priority(g: Generation, id: &str, priority: i64) -> ApiRequest {
    AREA.req(g, Method::Patch, &[id])
        .with_json_patch(&json!([{"op": "replace", "path": "/priority", "value": priority}]))
}

/// A profile as the priority list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileRow {
    pub id: String,
    pub name: String,
    pub priority: i64,
    pub source_id: Option<String>,
    pub source_name: Option<String>,
    pub identities: Option<u64>,
}

impl ProfileRow {
    /// The row as the planner sees it: id and priority.
    pub fn profile(&self) -> Profile {
        Profile {
            id: self.id.clone(),
            priority: self.priority,
        }
    }
}

/// Reads list items into rows, sorted by priority (by [`crate::priority::order_of`], the
/// planner's own order, so there is one sort of profiles in the wasm).
pub fn rows(items: &[Value]) -> Vec<ProfileRow> {
    let rows: Vec<ProfileRow> = items
        .iter()
        .map(|p| ProfileRow {
            id: p["id"].as_str().unwrap_or_default().to_string(),
            name: p["name"].as_str().unwrap_or_default().to_string(),
            priority: p["priority"].as_i64().unwrap_or_default(),
            source_id: p["authoritativeSource"]["id"].as_str().map(str::to_string),
            source_name: p["authoritativeSource"]["name"]
                .as_str()
                .map(str::to_string),
            identities: p["identityCount"].as_u64(),
        })
        .collect();
    let profiles: Vec<Profile> = rows.iter().map(ProfileRow::profile).collect();
    let mut slots: Vec<Option<ProfileRow>> = rows.into_iter().map(Some).collect();
    order_of(&profiles)
        .iter()
        .filter_map(|id| {
            let i = profiles.iter().position(|p| &p.id == id)?;
            slots[i].take()
        })
        .collect()
}
