//! A source's settings after it is made: what a person may change (description, owner, delete
//! threshold, features, connector attributes, and further JSON Patch operations typed by hand),
//! the checks each change must pass before anything is sent, and the fewest JSON Patch
//! operations that make the change (`PATCH …/sources/{id}`). The fields the descriptions call
//! immutable are named with the reason, and an operation on one is refused here, beside its
//! field, rather than by the tenant's 400.

use crate::source_form::{is_hex32, json_object_error, FieldErrors, SOURCE_FEATURES};
use serde_json::{json, Map, Value};

/// The fields of a source no change may touch, with the reason told beside each (the
/// descriptions of `PUT` and `PATCH …/sources/{id}`: "Attempts to modify these fields will
/// result in a 400 error").
pub const LOCKED: [(&str, &str); 8] = [
    (
        "id",
        "ISC gives a source its id when it is made; accounts and profiles refer to it.",
    ),
    (
        "type",
        "The type comes with the connector; to use another, make a new source.",
    ),
    (
        "authoritative",
        "Whether a source is authoritative is chosen when it is made.",
    ),
    (
        "connector",
        "A source keeps its connector; to use another, make a new source.",
    ),
    (
        "connectorClass",
        "The connector's class comes with the connector.",
    ),
    (
        "passwordPolicies",
        "Password policies are managed in ISC's password settings.",
    ),
    ("created", "ISC sets it when the source is made."),
    ("modified", "ISC sets it on every change."),
];

/// The reason field `name` (the first segment of a patch path) cannot change, if it cannot.
pub fn locked(name: &str) -> Option<&'static str> {
    LOCKED.iter().find(|(f, _)| *f == name).map(|(_, why)| *why)
}

/// What a person edits, as text where they type text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    pub description: String,
    pub owner_id: String,
    pub owner_name: String,
    /// A whole number from 0 to 100, as typed.
    pub delete_threshold: String,
    pub features: Vec<String>,
    /// A JSON object, as typed (pretty-printed when read).
    pub connector_attributes: String,
    /// Further operations as a JSON Patch array, as typed (empty for none).
    pub more: String,
}

/// The settings a source holds.
pub fn settings_of(source: &Value) -> Settings {
    let attrs = match &source["connectorAttributes"] {
        Value::Object(m) if !m.is_empty() => {
            serde_json::to_string_pretty(&source["connectorAttributes"]).unwrap_or_default()
        }
        _ => String::new(),
    };
    Settings {
        description: source["description"].as_str().unwrap_or("").to_string(),
        owner_id: source["owner"]["id"].as_str().unwrap_or("").to_string(),
        owner_name: source["owner"]["name"].as_str().unwrap_or("").to_string(),
        delete_threshold: source["deleteThreshold"]
            .as_i64()
            .map(|t| t.to_string())
            .unwrap_or_default(),
        features: source["features"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f.as_str().map(String::from))
            .collect(),
        connector_attributes: attrs,
        more: String::new(),
    }
}

/// The further operations typed by hand, or why they cannot be sent.
pub fn more_ops(text: &str) -> Result<Vec<Value>, String> {
    if text.trim().is_empty() {
        return Ok(vec![]);
    }
    let v: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "Not valid JSON at line {}, column {}: write a JSON array of operations, like [{{\"op\": \"replace\", \"path\": \"/cluster/id\", \"value\": \"…\"}}].",
            e.line(),
            e.column()
        )
    })?;
    let Value::Array(ops) = v else {
        return Err("A JSON Patch is an array of operations: [ {…}, … ].".into());
    };
    for (i, op) in ops.iter().enumerate() {
        let n = i + 1;
        let kind = op["op"].as_str().unwrap_or("");
        if !matches!(kind, "add" | "replace" | "remove") {
            return Err(format!(
                "Operation {n}: op is add, replace or remove (it is {}).",
                if kind.is_empty() { "missing" } else { kind }
            ));
        }
        let Some(path) = op["path"]
            .as_str()
            .filter(|p| p.starts_with('/') && p.len() > 1)
        else {
            return Err(format!(
                "Operation {n}: path is a JSON Pointer to a field, like /description."
            ));
        };
        let field = path[1..].split('/').next().unwrap_or("");
        if let Some(why) = locked(field) {
            return Err(format!(
                "Operation {n}: {field} cannot change. {why} ISC would refuse the whole patch."
            ));
        }
        if kind != "remove" && op.get("value").is_none() {
            return Err(format!("Operation {n}: {kind} needs a value."));
        }
    }
    Ok(ops)
}

