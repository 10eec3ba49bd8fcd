//! What the source list shows beside each source, read per source: how many accounts ISC
//! holds on it (`X-Total-Count` of one SLIM account), its health (`source-health`), and its
//! newest aggregation (from one read of the task list). The API sorts by none of these, so the
//! list sorts the page it shows by them.

use crate::api::tasks::TaskRow;
use crate::paging::Sorter;
use std::cmp::Ordering;
use std::collections::HashMap;

/// The columns that sort the page as read, not through the API.
pub const FACT_FIELDS: [&str; 3] = ["accounts", "lastAggregation", "health"];

/// True for a sort key the API does not know (it sorts the page in the browser).
pub fn is_fact(field: &str) -> bool {
    FACT_FIELDS.contains(&field)
}

/// One source's facts; `None` while not read (or when the read failed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub accounts: Option<u64>,
    /// The `status` of `source-health`.
    pub health: Option<String>,
    pub last_aggregation: Option<TaskRow>,
}

/// A health status in a word: healthy, unchecked, or failing.
pub fn health_word(status: &str) -> &'static str {
    match status {
        "SOURCE_STATE_HEALTHY" => "healthy",
        s if s.contains("UNCHECKED") => "unchecked",
        _ => "failing",
    }
}

/// The newest aggregation of each source, by source id, from task rows listed newest first.
pub fn newest_aggregations(rows: &[TaskRow]) -> HashMap<String, TaskRow> {
    let mut out: HashMap<String, TaskRow> = HashMap::new();
    for r in rows.iter().filter(|r| r.kind == "Aggregation") {
        if let Some((_, id, _)) = &r.target {
            out.entry(id.clone()).or_insert_with(|| r.clone());
        }
    }
    out
}

/// The order of `ids` sorted by a fact (indices into `ids`); sources whose fact is not known
/// come last, whatever the direction; ties keep the API's order.
pub fn order(ids: &[String], facts: &HashMap<String, Facts>, by: &Sorter) -> Vec<usize> {
    let key = |i: usize| -> Option<(u64, String)> {
        let f = facts.get(&ids[i])?;
        match by.field.as_str() {
            "accounts" => f.accounts.map(|n| (n, String::new())),
            "lastAggregation" => f
                .last_aggregation
                .as_ref()
                .map(|t| (0, t.completed.clone().unwrap_or_else(|| t.created.clone()))),
            "health" => f.health.as_ref().map(|h| {
                let rank = match health_word(h) {
                    "failing" => 0,
                    "unchecked" => 1,
                    _ => 2,
                };
                (rank, h.clone())
            }),
            _ => None,
        }
    };
    let mut idx: Vec<usize> = (0..ids.len()).collect();
    idx.sort_by(|&a, &b| match (key(a), key(b)) {
        (Some(x), Some(y)) => {
            let o = x.cmp(&y);
            if by.descending {
                o.reverse()
            } else {
                o
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    idx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::tasks::task_row;
    use serde_json::json;

    fn agg(id: &str, source: &str, completed: &str) -> TaskRow {
        task_row(
            &json!({"id": id, "uniqueName": format!("Cloud Account Aggregation {id}"),
            "target": {"type": "SOURCE", "id": source, "name": source}, "created": completed, "completed": completed,
            "completionStatus": "SUCCESS"}),
        )
    }

    #[test]
    fn the_newest_aggregation_of_each_source_is_the_first_listed() {
        let action = task_row(
            &json!({"id": "t0", "uniqueName": "Disable t0", "target": {"type": "ACCOUNT", "id": "a", "name": "a"}}),
        );
        let rows = vec![
            action,
            agg("t1", "s1", "2026-12-02T10:00:00Z"),
            agg("t2", "s2", "2026-12-01T10:00:00Z"),
            agg("t3", "s1", "2026-11-30T10:00:00Z"),
        ];
        let m = newest_aggregations(&rows);
        assert_eq!(m.len(), 2);
        assert_eq!(m["s1"].id, "t1");
        assert_eq!(m["s2"].id, "t2");
    }

    #[test]
    fn a_page_sorts_by_a_fact_with_unknown_ones_last_in_both_directions() {
        let ids: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect();
        let mut facts = HashMap::new();
        facts.insert(
            "a".to_string(),
            Facts {
                accounts: Some(5),
                health: Some("SOURCE_STATE_HEALTHY".into()),
                last_aggregation: Some(agg("t1", "a", "2026-12-02T10:00:00Z")),
            },
        );
        facts.insert(
            "b".to_string(),
            Facts {
                accounts: Some(12),
                health: Some("SOURCE_STATE_ERROR_SOURCE".into()),
                last_aggregation: None,
            },
        );
        facts.insert(
            "c".to_string(),
            Facts {
                accounts: None,
                health: Some("SOURCE_STATE_UNCHECKED_SOURCE".into()),
                last_aggregation: Some(agg("t2", "c", "2026-11-02T10:00:00Z")),
            },
        );
        let s = |f: &str, d: bool| Sorter {
            field: f.into(),
            descending: d,
        };
        assert_eq!(order(&ids, &facts, &s("accounts", false)), vec![0, 1, 2, 3]);
        assert_eq!(order(&ids, &facts, &s("accounts", true)), vec![1, 0, 2, 3]);
        assert_eq!(
            order(&ids, &facts, &s("health", false)),
            vec![1, 2, 0, 3],
            "failing first"
        );
        assert_eq!(
            order(&ids, &facts, &s("lastAggregation", true)),
            vec![0, 2, 1, 3]
        );
        assert!(is_fact("health") && !is_fact("name"));
        assert_eq!(health_word("SOURCE_STATE_FAILURE_CLUSTER"), "failing");
    }
}
