//! Making accounts: the seed accounts, bulk accounts for scale tests, and one account's
//! JSON from its source, schema and attributes.

use super::*;

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
pub(super) fn coerce_to_schema(attrs: &mut serde_json::Map<String, Value>, schema: &Value) {
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
pub(super) fn account_value(
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
}
