//! Sources: list, read, create, their schemas, the flat-file CSV template and aggregation.

use super::{Area, Generation, ListQuery};
use crate::http::{ApiRequest, Method};
use serde_json::Value;

const AREA: Area = Area {
    v1: "/sources/v1",
    classic: "/v3/sources",
};

/// `GET …/sources` with a page, filters and sorters.
pub fn list(g: Generation, q: &ListQuery) -> ApiRequest {
    q.apply(AREA.req(g, Method::Get, &[]))
}

/// `GET …/sources/{id}`.
pub fn get(g: Generation, id: &str) -> ApiRequest {
    AREA.req(g, Method::Get, &[id])
}

/// `POST …/sources` with a Source body; `provisionAsCsv=true` makes it a DelimitedFile source.
pub fn create(g: Generation, body: &Value, provision_as_csv: bool) -> ApiRequest {
    let r = AREA.req(g, Method::Post, &[]);
    let r = if provision_as_csv {
        r.with_query("provisionAsCsv", "true")
    } else {
        r
    };
    r.with_json(body)
}

/// `GET …/sources/{id}/schemas`: the account schema and any group schemas.
pub fn schemas(g: Generation, id: &str) -> ApiRequest {
    AREA.req(g, Method::Get, &[id, "schemas"])
}

/// `GET …/sources/{id}/schemas/accounts`: the CSV header template of a flat-file source.
pub fn account_template(g: Generation, id: &str) -> ApiRequest {
    AREA.req(g, Method::Get, &[id, "schemas", "accounts"])
}

/// The path of `POST …/sources/{id}/load-accounts` (multipart `file`, optional
/// `disableOptimization`): an aggregation, answered with a task. Classic tenants serve it
/// under `/beta` only.
pub fn load_accounts_path(g: Generation, id: &str) -> String {
    match g {
        Generation::V1 => AREA.path(g, &[id, "load-accounts"]),
        Generation::Classic => format!("/beta/sources/{id}/load-accounts"),
    }
}

/// The flat-file rule on a source's fields: a DelimitedFile type, or the delimited-file
/// connector under either of its names. Only these sources accept account PUT and DELETE,
/// and only on these does an API-made account survive the next aggregation (if the file
/// has it).
pub fn flat_file(
    kind: Option<&str>,
    connector: Option<&str>,
    implementation: Option<&str>,
) -> bool {
    kind == Some("DelimitedFile")
        || connector == Some("delimited-file")
        || implementation == Some("delimited-file")
}

/// [`flat_file`] on a source as JSON.
pub fn is_flat_file(source: &Value) -> bool {
    flat_file(
        source["type"].as_str(),
        source["connector"].as_str(),
        source["connectorImplementationId"].as_str(),
    )
}

/// A source as a picker offers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceChoice {
    pub id: String,
    pub name: String,
    pub flat_file: bool,
}

/// Reads picker entries from the items of a source list.
pub fn choices(items: &[Value]) -> Vec<SourceChoice> {
    items
        .iter()
        .map(|s| SourceChoice {
            id: s["id"].as_str().unwrap_or("").to_string(),
            name: s["name"].as_str().unwrap_or("").to_string(),
            flat_file: is_flat_file(s),
        })
        .collect()
}
