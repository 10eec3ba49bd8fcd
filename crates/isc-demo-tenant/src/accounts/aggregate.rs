//! Carrying an aggregation out: a flat file (or the connector) becomes the source's truth.

use super::build::{account_value, coerce_to_schema};
use super::*;

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

impl DemoTenant {
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
            // The connector's accounts are what the tenant holds: nothing changes but the
            // uncorrelated ones the correlation config now finds an identity for.
            self.correlate_source(sid);
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
        let delim = self.delimiter(sid);
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
        let posted = match crate::posted_csv::read(file, delim) {
            Ok(p) => p,
            Err(why) => return ("ERROR", vec![], vec![("ERROR", why)]),
        };
        let header = posted.header;
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
        for row in &posted.rows {
            let line = row.line;
            let rec = match &row.cells {
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
                        .split(delim)
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
        // New and uncorrelated accounts are correlated by the source's correlation config.
        self.correlate_source(sid);
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
}
