//! An entitlement aggregation carried out (the file becomes the source's entitlements) and an
//! account's entitlements as the catalogue describes them.

use super::*;

impl DemoTenant {
    /// An entitlement of `source` from one row (its cells by column), keeping the id and the
    /// created date of `before`.
    pub(super) fn entitlement_of(
        &self,
        source: &Value,
        identity: &str,
        display: &str,
        row: &Map<String, Value>,
        now: &str,
        before: Option<&Value>,
    ) -> Value {
        let sid = source["id"].as_str().unwrap_or("");
        let value = row.get(identity).and_then(Value::as_str).unwrap_or("");
        let name = row
            .get(display)
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
            .unwrap_or(value);
        let description = row
            .get("description")
            .and_then(Value::as_str)
            .filter(|d| !d.is_empty());
        let attribute = self.entitlement_attribute(sid);
        json!({
            "id": before.map(|b| b["id"].clone()).unwrap_or_else(|| json!(value_id(sid, value))),
            "name": name, "attribute": attribute, "value": value,
            "sourceSchemaObjectType": DEFAULT_SCHEMA, "description": description,
            "privileged": row.get("privileged").and_then(Value::as_str).is_some_and(|p| p.eq_ignore_ascii_case("true")),
            "cloudGoverned": false, "requestable": false, "owner": null,
            "manuallyUpdatedFields": null,
            "created": before.map(|b| b["created"].clone()).unwrap_or_else(|| json!(now)),
            "modified": now,
            "source": {"id": sid, "type": "SOURCE", "name": source["name"]},
            "attributes": row,
        })
    }

    /// The account attribute that holds a source's entitlements (the first the account schema
    /// marks as a group entitlement).
    fn entitlement_attribute(&self, sid: &str) -> String {
        let schema = self.account_schema(sid);
        let attrs = schema["attributes"].as_array().cloned().unwrap_or_default();
        attrs
            .iter()
            .find(|a| a["isEntitlement"] == true && a["isGroup"] == true)
            .or_else(|| attrs.iter().find(|a| a["isEntitlement"] == true))
            .and_then(|a| a["name"].as_str())
            .unwrap_or(DEFAULT_SCHEMA)
            .to_string()
    }

