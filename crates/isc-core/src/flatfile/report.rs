//! Applying a file row by row and reporting how each row went.

use super::*;

/// The attributes a row update sends: what ISC holds, with every column of the file over it
/// (a PUT replaces them all, so an attribute the file has no column for is kept).
pub fn put_attributes(
    held: &Map<String, Value>,
    row: &PreviewRow,
    map: &HeaderMap,
) -> Map<String, Value> {
    let mut out = held.clone();
    for name in map.columns.iter().flatten() {
        match row.attributes.get(name) {
            Some(v) => {
                out.insert(name.clone(), v.clone());
            }
            None => {
                out.remove(name);
            }
        }
    }
    out
}

/// How one row of an apply run went, for the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRow {
    pub line: usize,
    pub native: String,
    /// "create" or "update".
    pub action: String,
    /// "done", "failed", "not sent", "unknown", "skipped (invalid)" …
    pub outcome: String,
    pub task_id: String,
    pub message: String,
}

/// The report of an apply run as CSV.
pub fn report_csv(rows: &[ReportRow]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record([
        "row",
        "nativeIdentity",
        "action",
        "outcome",
        "taskId",
        "message",
    ]);
    for r in rows {
        let line = r.line.to_string();
        let _ = w.write_record([
            line.as_str(),
            &r.native,
            &r.action,
            &r.outcome,
            &r.task_id,
            &r.message,
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The English of an aggregation's return label (`TASK_OUT_ACCOUNT_AGGREGATION_TOTAL`, or
/// `TASK_OUT_ACCOUNT_GROUP_AGGREGATION_TOTAL` for an entitlement aggregation);
/// another label as it is.
pub fn count_label(label: &str) -> String {
    if let Some(rest) = label.strip_prefix("TASK_OUT_ACCOUNT_GROUP_AGGREGATION_") {
        return match rest {
            "TOTAL" => "Entitlements read".into(),
            "CREATED" => "Created".into(),
            "UPDATED" => "Updated".into(),
            "DELETED" => "Removed".into(),
            "APPLICATIONS" => "Sources".into(),
            other => other.replace('_', " ").to_lowercase(),
        };
    }
    match label.strip_prefix("TASK_OUT_ACCOUNT_AGGREGATION_") {
        Some("TOTAL") => "Accounts read".into(),
        Some("CREATED") => "Created".into(),
        Some("UPDATED") => "Updated".into(),
        Some("DELETED") => "Removed".into(),
        Some("OPTIMIZED") => "Unchanged (skipped by optimization)".into(),
        Some("IGNORED") => "Ignored".into(),
        Some("APPLICATIONS") => "Sources".into(),
        Some(other) => other.replace('_', " ").to_lowercase(),
        None => label.to_string(),
    }
}

/// The counts an aggregation task reports: each of its `returns` (a label, `name` in a task
/// status and `displayLabel` in the load-accounts answer, and the attribute that holds the
/// figure) with the figure from its `attributes`.
pub fn task_counts(task: &Value) -> Vec<(String, String)> {
    task["returns"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| {
            let label = count_label(r["name"].as_str().or(r["displayLabel"].as_str())?);
            let label = label.as_str();
            let key = r["attributeName"].as_str()?;
            let v = &task["attributes"][key];
            (!v.is_null()).then(|| (label.to_string(), cell(v, ", ")))
        })
        .collect()
}
