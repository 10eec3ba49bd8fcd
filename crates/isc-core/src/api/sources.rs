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

/// The sources named `name` (names are unique in a tenant: none or one). How a create
/// whose outcome is unknown is looked up, and how a name already taken is found first.
pub fn by_name(g: Generation, name: &str) -> ApiRequest {
    let q = ListQuery::new().filters(Some(crate::filter::Filter::eq("name", name)));
    list(g, &q)
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

/// `PATCH …/sources/{id}` with JSON Patch operations (`crate::source_settings::patch`);
/// answered with the source. `id`, `type`, `authoritative`, `connector`, … cannot change.
pub fn patch(g: Generation, id: &str, ops: &[Value]) -> ApiRequest {
    AREA.req(g, Method::Patch, &[id])
        .with_json_patch(&Value::Array(ops.to_vec()))
}

/// `DELETE …/sources/{id}`: removes the source's accounts, then the source; answered `202`
/// with a `TASK_RESULT` reference to follow at the task status.
pub fn delete(g: Generation, id: &str) -> ApiRequest {
    AREA.req(g, Method::Delete, &[id])
}

/// `POST …/sources/{id}/remove-accounts`: removes every account of the source from ISC (not
/// from the system it reads); answered `202` with a `TASK_RESULT`. Classic tenants serve it
/// under `/beta` only.
pub fn remove_accounts(g: Generation, id: &str) -> ApiRequest {
    match g {
        Generation::V1 => AREA.req(g, Method::Post, &[id, "remove-accounts"]),
        Generation::Classic => ApiRequest::new(
            Method::Post,
            "",
            &format!("/beta/sources/{id}/remove-accounts"),
        ),
    }
}

/// The path of a source's correlation config: `/sources/v1/{id}/correlation-config`, or
/// under `/beta` on classic tenants.
fn correlation_path(g: Generation, id: &str) -> String {
    match g {
        Generation::V1 => AREA.path(g, &[id, "correlation-config"]),
        Generation::Classic => format!("/beta/sources/{id}/correlation-config"),
    }
}

/// `GET …/sources/{id}/correlation-config`: the account attribute ↔ identity attribute pairs
/// (`crate::correlation`).
pub fn correlation_config(g: Generation, id: &str) -> ApiRequest {
    ApiRequest::new(Method::Get, "", &correlation_path(g, id))
}

/// `PUT …/sources/{id}/correlation-config` with the whole config (`crate::correlation::body`).
pub fn put_correlation_config(g: Generation, id: &str, body: &Value) -> ApiRequest {
    ApiRequest::new(Method::Put, "", &correlation_path(g, id)).with_json(body)
}

/// `GET …/sources/{id}/source-health`: the source's connection state (`status`, e.g.
/// `SOURCE_STATE_HEALTHY`).
pub fn health(g: Generation, id: &str) -> ApiRequest {
    AREA.req(g, Method::Get, &[id, "source-health"])
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

/// `POST …/sources/{id}/load-accounts`: an aggregation, answered `202` with a task. `file`
/// (name and text) is the CSV a flat-file source aggregates; without it the source's connector
/// is read (a direct-connect source). Sent as `multipart/form-data`, as the spec declares,
/// with a boundary that the file does not contain.
pub fn load_accounts(
    g: Generation,
    id: &str,
    file: Option<(&str, &str)>,
    disable_optimization: bool,
) -> ApiRequest {
    let flag = disable_optimization.to_string();
    let mut r = ApiRequest::new(Method::Post, "", &load_accounts_path(g, id));
    form_data(&mut r, file, &[("disableOptimization", &flag)]);
    r
}

/// `GET …/sources/{id}/schemas/{schemaId}`: one schema.
pub fn schema(g: Generation, id: &str, schema_id: &str) -> ApiRequest {
    AREA.req(g, Method::Get, &[id, "schemas", schema_id])
}

/// `PATCH …/sources/{id}/schemas/{schemaId}` with JSON Patch operations
/// (`crate::schema_edit::patch`); answered with the schema.
pub fn patch_schema(g: Generation, id: &str, schema_id: &str, ops: &[Value]) -> ApiRequest {
    AREA.req(g, Method::Patch, &[id, "schemas", schema_id])
        .with_json_patch(&Value::Array(ops.to_vec()))
}

/// `POST …/sources/{id}/schemas/accounts`: a CSV file's header uploaded as the account schema
/// template of a flat-file (Delimited File) source, as multipart `file`; answered with the
/// schema it makes (`crate::schema_edit::schema_from_header`).
pub fn upload_account_template(g: Generation, id: &str, file: (&str, &str)) -> ApiRequest {
    let mut r = AREA.req(g, Method::Post, &[id, "schemas", "accounts"]);
    form_data(&mut r, Some(file), &[]);
    r
}

/// `GET …/sources/{id}/schemas/entitlements?schemaName=…`: the CSV header template of a flat
/// file's entitlement schema (`group` unless the source names another).
pub fn entitlement_template(g: Generation, id: &str, schema_name: &str) -> ApiRequest {
    AREA.req(g, Method::Get, &[id, "schemas", "entitlements"])
        .with_query("schemaName", schema_name)
}

/// `POST …/sources/{id}/schemas/entitlements?schemaName=…`: a CSV header uploaded as the
/// entitlement schema template of a flat file, as multipart `file`; answered with the schema.
pub fn upload_entitlement_template(
    g: Generation,
    id: &str,
    schema_name: &str,
    file: (&str, &str),
) -> ApiRequest {
    let mut r = AREA
        .req(g, Method::Post, &[id, "schemas", "entitlements"])
        .with_query("schemaName", schema_name);
    form_data(&mut r, Some(file), &[]);
    r
}

/// `POST …/sources/{id}/load-entitlements`: an entitlement aggregation, answered `202` with a
/// `loadentitlementtask` (its `id` is the task to follow). A flat file sends its entitlements
/// CSV as multipart `file` (another source sends no body); ISC removes the source's
/// entitlements the file lacks. Classic
/// tenants serve it under `/beta` only.
pub fn load_entitlements(g: Generation, id: &str, file: Option<(&str, &str)>) -> ApiRequest {
    let path = match g {
        Generation::V1 => AREA.path(g, &[id, "load-entitlements"]),
        Generation::Classic => format!("/beta/sources/{id}/load-entitlements"),
    };
    let mut r = ApiRequest::new(Method::Post, "", &path);
    if file.is_some() {
        form_data(&mut r, file, &[]);
    }
    r
}

/// Makes `r` a `multipart/form-data` request: `file` (name and text, as part `file`) and the
/// plain fields, with a boundary that the file does not contain.
fn form_data(r: &mut ApiRequest, file: Option<(&str, &str)>, fields: &[(&str, &str)]) {
    let mut n: u64 = 0x15c0_c0de;
    let boundary = loop {
        let b = format!("----isc-console-{n:016x}");
        if file.is_none_or(|(_, text)| !text.contains(&b)) {
            break b;
        }
        n = n
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
    };
    let mut body = String::new();
    if let Some((name, text)) = file {
        let name: String = name
            .chars()
            .map(|c| {
                if c == '"' || c == '\\' || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n"
        ));
        body.push_str(text);
        body.push_str("\r\n");
    }
    for (k, v) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    r.set_header(
        "Content-Type",
        format!("multipart/form-data; boundary={boundary}"),
    );
    r.body = Some(body);
}

/// The parts of a `multipart/form-data` body: (name, filename, content) each.
pub fn multipart_parts<'a>(
    content_type: &str,
    body: &'a str,
) -> Option<Vec<(String, Option<String>, &'a str)>> {
    let boundary = content_type
        .split(';')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("boundary="))?
        .trim_matches('"');
    let delim = format!("--{boundary}");
    let mut out = Vec::new();
    for part in body.split(delim.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part.strip_prefix("\r\n").unwrap_or(part);
        let (head, content) = part.split_once("\r\n\r\n")?;
        let content = content.strip_suffix("\r\n").unwrap_or(content);
        let disp = head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))?;
        let field = |key: &str| {
            disp.split(';').map(str::trim).find_map(|p| {
                p.strip_prefix(key)
                    .and_then(|v| v.strip_prefix('='))
                    .map(|v| v.trim_matches('"').to_string())
            })
        };
        out.push((field("name")?, field("filename"), content));
    }
    Some(out)
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