    /// The entitlement aggregation a task runs: (completion status, counts, messages).
    pub(crate) fn aggregate_entitlements(
        &mut self,
        sid: &str,
        file: Option<&str>,
        now_ms: u64,
    ) -> Ran {
        let Some(source) = self.sources.iter().find(|s| s["id"] == sid).cloned() else {
            return (
                "ERROR",
                vec![],
                vec![("ERROR", format!("Source {sid} was not found."))],
            );
        };
        let name = source["name"].as_str().unwrap_or("").to_string();
        let Some(file) = file else {
            // A direct-connect source: its entitlements are the values its accounts hold.
            let n = self.entitlements.get(sid).map_or(0, Vec::len);
            return (
                "SUCCESS",
                vec![
                    ("applications", json!(name)),
                    ("total", json!(n)),
                    ("groupsCreated", json!(0)),
                    ("groupsUpdated", json!(0)),
                    ("groupsDeleted", json!(0)),
                ],
                vec![(
                    "INFO",
                    format!("Entitlements of {name} read from its connector"),
                )],
            );
        };
        let schema = self
            .schemas
            .get(sid)
            .and_then(|l| l.iter().find(|s| s["name"] == DEFAULT_SCHEMA))
            .cloned()
            .unwrap_or(Value::Null);
        let columns: Vec<String> = schema["attributes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["name"].as_str().map(str::to_string))
            .collect();
        let identity = schema["identityAttribute"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let display = schema["displayAttribute"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let posted = match crate::posted_csv::read(file, self.delimiter(sid)) {
            Ok(p) => p,
            Err(why) => return ("ERROR", vec![], vec![("ERROR", why)]),
        };
        let header = posted.header;
        let Some(id_col) = header.iter().position(|h| *h == identity) else {
            return (
                "ERROR",
                vec![],
                vec![("ERROR", format!("The file has no column {identity}, the identity attribute of the entitlement schema of {name}"))],
            );
        };
        let now = crate::accounts::stamp(now_ms);
        let before = self.entitlements.get(sid).cloned().unwrap_or_default();
        let (mut created, mut updated) = (0, 0);
        let mut after: Vec<Value> = Vec::new();
        let mut messages = vec![];
        for row in &posted.rows {
            let line = row.line;
            let cells = match &row.cells {
                Ok(c) => c,
                Err(e) => {
                    messages.push(("WARN", format!("Line {line} skipped: {e}")));
                    continue;
                }
            };
            let value = cells.get(id_col).map(|c| c.trim()).unwrap_or("");
            if value.is_empty() || after.iter().any(|e| e["value"] == value) {
                messages.push((
                    "WARN",
                    format!("Line {line} skipped: its {identity} is empty or repeated"),
                ));
                continue;
            }
            // Cells of columns the schema has; others are ignored.
            let row: Map<String, Value> = header
                .iter()
                .zip(cells.iter())
                .filter(|(h, _)| columns.contains(h))
                .map(|(h, c)| (h.clone(), json!(c.trim())))
                .collect();
            let old = before.iter().find(|e| e["value"] == value);
            let mut e = self.entitlement_of(&source, &identity, &display, &row, &now, old);
            match old {
                None => created += 1,
                Some(o) => {
                    let same = ["name", "description", "attributes", "privileged"]
                        .iter()
                        .all(|k| o[*k] == e[*k]);
                    if same {
                        e["modified"] = o["modified"].clone();
                    } else {
                        updated += 1;
                    }
                }
            }
            after.push(e);
        }
        let deleted = before
            .iter()
            .filter(|b| !after.iter().any(|a| a["value"] == b["value"]))
            .count();
        let total = after.len();
        self.entitlements.insert(sid.to_string(), after);
        messages.insert(0, ("INFO", format!("{total} entitlements of {name}: {created} created, {updated} updated, {deleted} removed")));
        (
            "SUCCESS",
            vec![
                ("applications", json!(name)),
                ("total", json!(total)),
                ("groupsCreated", json!(created)),
                ("groupsUpdated", json!(updated)),
                ("groupsDeleted", json!(deleted)),
            ],
            messages,
        )
    }

    /// The entitlements account `a` holds: each value of its entitlement attributes, as the
    /// source's entitlement of that value describes it (or bare, when none does).
    pub(crate) fn account_entitlements(&self, a: &Value) -> Vec<Value> {
        let sid = a["sourceId"].as_str().unwrap_or("");
        let schema = self.account_schema(sid);
        let known = self.entitlements.get(sid);
        let mut out = vec![];
        for d in schema["attributes"].as_array().cloned().unwrap_or_default() {
            if d["isEntitlement"] != true {
                continue;
            }
            let attr = d["name"].as_str().unwrap_or("");
            let values: Vec<String> = match &a["attributes"][attr] {
                Value::Array(l) => l
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                Value::String(s) if !s.is_empty() => vec![s.clone()],
                _ => vec![],
            };
            for value in values {
                match known.and_then(|l| l.iter().find(|e| e["value"] == value.as_str())) {
                    Some(e) => {
                        let mut e = e.clone();
                        e["attribute"] = json!(attr);
                        out.push(e);
                    }
                    None => out.push(json!({"id": value_id(sid, &value),
                        "name": value, "attribute": attr, "value": value, "sourceSchemaObjectType": DEFAULT_SCHEMA,
                        "description": null, "privileged": value.contains("admin"),
                        "source": {"type": "SOURCE", "id": sid, "name": a["sourceName"]}})),
                }
            }
        }
        out
    }
}

/// The 32-hex id of the entitlement of `value` on source `sid` (the same every time).
fn value_id(sid: &str, value: &str) -> String {
    let h = |seed: u64| {
        sid.bytes()
            .chain([0u8])
            .chain(value.bytes())
            .fold(seed, |h, b| {
                h.wrapping_mul(0x100_0000_01b3).wrapping_add(b as u64)
            })
    };
    format!("{:016x}{:016x}", h(0xcbf2_9ce4_8422_2325), h(7))
}
