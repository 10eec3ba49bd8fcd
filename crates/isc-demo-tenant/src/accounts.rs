//! Accounts and tasks: the account list and detail, create/PUT/PATCH/DELETE, enable,
//! disable, unlock, reload and remove, each answering `202` with a task that takes effect
//! when it completes a little later, as the tenant's do.

use crate::{DemoTenant, ListSpec};
use isc_core::http::{ApiRequest, ApiResponse, Method};
use serde_json::{json, Map, Value};

/// How long a task runs before it completes.
pub const TASK_MS: u64 = 1_200;

/// `GET …/task-status`: the filters and sorter the API documents.
const TASK_LIST: ListSpec = ListSpec {
    filters: &[
        ("id", &["eq", "in"]),
        ("sourceId", &["eq", "in"]),
        ("completionStatus", &["eq", "in"]),
        ("type", &["eq", "in"]),
    ],
    sorters: &["created"],
};

pub(crate) const ACCOUNT_LIST: ListSpec = ListSpec {
    filters: &[
        ("id", &["eq", "in", "sw"]),
        ("identityId", &["eq", "in", "sw"]),
        ("name", &["eq", "in", "sw"]),
        ("nativeIdentity", &["eq", "in", "sw"]),
        ("hasEntitlements", &["eq"]),
        ("sourceId", &["eq", "in", "sw"]),
        ("uncorrelated", &["eq"]),
        ("origin", &["eq", "in"]),
        ("manuallyCorrelated", &["eq"]),
        ("identity.name", &["eq", "in", "sw"]),
        ("created", &["eq", "ge", "gt", "le", "lt"]),
        ("modified", &["eq", "ge", "gt", "le", "lt"]),
    ],
    sorters: &[
        "id",
        "name",
        "created",
        "modified",
        "sourceId",
        "identityId",
        "nativeIdentity",
        "uuid",
        "manuallyCorrelated",
        "origin",
        "identity.name",
    ],
};

/// What a task does when it completes.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) enum Effect {
    Create(Value),
    Replace(String, Map<String, Value>),
    Patch(String, Vec<Value>),
    Delete(String),
    Flag(String, String, bool),
    Reload(String),
    /// An aggregation of a source: from this CSV (a flat file) or from its connector.
    Aggregate {
        source: String,
        file: Option<String>,
        optimize: bool,
    },
}

/// How long an aggregation runs before it completes.
pub const AGGREGATION_MS: u64 = 2_400;

/// The figures an aggregation reports, as the tenant labels them.
const RETURNS: [(&str, &str); 5] = [
    ("TASK_OUT_ACCOUNT_AGGREGATION_TOTAL", "total"),
    ("TASK_OUT_ACCOUNT_AGGREGATION_CREATED", "created"),
    ("TASK_OUT_ACCOUNT_AGGREGATION_UPDATED", "updated"),
    ("TASK_OUT_ACCOUNT_AGGREGATION_DELETED", "deleted"),
    ("TASK_OUT_ACCOUNT_AGGREGATION_OPTIMIZED", "optimized"),
];

/// A value as an aggregation compares it: a list's order is not meaning.
fn same(a: &Value, b: &Value) -> bool {
    fn norm(v: &Value) -> Value {
        match v {
            Value::Array(items) => {
                let mut s: Vec<String> = items.iter().map(|i| i.to_string()).collect();
                s.sort();
                json!(s)
            }
            Value::Null => json!(""),
            other => other.clone(),
        }
    }
    norm(a) == norm(b)
}

#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct Task {
    pub status: Value,
    pub done_at: u64,
    pub effect: Option<Effect>,
}

fn stamp(ms: u64) -> String {
    format!(
        "2026-11-26T{:02}:{:02}:{:02}.{:03}Z",
        9 + (ms / 3_600_000) % 12,
        (ms / 60_000) % 60,
        (ms / 1000) % 60,
        ms % 1000
    )
}

/// Seed accounts for a source from its schema and the identities.
pub(crate) fn seed_accounts(t: &mut DemoTenant) {
    let sources = t.sources.clone();
    for (si, s) in sources.iter().enumerate() {
        let sid = s["id"].as_str().unwrap_or("").to_string();
        let schema = t.account_schema(&sid);
        let count = 6 + (si % 4) * 2;
        for k in 0..count {
            let person = t.identities[(si * 3 + k) % t.identities.len()].clone();
            let uncorrelated = k == count - 1;
            let attrs = sample_attributes(&schema, &person, k);
            let acc = account_value(
                t,
                s,
                &schema,
                attrs,
                if uncorrelated { None } else { Some(&person) },
                k == 2,
                k == 3 && si % 2 == 0,
                0,
            );
            t.accounts.push(acc);
        }
    }
}

