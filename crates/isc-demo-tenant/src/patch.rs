//! JSON Patch (RFC 6902) `add`, `replace` and `remove` at any JSON Pointer, as the tenant's
//! PATCH calls apply them: one operation at a time on a copy, which the caller checks and
//! stores only when every operation applied.

use serde_json::Value;

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
