//! JSON Patch (RFC 6902) `add`, `replace` and `remove` at any JSON Pointer, as the tenant's
//! PATCH calls apply them: one operation at a time on a copy, which the caller checks and
//! stores only when every operation applied.

use crate::DemoTenant;
use isc_core::http::{ApiRequest, ApiResponse, JSON_PATCH};
use serde_json::Value;

impl DemoTenant {
    /// The operations of a JSON Patch request: `415` without the JSON Patch content type, `400`
    /// for a body that is not an array.
    pub(crate) fn patch_ops(&mut self, req: &ApiRequest) -> Result<Vec<Value>, ApiResponse> {
        let ct = req
            .header("Content-Type")
            .unwrap_or("")
            .to_ascii_lowercase();
        if !ct.starts_with(JSON_PATCH) {
            return Err(self.error(
                415,
                "415 Unsupported Media Type",
                "The request content type is not supported.",
                &[format!("PATCH needs Content-Type {JSON_PATCH}")],
            ));
        }
        match serde_json::from_str::<Value>(req.body.as_deref().unwrap_or("")) {
            Ok(Value::Array(ops)) => Ok(ops),
            _ => Err(self.bad_request("The body must be a JSON array of JSON Patch operations.")),
        }
    }
}

/// Applies one operation to `doc`, or says why it cannot be applied.
pub(crate) fn apply(doc: &mut Value, op: &Value) -> Result<(), String> {
    let kind = op["op"].as_str().unwrap_or("");
    let path = op["path"].as_str().unwrap_or("");
    let value = op.get("value").cloned();
    let Some((parent, last)) = path.rsplit_once('/') else {
        return Err(format!("{path} is not a JSON Pointer"));
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    let Some(target) = doc.pointer_mut(parent) else {
        return Err(format!(
            "{parent} does not exist, so {path} cannot be reached"
        ));
    };
    let cannot = || format!("Operation {kind} cannot be applied at {path}");
    match (kind, target, value) {
        ("add", Value::Object(m), Some(v)) => {
            m.insert(key, v);
        }
        ("replace", Value::Object(m), Some(v)) if m.contains_key(&key) => {
            m.insert(key, v);
        }
        ("remove", Value::Object(m), _) => {
            m.remove(&key).ok_or_else(cannot)?;
        }
        (_, Value::Array(list), v) => {
            let at = if key == "-" {
                list.len()
            } else {
                key.parse::<usize>().map_err(|_| cannot())?
            };
            match (kind, v) {
                ("add", Some(v)) if at <= list.len() => list.insert(at, v),
                ("replace", Some(v)) if at < list.len() => list[at] = v,
                ("remove", _) if at < list.len() => {
                    list.remove(at);
                }
                _ => return Err(cannot()),
            }
        }
        _ => return Err(cannot()),
    }
    Ok(())
}