/// Reads text values of INT, LONG and BOOLEAN attributes as numbers and booleans (a value
/// that does not read stays as it was sent).
fn coerce_to_schema(attrs: &mut serde_json::Map<String, Value>, schema: &Value) {
    for def in schema["attributes"].as_array().into_iter().flatten() {
        let (Some(name), Some(kind)) = (def["name"].as_str(), def["type"].as_str()) else {
            continue;
        };
        let read = |v: &Value| -> Option<Value> {
            let t = v.as_str()?.trim();
            match kind {
                "INT" | "LONG" => t.parse::<i64>().ok().map(Value::from),
                "BOOLEAN" => match t {
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    _ => None,
                },
                _ => None,
            }
        };
        if let Some(v) = attrs.get_mut(name) {
            match v {
                Value::Array(items) => {
                    for i in items.iter_mut() {
                        if let Some(x) = read(i) {
                            *i = x;
                        }
                    }
                }
                other => {
                    if let Some(x) = read(other) {
                        *other = x;
                    }
                }
            }
        }
    }
}

/// Adds `n` accounts to the source named `source` (by default the first flat-file source),
/// spread over the identities, for scale tests. Returns the source's id and name.
pub(crate) fn add_bulk(
    t: &mut DemoTenant,
    n: usize,
    source: Option<&str>,
) -> Option<(String, String)> {
    let s = t
        .sources
        .iter()
        .find(|s| match source {
            Some(name) => s["name"] == name,
            None => DemoTenant::flat_file(s),
        })?
        .clone();
    let sid = s["id"].as_str().unwrap_or("").to_string();
    let schema = t.account_schema(&sid);
    let id_attr = schema["identityAttribute"]
        .as_str()
        .unwrap_or("id")
        .to_string();
    let disp_attr = schema["displayAttribute"]
        .as_str()
        .unwrap_or("displayName")
        .to_string();
    t.accounts.reserve(n);
    for k in 0..n {
        let person = t.identities[k % t.identities.len()].clone();
        let mut attrs = sample_attributes(&schema, &person, k);
        let alias = format!("bulk.{:05}", k + 1);
        let first = person["name"].as_str().unwrap_or("User");
        attrs.insert(id_attr.clone(), json!(alias));
        attrs.insert(disp_attr.clone(), json!(format!("{first} {:05}", k + 1)));
        let acc = account_value(
            t,
            &s,
            &schema,
            attrs,
            (k % 7 != 0).then_some(&person),
            k % 11 == 0,
            k % 13 == 0,
            0,
        );
        t.accounts.push(acc);
    }
    Some((sid, s["name"].as_str().unwrap_or("").to_string()))
}

fn sample_attributes(schema: &Value, person: &Value, k: usize) -> Map<String, Value> {
    let alias = person["alias"].as_str().unwrap_or("user");
    let name = person["name"].as_str().unwrap_or("User");
    let mut m = Map::new();
    for a in schema["attributes"].as_array().cloned().unwrap_or_default() {
        let n = a["name"].as_str().unwrap_or("");
        let v = match (n, a["type"].as_str().unwrap_or("STRING")) {
            ("sAMAccountName" | "id" | "employeeId", _) => json!(alias),
            ("distinguishedName", _) => json!(format!("CN={name},OU=Staff,DC=acme,DC=local")),
            ("displayName" | "fullName", _) => json!(name),
            ("mail" | "email", _) => json!(person["email"]),
            ("department" | "costCenter", _) => {
                json!(["Engineering", "Finance", "Sales", "People"][k % 4])
            }
            ("memberOf" | "groups", _) => json!([
                format!("{}-users", ["eng", "fin", "sales", "hr"][k % 4]),
                "all-staff"
            ]),
            (_, "INT") => json!(1000 + k as i64),
            (_, "LONG") => json!(10_000 - (k as i64) * 500),
            (_, "BOOLEAN") => json!(true),
            (_, "DATE") => json!(format!("202{}-0{}-1{}", k % 5, 1 + k % 9, k % 10)),
            _ => json!(format!("{n}-{k}")),
        };
        m.insert(n.to_string(), v);
    }
    m
}

