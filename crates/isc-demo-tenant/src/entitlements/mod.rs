//! A flat file's entitlements as the descriptions say they are set: the entitlement schema
//! template (`GET`/`POST …/sources/{id}/schemas/entitlements?schemaName=group`, Delimited File
//! sources only) and an entitlement aggregation (`POST …/sources/{id}/load-entitlements`,
//! multipart `file`, answered `202` with a `loadentitlementtask`). The aggregation makes the file
//! the source's entitlements: a row ISC lacks is created, a changed one updated, an
//! entitlement the file lacks removed (the task's `groupsCreated`, `groupsUpdated`,
//! `groupsDeleted`). An account's entitlements (`GET …/accounts/{id}/entitlements`) are its
//! entitlement attributes' values, described by the entitlement of that value when there is
//! one.

use super::*;
use crate::accounts::Effect;
use isc_core::flatfile::entitlements::DEFAULT_SCHEMA;
use serde_json::Map;

/// The figures an entitlement aggregation reports, as the tenant labels them.
const RETURNS: [(&str, &str); 5] = [
    (
        "TASK_OUT_ACCOUNT_GROUP_AGGREGATION_APPLICATIONS",
        "applications",
    ),
    ("TASK_OUT_ACCOUNT_GROUP_AGGREGATION_TOTAL", "total"),
    (
        "TASK_OUT_ACCOUNT_GROUP_AGGREGATION_CREATED",
        "groupsCreated",
    ),
    (
        "TASK_OUT_ACCOUNT_GROUP_AGGREGATION_UPDATED",
        "groupsUpdated",
    ),
    (
        "TASK_OUT_ACCOUNT_GROUP_AGGREGATION_DELETED",
        "groupsDeleted",
    ),
];