/// Checks every field against the source as the tenant holds it (`old`); an empty map means
/// the change can be sent. Keys: `description`, `owner`, `delete_threshold`, `features`,
/// `connector_attributes`, `more`.
pub fn check(s: &Settings, old: &Value) -> FieldErrors {
    let mut e = FieldErrors::new();
    if s.description.chars().count() > 2000 {
        e.insert("description", "At most 2,000 characters.".into());
    }
    let owner = s.owner_id.trim();
    if owner.is_empty() {
        e.insert(
            "owner",
            "A source needs an owner: pick an identity or paste its id.".into(),
        );
    } else if !is_hex32(owner) {
        e.insert(
            "owner",
            "Identity ids are 32 hexadecimal characters (like 2c9180835d191a86015d28455b4a2329)."
                .into(),
        );
    }
    let t = s.delete_threshold.trim();
    match t.parse::<i64>() {
        Ok(v) if (0..=100).contains(&v) => {}
        _ if t.is_empty() && old["deleteThreshold"].is_null() => {}
        _ => {
            let what = "a whole number from 0 to 100: the percent of a source's accounts one aggregation may remove";
            e.insert(
                "delete_threshold",
                if t.is_empty() {
                    format!("Give {what}.")
                } else {
                    format!("{t} is not {what}.")
                },
            );
        }
    }
    if let Some(f) = s
        .features
        .iter()
        .find(|f| !SOURCE_FEATURES.contains(&f.as_str()))
    {
        e.insert("features", format!("{f} is not a source feature."));
    }
    if let Some(msg) = json_object_error(&s.connector_attributes) {
        e.insert("connector_attributes", msg);
    }
    if let Err(msg) = more_ops(&s.more) {
        e.insert("more", msg);
    }
    e
}

/// `~` and `/` in a key, escaped for a JSON Pointer.
fn pointer_key(k: &str) -> String {
    k.replace('~', "~0").replace('/', "~1")
}

/// One field set: `replace` when the source holds it, `add` when it does not.
fn set(out: &mut Vec<Value>, old: &Value, field: &str, value: Value) {
    let op = if old.get(field).is_some_and(|v| !v.is_null()) {
        "replace"
    } else {
        "add"
    };
    out.push(json!({"op": op, "path": format!("/{field}"), "value": value}));
}

/// The fewest JSON Patch operations that turn `old` into what `s` says, the hand-typed ones
/// last. Call [`check`] first: fields that do not parse send nothing.
pub fn patch(old: &Value, s: &Settings) -> Vec<Value> {
    let was = settings_of(old);
    let mut out = Vec::new();
    if s.description.trim() != was.description.trim() {
        set(&mut out, old, "description", json!(s.description.trim()));
    }
    if s.owner_id.trim() != was.owner_id {
        let mut r = Map::new();
        r.insert("type".into(), json!("IDENTITY"));
        r.insert("id".into(), json!(s.owner_id.trim()));
        if !s.owner_name.trim().is_empty() {
            r.insert("name".into(), json!(s.owner_name.trim()));
        }
        set(&mut out, old, "owner", Value::Object(r));
    }
    if let Ok(t) = s.delete_threshold.trim().parse::<i64>() {
        if old["deleteThreshold"].as_i64() != Some(t) {
            set(&mut out, old, "deleteThreshold", json!(t));
        }
    }
    let mut a = s.features.clone();
    let mut b = was.features.clone();
    a.sort();
    a.dedup();
    b.sort();
    b.dedup();
    if a != b {
        set(&mut out, old, "features", json!(s.features));
    }
    let new_attrs = if s.connector_attributes.trim().is_empty() {
        Some(Map::new())
    } else {
        match serde_json::from_str::<Value>(&s.connector_attributes) {
            Ok(Value::Object(m)) => Some(m),
            _ => None,
        }
    };
    if let Some(new) = new_attrs {
        match old["connectorAttributes"].as_object() {
            None if new.is_empty() => {}
            None => out.push(json!({"op": "add", "path": "/connectorAttributes", "value": new})),
            Some(prev) => {
                for k in prev.keys().filter(|k| !new.contains_key(*k)) {
                    out.push(json!({"op": "remove", "path": format!("/connectorAttributes/{}", pointer_key(k))}));
                }
                for (k, v) in &new {
                    let path = format!("/connectorAttributes/{}", pointer_key(k));
                    match prev.get(k) {
                        Some(p) if p == v => {}
                        Some(_) => out.push(json!({"op": "replace", "path": path, "value": v})),
                        None => out.push(json!({"op": "add", "path": path, "value": v})),
                    }
                }
            }
        }
    }
    out.extend(more_ops(&s.more).unwrap_or_default());
    out
}

/// Whether a source read back holds every operation of `ops`: each added or replaced value at
/// its path, each removed path gone. How a change whose answer was lost is settled.
pub fn holds(source: &Value, ops: &[Value]) -> bool {
    ops.iter().all(|op| {
        let path = op["path"].as_str().unwrap_or("");
        match op["op"].as_str() {
            Some("remove") => source.pointer(path).is_none(),
            _ => match (source.pointer(path), op.get("value")) {
                (Some(held), Some(sent)) => within(sent, held),
                _ => false,
            },
        }
    })
}

/// Whether `held` has what `sent` says: equal, or for objects every sent key held alike (the
/// tenant adds what it knows, such as an owner's name).
fn within(sent: &Value, held: &Value) -> bool {
    match (sent, held) {
        (Value::Object(s), Value::Object(h)) => s
            .iter()
            .all(|(k, v)| h.get(k).is_some_and(|w| within(v, w))),
        _ => sent == held,
    }
}

#[cfg(test)]
mod tests;