#[allow(clippy::too_many_arguments)]
fn account_value(
    t: &mut DemoTenant,
    source: &Value,
    schema: &Value,
    attrs: Map<String, Value>,
    identity: Option<&Value>,
    disabled: bool,
    locked: bool,
    now_ms: u64,
) -> Value {
    let id_attr = schema["identityAttribute"].as_str().unwrap_or("id");
    let disp_attr = schema["displayAttribute"].as_str().unwrap_or(id_attr);
    let native = attrs
        .get(id_attr)
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string())
        })
        .unwrap_or_default();
    let display = attrs
        .get(disp_attr)
        .and_then(|v| v.as_str())
        .unwrap_or(&native)
        .to_string();
    let entitled = schema["attributes"].as_array().is_some_and(|a| {
        a.iter().any(|d| {
            d["isEntitlement"] == true
                && attrs
                    .get(d["name"].as_str().unwrap_or(""))
                    .is_some_and(|v| v.as_array().is_some_and(|x| !x.is_empty()))
        })
    });
    json!({
        "id": t.new_id(),
        "name": display,
        "nativeIdentity": native,
        "uuid": format!("{{{}}}", t.new_id()),
        "sourceId": source["id"],
        "sourceName": source["name"],
        "identityId": identity.map(|i| i["id"].clone()),
        "identity": identity.map(|i| json!({"type": "IDENTITY", "id": i["id"], "name": i["name"]})),
        "cloudLifecycleState": identity.map(|_| json!("active")),
        "identityState": identity.map(|_| json!("ACTIVE")),
        "connectionType": source["connectionType"],
        "isMachine": false,
        "recommendation": null,
        "attributes": attrs,
        "authoritative": source["authoritative"],
        "description": null,
        "disabled": disabled,
        "locked": locked,
        "systemAccount": false,
        "uncorrelated": identity.is_none(),
        "manuallyCorrelated": false,
        "hasEntitlements": entitled,
        "origin": if now_ms == 0 { "AGGREGATED" } else { "API" },
        "sourceOwner": source["owner"],
        "features": source["features"],
        "ownerIdentity": null,
        "created": stamp(now_ms),
        "modified": stamp(now_ms)
    })
}