/// What a task that ran says: its completion status, its counts, its messages (kind, text).
type Ran = (
    &'static str,
    Vec<(&'static str, Value)>,
    Vec<(&'static str, String)>,
);

/// The seeded flat files' entitlement schema and what their groups are.
const SEED_ATTRIBUTES: [&str; 3] = ["id", "displayName", "description"];
const SEED_GROUPS: [(&str, &str, &str); 5] = [
    (
        "all-staff",
        "All staff",
        "Everyone employed: intranet, mail and the staff handbook.",
    ),
    (
        "eng-users",
        "Engineering",
        "Source code, build servers and the engineering wiki.",
    ),
    (
        "fin-users",
        "Finance",
        "The ledger and the expense system; reviewed quarterly.",
    ),
    ("sales-users", "Sales", "The CRM and the price lists."),
    ("hr-users", "People", "Personnel files, salaries included."),
];

/// A source's entitlement schema (`group`) with these attributes.
pub(crate) fn group_schema(id: String, attributes: &[&str], now: &str) -> Value {
    let has = |n: &str| attributes.contains(&n);
    json!({
        "id": id, "name": DEFAULT_SCHEMA, "nativeObjectType": "group",
        "identityAttribute": attributes.first().copied().unwrap_or(""),
        "displayAttribute": if has("displayName") { "displayName" } else { attributes.first().copied().unwrap_or("") },
        "hierarchyAttribute": null, "includePermissions": false, "features": [], "configuration": {},
        "attributes": attributes.iter().map(|n| json!({
            "name": n, "type": "STRING", "schema": null, "description": "",
            "isMulti": false, "isEntitlement": false, "isGroup": false
        })).collect::<Vec<_>>(),
        "created": now, "modified": now
    })
}

impl DemoTenant {
    /// The calls of this area; `None` for another area's.
    pub(crate) fn route_entitlements(
        &mut self,
        req: &ApiRequest,
        segs: &[&str],
        now_ms: u64,
    ) -> Option<ApiResponse> {
        Some(match (req.method, segs) {
            (Method::Get, ["sources", id, "schemas", "entitlements"]) => {
                self.entitlement_template(req, id)
            }
            (Method::Post, ["sources", id, "schemas", "entitlements"]) => {
                match self.entitlement_schema_index(req, id) {
                    Ok(i) => self.upload_template(req, id, i, now_ms),
                    Err(r) => r,
                }
            }
            (Method::Post, ["sources", id, "load-entitlements"]) => {
                self.load_entitlements(req, id, now_ms)
            }
            _ => return None,
        })
    }

    /// Gives every seeded flat file an entitlement schema and the entitlements its accounts
    /// hold, described (run once the accounts are seeded, so no other id changes).
    pub(crate) fn seed_entitlements(&mut self, now: &str) {
        let flat: Vec<(usize, String)> = self
            .sources
            .iter()
            .enumerate()
            .filter(|(_, s)| Self::flat_file(s))
            .map(|(i, s)| (i, s["id"].as_str().unwrap_or("").to_string()))
            .collect();
        for (i, sid) in flat {
            let schema = group_schema(self.new_id(), &SEED_ATTRIBUTES, now);
            if let Some(refs) = self.sources[i]["schemas"].as_array_mut() {
                refs.push(
                    json!({"type": "CONNECTOR_SCHEMA", "id": schema["id"], "name": DEFAULT_SCHEMA}),
                );
            }
            self.schemas.entry(sid.clone()).or_default().push(schema);
            let source = self.sources[i].clone();
            let rows: Vec<Map<String, Value>> = SEED_GROUPS
                .iter()
                .map(|(v, n, d)| {
                    let mut m = Map::new();
                    m.insert("id".into(), json!(v));
                    m.insert("displayName".into(), json!(n));
                    m.insert("description".into(), json!(d));
                    m
                })
                .collect();
            let list = rows
                .iter()
                .map(|r| self.entitlement_of(&source, "id", "displayName", r, now, None))
                .collect();
            self.entitlements.insert(sid, list);
        }
    }

    /// Where the entitlement schema `schemaName` (`group` by default) of flat file `id` is in
    /// its list, or the answer: 404 for no source, 400 for another kind of source or no such
    /// schema.
    fn entitlement_schema_index(
        &mut self,
        req: &ApiRequest,
        id: &str,
    ) -> Result<usize, ApiResponse> {
        let source = self.flat_file_source(id)?;
        let name = req
            .query
            .iter()
            .find(|(k, _)| k == "schemaName")
            .map(|(_, v)| v.trim_start_matches('?').trim_start_matches("schemaName="))
            .filter(|v| !v.is_empty())
            .unwrap_or(DEFAULT_SCHEMA)
            .to_string();
        self.schemas
            .get(id)
            .and_then(|l| {
                l.iter()
                    .position(|s| s["name"] == name.as_str() && s["name"] != "account")
            })
            .ok_or_else(|| {
                self.bad_request(&format!(
                    "{} has no entitlement schema named {name}",
                    source["name"].as_str().unwrap_or("")
                ))
            })
    }

    /// `GET …/schemas/entitlements`: the entitlement schema's attribute names, the source's
    /// delimiter between them.
    fn entitlement_template(&mut self, req: &ApiRequest, id: &str) -> ApiResponse {
        let i = match self.entitlement_schema_index(req, id) {
            Ok(i) => i,
            Err(r) => return r,
        };
        let delim = self.delimiter(id).to_string();
        crate::schemas::template_answer(&self.schemas[id][i], &delim)
    }

    /// `POST …/load-entitlements`: a flat file needs its CSV as the multipart `file` and an
    /// entitlement schema; the file becomes the source's entitlements when the task completes.
    fn load_entitlements(&mut self, req: &ApiRequest, id: &str, now_ms: u64) -> ApiResponse {
        let source = match self.source(id) {
            Ok(s) => s,
            Err(r) => return r,
        };
        let ct = req.header("Content-Type").unwrap_or("").to_string();
        let body = req.body.clone().unwrap_or_default();
        let file = if ct.starts_with("multipart/form-data") {
            match isc_core::api::sources::multipart_parts(&ct, &body) {
                Some(p) => p
                    .into_iter()
                    .find(|(k, _, _)| k == "file")
                    .map(|(_, _, v)| v.to_string()),
                None => return self.bad_request("The multipart body could not be read."),
            }
        } else if body.is_empty() {
            None
        } else {
            return self.error(
                415,
                "415 Unsupported Media Type",
                "The request content type is not supported.",
                &["Send multipart/form-data".into()],
            );
        };
        let name = source["name"].as_str().unwrap_or("").to_string();
        let flat = Self::flat_file(&source);
        if flat && file.is_none() {
            return self.bad_request(&format!(
                "{name} is a Delimited File source: include the entitlements CSV as the multipart field file"
            ));
        }
        let task = self.start_task(
            "Cloud Group Aggregation",
            id,
            Effect::LoadEntitlements {
                source: id.to_string(),
                file: if flat { file } else { None },
            },
            now_ms,
        );
        let returns: Vec<Value> = RETURNS
            .iter()
            .map(|(l, a)| json!({"displayLabel": l, "attributeName": a}))
            .collect();
        if let Some(t) = self.tasks.get_mut(&task) {
            t.status["uniqueName"] = json!(format!("Cloud Group Aggregation {task}"));
            t.status["description"] = json!(format!("Aggregate entitlements from {name}"));
            t.status["target"] = json!({"id": id, "type": "SOURCE", "name": name});
            t.status["returns"] = json!(RETURNS
                .iter()
                .map(|(l, a)| json!({"name": l, "attributeName": a}))
                .collect::<Vec<_>>());
            t.status["attributes"] = json!({"appId": id});
        }
        let now = crate::accounts::stamp(now_ms);
        ApiResponse::json(
            202,
            &json!({
                "id": task, "type": "QUARTZ", "uniqueName": "Cloud Group Aggregation",
                "description": format!("Aggregate entitlements from {name}"),
                "launcher": "ada.lovelace", "created": now, "returns": returns
            }),
        )
    }
}

mod aggregate;