impl DemoTenant {
    /// A source's account schema (`Null` when it has none).
    pub(crate) fn account_schema(&self, source_id: &str) -> Value {
        self.schemas
            .get(source_id)
            .and_then(|l| l.first())
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// Completes due tasks and applies what they do.
    pub(crate) fn settle(&mut self, now_ms: u64) {
        let due: Vec<String> = self
            .tasks
            .iter()
            .filter(|(_, t)| t.effect.is_some() && t.done_at <= now_ms)
            .map(|(k, _)| k.clone())
            .collect();
        for id in due {
            let effect = self.tasks.get_mut(&id).and_then(|t| t.effect.take());
            let message = match effect {
                Some(Effect::Create(a)) => {
                    let m = format!(
                        "Account {} created on {}",
                        a["nativeIdentity"].as_str().unwrap_or(""),
                        a["sourceName"].as_str().unwrap_or("")
                    );
                    self.accounts.push(a);
                    m
                }
                Some(Effect::Replace(acc, attrs)) => {
                    if let Some(a) = self.accounts.iter_mut().find(|a| a["id"] == acc.as_str()) {
                        a["attributes"] = Value::Object(attrs);
                        a["modified"] = json!(stamp(now_ms));
                    }
                    "Account attributes replaced".into()
                }
                Some(Effect::Patch(acc, ops)) => {
                    // A new identityId brings the identity reference and its state with it,
                    // as the tenant shows them on the account.
                    let identity = ops.iter().find(|op| op["path"] == "/identityId").map(|op| {
                        self.identities
                            .iter()
                            .find(|i| i["id"] == op["value"])
                            .map(|i| json!({"type": "IDENTITY", "id": i["id"], "name": i["name"]}))
                            .unwrap_or(Value::Null)
                    });
                    if let Some(a) = self.accounts.iter_mut().find(|a| a["id"] == acc.as_str()) {
                        if let Some(r) = identity {
                            let state = if r.is_null() {
                                Value::Null
                            } else {
                                json!("ACTIVE")
                            };
                            a["identity"] = r;
                            a["identityState"] = state.clone();
                            a["cloudLifecycleState"] = if state.is_null() {
                                state
                            } else {
                                json!("active")
                            };
                        }
                        for op in ops {
                            let path = op["path"].as_str().unwrap_or("");
                            if let Some(name) = path.strip_prefix("/attributes/") {
                                let name = name.replace("~1", "/").replace("~0", "~");
                                if op["op"] == "remove" {
                                    a["attributes"].as_object_mut().map(|m| m.remove(&name));
                                } else {
                                    a["attributes"][name] = op["value"].clone();
                                }
                            } else if path == "/identityId" {
                                a["identityId"] = op["value"].clone();
                                a["uncorrelated"] = json!(op["value"].is_null());
                            } else if path == "/manuallyCorrelated" {
                                a["manuallyCorrelated"] = op["value"].clone();
                            }
                        }
                        a["modified"] = json!(stamp(now_ms));
                    }
                    "Account updated".into()
                }
                Some(Effect::Delete(acc)) => {
                    self.accounts.retain(|a| a["id"] != acc.as_str());
                    "Account deleted".into()
                }
                Some(Effect::Flag(acc, field, v)) => {
                    if let Some(a) = self.accounts.iter_mut().find(|a| a["id"] == acc.as_str()) {
                        a[field.as_str()] = json!(v);
                        a["modified"] = json!(stamp(now_ms));
                    }
                    format!("Account {field} set to {v}")
                }
                Some(Effect::Aggregate {
                    source,
                    file,
                    optimize,
                }) => {
                    let (status, counts, messages) =
                        self.aggregate(&source, file.as_deref(), optimize, now_ms);
                    if let Some(t) = self.tasks.get_mut(&id) {
                        t.status["completed"] = json!(stamp(t.done_at));
                        t.status["modified"] = json!(stamp(t.done_at));
                        t.status["completionStatus"] = json!(status);
                        t.status["percentComplete"] = json!(100);
                        t.status["progress"] = json!("Completed");
                        for (k, v) in counts {
                            t.status["attributes"][k] = json!(v);
                        }
                        t.status["messages"] = Value::Array(
                            messages
                                .into_iter()
                                .map(|(kind, text)| json!({"type": kind, "localizedText": {"locale": "en-US", "message": text}, "key": "task.aggregation", "parameters": []}))
                                .collect(),
                        );
                    }
                    continue;
                }
                Some(Effect::Reload(acc)) => {
                    if let Some(a) = self.accounts.iter_mut().find(|a| a["id"] == acc.as_str()) {
                        a["modified"] = json!(stamp(now_ms));
                    }
                    "Account reloaded from the source".into()
                }
                None => continue,
            };
            if let Some(t) = self.tasks.get_mut(&id) {
                t.status["completed"] = json!(stamp(t.done_at));
                t.status["modified"] = json!(stamp(t.done_at));
                t.status["completionStatus"] = json!("SUCCESS");
                t.status["percentComplete"] = json!(100);
                t.status["progress"] = json!("Completed");
                t.status["messages"] = json!([{"type": "INFO", "localizedText": {"locale": "en-US", "message": message}, "key": "task.completed", "parameters": []}]);
            }
        }
    }

    fn start_task(&mut self, name: &str, target: &str, effect: Effect, now_ms: u64) -> String {
        let id = self.new_id();
        let status = json!({
            "id": id, "type": "QUARTZ", "uniqueName": format!("{name} {id}"), "description": name,
            "parentName": null, "launcher": "ada.lovelace",
            "target": {"id": target, "type": "ACCOUNT", "name": target},
            "created": stamp(now_ms), "modified": stamp(now_ms), "launched": stamp(now_ms),
            "completed": null, "completionStatus": null, "messages": [], "returns": [], "attributes": {},
            "progress": "Started", "percentComplete": 0, "taskDefinitionSummary": null
        });
        self.tasks.insert(
            id.clone(),
            crate::accounts::Task {
                status,
                done_at: now_ms + TASK_MS,
                effect: Some(effect),
            },
        );
        id
    }

    /// Starts an aggregation of `source`; the `task` of the `LoadAccountsTask` answer.
    pub(crate) fn start_aggregation(
        &mut self,
        source: &Value,
        file: Option<String>,
        optimize: bool,
        now_ms: u64,
    ) -> Value {
        let id = self.new_id();
        let sid = source["id"].as_str().unwrap_or("").to_string();
        let name = "Cloud Account Aggregation";
        let opt = if optimize { "enabled" } else { "disabled" };
        let status = json!({
            "id": id, "type": "QUARTZ", "uniqueName": format!("{name} {id}"),
            "description": format!("Aggregate from {}", source["name"].as_str().unwrap_or("")),
            "parentName": null, "launcher": "ada.lovelace",
            "target": {"id": sid, "type": "SOURCE", "name": source["name"]},
            "created": stamp(now_ms), "modified": stamp(now_ms), "launched": stamp(now_ms),
            "completed": null, "completionStatus": null, "messages": [],
            "returns": RETURNS.iter().map(|(l, a)| json!({"name": l, "attributeName": a})).collect::<Vec<_>>(),
            "attributes": {"appId": sid, "optimizedAggregation": opt},
            "progress": "Started", "percentComplete": 0, "taskDefinitionSummary": null
        });
        self.tasks.insert(
            id.clone(),
            Task {
                status,
                done_at: now_ms + AGGREGATION_MS,
                effect: Some(Effect::Aggregate {
                    source: sid.clone(),
                    file,
                    optimize,
                }),
            },
        );
        json!({
            "id": id, "type": "QUARTZ", "name": name,
            "description": format!("Aggregate from {}", source["name"].as_str().unwrap_or("")),
            "launcher": "ada.lovelace", "created": stamp(now_ms), "launched": stamp(now_ms),
            "completed": null, "completionStatus": null, "parentName": null, "messages": [],
            "progress": "Started", "attributes": {"appId": sid, "optimizedAggregation": opt},
            "returns": RETURNS.iter().map(|(l, a)| json!({"displayLabel": l, "attributeName": a})).collect::<Vec<_>>()
        })
    }

    /// Carries an aggregation out: the file (or, without one, the connector's accounts, which
    /// are what the tenant holds) becomes the source's truth. New rows become accounts,
    /// changed rows are updated, and accounts the file lacks are removed, unless more than
    /// the source's delete threshold (a percentage of its accounts) would go: then the delete
    /// phase is skipped and the task ends with a warning. Returns the completion status, the
    /// figures and the messages.
    #[allow(clippy::type_complexity)]
    pub(crate) fn aggregate(
        &mut self,
        sid: &str,
        file: Option<&str>,
        optimize: bool,
        now_ms: u64,
    ) -> (
        &'static str,
        Vec<(&'static str, u64)>,
        Vec<(&'static str, String)>,
    ) {
        let Some(source) = self.sources.iter().find(|s| s["id"] == sid).cloned() else {
            return (
                "ERROR",
                vec![],
                vec![("ERROR", format!("Source {sid} no longer exists"))],
            );
        };
        let on_source = self
            .accounts
            .iter()
            .filter(|a| a["sourceId"] == sid)
            .count() as u64;
        let Some(file) = file else {
            // The connector's accounts are what the tenant holds: nothing changes.
            if !optimize {
                for a in self.accounts.iter_mut().filter(|a| a["sourceId"] == sid) {
                    a["modified"] = json!(stamp(now_ms));
                }
            }
            let (u, o) = if optimize {
                (0, on_source)
            } else {
                (on_source, 0)
            };
            return (
                "SUCCESS",
                vec![
                    ("total", on_source),
                    ("created", 0),
                    ("updated", u),
                    ("deleted", 0),
                    ("optimized", o),
                ],
                vec![(
                    "INFO",
                    format!("Aggregated {on_source} accounts from the connector"),
                )],
            );
        };
        let schema = self.account_schema(sid);
        let id_attr = schema["identityAttribute"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let delim = source["connectorAttributes"]["delimiter"]
            .as_str()
            .and_then(|d| d.bytes().next())
            .unwrap_or(b',');
        let multi: Vec<String> = schema["attributes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|a| a["isMulti"] == true)
            .filter_map(|a| a["name"].as_str().map(str::to_string))
            .collect();
        let known = |n: &str| {
            schema["attributes"]
                .as_array()
                .is_some_and(|l| l.iter().any(|a| a["name"] == n))
        };
        let mut r = csv::ReaderBuilder::new()
            .delimiter(delim)
            .flexible(true)
            .from_reader(file.trim_start_matches('\u{feff}').as_bytes());
        let header: Vec<String> = match r.headers() {
            Ok(h) => h.iter().map(|c| c.trim().to_string()).collect(),
            Err(e) => {
                return (
                    "ERROR",
                    vec![],
                    vec![("ERROR", format!("The file could not be read: {e}"))],
                )
            }
        };
        if !header.contains(&id_attr) {
            return (
                "ERROR",
                vec![],
                vec![("ERROR", format!("The file has no column {id_attr}, the identity attribute of the account schema; nothing was aggregated"))],
            );
        }
        let mut messages: Vec<(&'static str, String)> = vec![];
        let mut rows: Vec<(String, Map<String, Value>)> = vec![];
        let mut seen = std::collections::HashSet::new();
        for (k, rec) in r.records().enumerate() {
            let line = k + 2;
            let rec = match rec {
                Ok(x) => x,
                Err(e) => {
                    messages.push(("WARN", format!("Row {line} was skipped: {e}")));
                    continue;
                }
            };
            if rec.len() != header.len() {
                messages.push((
                    "WARN",
                    format!(
                        "Row {line} was skipped: {} cells, the header has {}",
                        rec.len(),
                        header.len()
                    ),
                ));
                continue;
            }
            let mut attrs = Map::new();
            for (h, v) in header.iter().zip(rec.iter()) {
                if !known(h) || v.is_empty() {
                    continue;
                }
                let value = if multi.contains(h) {
                    json!(v
                        .split(delim as char)
                        .map(|s| s.trim())
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>())
                } else {
                    json!(v)
                };
                attrs.insert(h.clone(), value);
            }
            coerce_to_schema(&mut attrs, &schema);
            let native = attrs
                .get(&id_attr)
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string())
                })
                .unwrap_or_default();
            if native.is_empty() {
                messages.push(("WARN", format!("Row {line} was skipped: no {id_attr}")));
                continue;
            }
            if !seen.insert(native.clone()) {
                messages.push((
                    "WARN",
                    format!("Row {line} was skipped: {native} is on an earlier row"),
                ));
                continue;
            }
            rows.push((native, attrs));
        }
        let (mut created, mut updated, mut unchanged) = (0u64, 0u64, 0u64);
        for (native, attrs) in &rows {
            match self
                .accounts
                .iter_mut()
                .find(|a| a["sourceId"] == sid && a["nativeIdentity"] == native.as_str())
            {
                Some(a) => {
                    let old = a["attributes"].as_object().cloned().unwrap_or_default();
                    let changed = old.len() != attrs.len()
                        || attrs
                            .iter()
                            .any(|(k, v)| !old.get(k).is_some_and(|o| same(o, v)));
                    if changed {
                        a["attributes"] = Value::Object(attrs.clone());
                        let disp = schema["displayAttribute"].as_str().unwrap_or("");
                        if let Some(d) = attrs.get(disp).and_then(|d| d.as_str()) {
                            a["name"] = json!(d);
                        }
                        updated += 1;
                    } else {
                        unchanged += 1;
                    }
                    if changed || !optimize {
                        a["modified"] = json!(stamp(now_ms));
                    }
                }
                None => {
                    let mut acc = account_value(
                        self,
                        &source,
                        &schema,
                        attrs.clone(),
                        None,
                        false,
                        false,
                        now_ms.max(1),
                    );
                    acc["origin"] = json!("AGGREGATED");
                    self.accounts.push(acc);
                    created += 1;
                }
            }
        }
        let natives: std::collections::HashSet<&str> =
            rows.iter().map(|(n, _)| n.as_str()).collect();
        let gone: Vec<String> = self
            .accounts
            .iter()
            .filter(|a| {
                a["sourceId"] == sid
                    && !a["nativeIdentity"]
                        .as_str()
                        .is_some_and(|n| natives.contains(n))
            })
            .filter_map(|a| a["id"].as_str().map(str::to_string))
            .collect();
        let threshold = source["deleteThreshold"].as_u64().unwrap_or(10);
        let mut status = if messages.is_empty() {
            "SUCCESS"
        } else {
            "WARNING"
        };
        let deleted = if !gone.is_empty() && gone.len() as u64 * 100 > threshold * on_source {
            messages.push((
                "WARN",
                format!(
                    "Delete threshold exceeded: {} of {on_source} accounts ({}%) would be removed, more than the source's delete threshold of {threshold}%; the delete phase was skipped and no account was removed",
                    gone.len(),
                    gone.len() as u64 * 100 / on_source.max(1)
                ),
            ));
            status = "WARNING";
            0
        } else {
            let gone: std::collections::HashSet<&str> = gone.iter().map(String::as_str).collect();
            self.accounts
                .retain(|a| !a["id"].as_str().is_some_and(|i| gone.contains(i)));
            gone.len() as u64
        };
        if let Some(s) = self.sources.iter_mut().find(|s| s["id"] == sid) {
            s["healthy"] = json!(true);
            s["status"] = json!("SOURCE_STATE_HEALTHY");
        }
        messages.insert(
            0,
            (
                "INFO",
                format!(
                    "Aggregated {} rows: {created} created, {updated} updated, {deleted} removed",
                    rows.len()
                ),
            ),
        );
        (
            status,
            vec![
                ("total", rows.len() as u64),
                ("created", created),
                ("updated", updated),
                ("deleted", deleted),
                ("optimized", unchanged),
            ],
            messages,
        )
    }

    pub(crate) fn flat_file(source: &Value) -> bool {
        source["type"] == "DelimitedFile" || source["connector"] == "delimited-file"
    }

    pub(crate) fn route_accounts(
        &mut self,
        req: &ApiRequest,
        segs: &[&str],
        now_ms: u64,
    ) -> Option<ApiResponse> {
        self.settle(now_ms);
        let body = || {
            serde_json::from_str::<Value>(req.body.as_deref().unwrap_or("")).unwrap_or(Value::Null)
        };
        Some(match (req.method, segs) {
            (Method::Get, ["accounts"]) => {
                let slim = req
                    .query
                    .iter()
                    .any(|(k, v)| k == "detailLevel" && v == "SLIM");
                fn slim_shape(a: &mut Value) {
                    if let Some(o) = a.as_object_mut() {
                        for k in [
                            "attributes",
                            "sourceOwner",
                            "features",
                            "recommendation",
                            "ownerIdentity",
                            "uuid",
                        ] {
                            o.remove(k);
                        }
                    }
                }
                // Filtered and sorted by reference: only the page sent is copied.
                let all = std::mem::take(&mut self.accounts);
                let refs: Vec<&Value> = all.iter().collect();
                let r = self.list_with(
                    refs,
                    req,
                    &ACCOUNT_LIST,
                    if slim { slim_shape } else { |_| {} },
                );
                self.accounts = all;
                r
            }
            (Method::Post, ["accounts"]) => {
                let b = body();
                let Some(attrs) = b["attributes"].as_object().cloned() else {
                    return Some(
                        self.bad_request("The body must be {\"attributes\": {\"sourceId\": …, …}}"),
                    );
                };
                let sid = attrs
                    .get("sourceId")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string();
                let Some(source) = self
                    .sources
                    .iter()
                    .find(|s| s["id"] == sid.as_str())
                    .cloned()
                else {
                    return Some(self.bad_request(&format!(
                        "Source {sid} was not found; sourceId must be the source's id"
                    )));
                };
                let schema = self.account_schema(&sid);
                let id_attr = schema["identityAttribute"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                let mut attrs = attrs;
                attrs.remove("sourceId");
                // Values arrive as text (the create call declares strings): stored as the
                // schema's type says, as aggregated accounts are.
                coerce_to_schema(&mut attrs, &schema);
                if !id_attr.is_empty() && attrs.get(&id_attr).is_none_or(|v| v.is_null() || v == "")
                {
                    return Some(self.bad_request(&format!(
                        "Required attribute {id_attr} (the identity attribute of {}) is missing",
                        source["name"].as_str().unwrap_or("")
                    )));
                }
                let native = attrs[&id_attr]
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| attrs[&id_attr].to_string());
                // A create still pending counts: a second create of the same account sent
                // before the first task ran (a resend after a lost answer) is refused too.
                let same = |a: &Value| {
                    a["sourceId"] == sid.as_str() && a["nativeIdentity"] == native.as_str()
                };
                let pending = self
                    .tasks
                    .values()
                    .any(|t| matches!(&t.effect, Some(Effect::Create(a)) if same(a)));
                if pending || self.accounts.iter().any(same) {
                    return Some(self.bad_request(&format!(
                        "An account {native} already exists on this source"
                    )));
                }
                let acc = account_value(
                    self,
                    &source,
                    &schema,
                    attrs,
                    None,
                    false,
                    false,
                    now_ms.max(1),
                );
                let task = self.start_task("Create Account", &native, Effect::Create(acc), now_ms);
                ApiResponse::json(202, &json!({"id": task}))
            }
            (Method::Get, ["accounts", id]) => {
                match self.accounts.iter().find(|a| a["id"] == *id) {
                    Some(a) => ApiResponse::json(200, a),
                    None => self.not_found(&format!("Account {id} was not found.")),
                }
            }
            (Method::Get, ["accounts", id, "entitlements"]) => {
                let Some(a) = self.accounts.iter().find(|a| a["id"] == *id).cloned() else {
                    return Some(self.not_found(&format!("Account {id} was not found.")));
                };
                let schema = self.account_schema(a["sourceId"].as_str().unwrap_or(""));
                let mut ents = vec![];
                for d in schema["attributes"].as_array().cloned().unwrap_or_default() {
                    if d["isEntitlement"] != true {
                        continue;
                    }
                    let attr = d["name"].as_str().unwrap_or("");
                    for v in a["attributes"][attr]
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                    {
                        let value = v.as_str().unwrap_or("").to_string();
                        ents.push(json!({"id": format!("{:0>32}", format!("{:x}", value.bytes().fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64)))),
                            "name": value, "attribute": attr, "value": value, "sourceSchemaObjectType": "group",
                            "privileged": value.contains("admin"), "source": {"type": "SOURCE", "id": a["sourceId"], "name": a["sourceName"]}}));
                    }
                }
                self.list(
                    ents,
                    req,
                    &ListSpec {
                        filters: &[],
                        sorters: &[],
                    },
                )
            }
            (Method::Put | Method::Delete | Method::Patch, ["accounts", id]) => {
                let id = id.to_string();
                let Some(a) = self
                    .accounts
                    .iter()
                    .find(|a| a["id"] == id.as_str())
                    .cloned()
                else {
                    return Some(self.not_found(&format!("Account {id} was not found.")));
                };
                let source = self
                    .sources
                    .iter()
                    .find(|s| s["id"] == a["sourceId"])
                    .cloned()
                    .unwrap_or(Value::Null);
                let flat = Self::flat_file(&source);
                match req.method {
                    Method::Put | Method::Delete if !flat => {
                        let what = if req.method == Method::Put {
                            "update"
                        } else {
                            "delete"
                        };
                        return Some(self.bad_request(&format!(
                            "Unable to {what} account {id}: only accounts on a DelimitedFile source can be {what}d through the API; {} is {}",
                            source["name"].as_str().unwrap_or(""),
                            source["type"].as_str().unwrap_or("")
                        )));
                    }
                    Method::Put => {
                        let Some(attrs) = body()["attributes"].as_object().cloned() else {
                            return Some(
                                self.bad_request("The body must be {\"attributes\": {…}}"),
                            );
                        };
                        let task = self.start_task(
                            "Update Account",
                            &id,
                            Effect::Replace(id.clone(), attrs),
                            now_ms,
                        );
                        ApiResponse::json(202, &json!({"id": task}))
                    }
                    Method::Delete => {
                        let task = self.start_task(
                            "Delete Account",
                            &id,
                            Effect::Delete(id.clone()),
                            now_ms,
                        );
                        ApiResponse::json(202, &json!({"id": task}))
                    }
                    _ => {
                        if !req
                            .header("Content-Type")
                            .unwrap_or("")
                            .starts_with(isc_core::http::JSON_PATCH)
                        {
                            return Some(self.error(
                                405,
                                "405 Method Not Allowed",
                                "The request method is not supported for this resource.",
                                &[format!(
                                    "PATCH needs Content-Type {}",
                                    isc_core::http::JSON_PATCH
                                )],
                            ));
                        }
                        let Value::Array(ops) = body() else {
                            return Some(self.bad_request(
                                "The body must be a JSON array of JSON Patch operations.",
                            ));
                        };
                        for op in &ops {
                            let path = op["path"].as_str().unwrap_or("");
                            let ok = path == "/identityId"
                                || path == "/manuallyCorrelated"
                                || (path.starts_with("/attributes/") && flat);
                            if !ok {
                                return Some(self.bad_request(&format!(
                                    "{path} cannot be changed on account {id}{}",
                                    if path.starts_with("/attributes/") {
                                        ": attributes can be patched only on flat-file accounts"
                                    } else {
                                        ""
                                    }
                                )));
                            }
                        }
                        let task = self.start_task(
                            "Update Account",
                            &id,
                            Effect::Patch(id.clone(), ops),
                            now_ms,
                        );
                        ApiResponse::json(202, &json!({"id": task}))
                    }
                }
            }
            (Method::Post, ["accounts", id, action]) => {
                let id = id.to_string();
                if !self.accounts.iter().any(|a| a["id"] == id.as_str()) {
                    return Some(self.not_found(&format!("Account {id} was not found.")));
                }
                let (name, effect) = match *action {
                    "enable" => (
                        "Enable Account",
                        Effect::Flag(id.clone(), "disabled".into(), false),
                    ),
                    "disable" => (
                        "Disable Account",
                        Effect::Flag(id.clone(), "disabled".into(), true),
                    ),
                    "unlock" => (
                        "Unlock Account",
                        Effect::Flag(id.clone(), "locked".into(), false),
                    ),
                    "reload" => ("Reload Account", Effect::Reload(id.clone())),
                    "remove" => ("Remove Account", Effect::Delete(id.clone())),
                    _ => return Some(self.not_found(&format!("No resource at {}", req.path))),
                };
                let task = self.start_task(name, &id, effect, now_ms);
                ApiResponse::json(202, &json!({"id": task}))
            }
            (Method::Get, ["task-status"]) => {
                // Completed tasks only, as the API says; `sourceId` is the task's source.
                let items: Vec<Value> = self
                    .tasks
                    .values()
                    .filter(|t| !t.status["completed"].is_null())
                    .map(|t| {
                        let mut v = t.status.clone();
                        let sid = if v["target"]["type"] == "SOURCE" {
                            v["target"]["id"].clone()
                        } else {
                            Value::Null
                        };
                        v["sourceId"] = sid;
                        v
                    })
                    .collect();
                self.list_with(items, req, &TASK_LIST, |v| {
                    if let Some(o) = v.as_object_mut() {
                        o.remove("sourceId");
                    }
                })
            }
            (Method::Get, ["task-status", id]) => match self.tasks.get(*id) {
                Some(t) => ApiResponse::json(200, &t.status),
                None => self.not_found(&format!("Task {id} was not found.")),
            },
            _ => return None,
        })
    }
}
