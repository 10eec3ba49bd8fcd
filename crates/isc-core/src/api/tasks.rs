//! Task status: what a write's `202 {id}` answer points to, read until `completed` is set.

use super::{Area, Generation};
use crate::http::{ApiRequest, ApiResponse, Method};
use serde_json::Value;

const AREA: Area = Area {
    v1: "/task-status/v1",
    classic: "/beta/task-status",
};

/// `GET …/task-status/{id}`.
pub fn get(g: Generation, id: &str) -> ApiRequest {
    AREA.req(g, Method::Get, &[id])
}

/// The source's completed tasks, newest first (`GET …/task-status` lists completed tasks
/// only): how an aggregation whose answer was lost is found.
pub fn completed_on_source(g: Generation, source_id: &str) -> ApiRequest {
    super::ListQuery::new()
        .filters(Some(crate::filter::Filter::eq("sourceId", source_id)))
        .sorters("-created")
        .apply(AREA.req(g, Method::Get, &[]))
}

/// A task's state as a list filters it: still running, or how it ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateFilter {
    Running,
    Success,
    Warning,
    Error,
    Terminated,
}

impl StateFilter {
    /// Every state, in the order a filter offers them, with the key the URL keeps.
    pub const ALL: [(StateFilter, &'static str, &'static str); 5] = [
        (StateFilter::Running, "running", "Running"),
        (StateFilter::Success, "success", "Succeeded"),
        (StateFilter::Warning, "warning", "Warning"),
        (StateFilter::Error, "error", "Error"),
        (StateFilter::Terminated, "terminated", "Terminated"),
    ];

    /// Reads a URL key back.
    pub fn from_key(key: &str) -> Option<StateFilter> {
        Self::ALL
            .iter()
            .find(|(_, k, _)| *k == key)
            .map(|(s, _, _)| *s)
    }

    /// The URL key.
    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(s, _, _)| *s == self)
            .map_or("", |(_, k, _)| k)
    }
}

/// What the tenant's task list is read with: a source, a state, a page (newest first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskQuery {
    /// The source's 32-hex id (its aggregations).
    pub source_id: Option<String>,
    pub state: Option<StateFilter>,
}

/// Why the classic paths cannot list running tasks.
pub const CLASSIC_LISTS_COMPLETED: &str = "The classic /beta/task-status lists completed tasks only; running tasks are listed on the per-service paths (/task-status/v1), or followed by id.";

/// `GET …/task-status` newest first, with the query's filters. The per-service list holds
/// every task (running ones have no `completionStatus`: `isnull`); the classic one holds
/// completed tasks only, so asking it for running ones is refused here with
/// [`CLASSIC_LISTS_COMPLETED`], before anything is sent.
pub fn list(
    g: Generation,
    q: &TaskQuery,
    page: crate::paging::PageQuery,
) -> Result<ApiRequest, String> {
    use crate::filter::Filter;
    let mut parts = Vec::new();
    if let Some(id) = q.source_id.as_deref().filter(|s| !s.is_empty()) {
        crate::accounts::check_source_id(id)?;
        parts.push(Filter::eq("sourceId", id));
    }
    match q.state {
        None => {}
        Some(StateFilter::Running) if g == Generation::Classic => {
            return Err(CLASSIC_LISTS_COMPLETED.into())
        }
        Some(StateFilter::Running) => parts.push(Filter::is_null("completionStatus")),
        Some(StateFilter::Success) => parts.push(Filter::eq("completionStatus", "SUCCESS")),
        Some(StateFilter::Warning) => parts.push(Filter::eq("completionStatus", "WARNING")),
        Some(StateFilter::Error) => {
            parts.push(Filter::is_in("completionStatus", &["ERROR", "TEMPERROR"]))
        }
        Some(StateFilter::Terminated) => parts.push(Filter::eq("completionStatus", "TERMINATED")),
    }
    Ok(super::ListQuery::new()
        .page(page)
        .filters(Filter::and(parts))
        .sorters("-created")
        .apply(AREA.req(g, Method::Get, &[])))
}

/// One task as a list or its page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskRow {
    pub id: String,
    /// What it does: the description, else the unique name without its id.
    pub name: String,
    /// "Aggregation" for an account aggregation, else "Account action" for a task on an
    /// account, else the task's type.
    pub kind: String,
    /// What it works on: (type, id, name), e.g. ("SOURCE", id, "HR Feed").
    pub target: Option<(String, String, String)>,
    pub created: String,
    pub completed: Option<String>,
    pub state: TaskState,
    /// The counts an aggregation returns (label, number), in the task's order.
    pub counts: Vec<(String, String)>,
    pub messages: Vec<String>,
}

/// Reads a task status into a [`TaskRow`]; lenient, as task statuses omit fields.
pub fn task_row(v: &Value) -> TaskRow {
    let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
    let id = s("id");
    let unique = s("uniqueName");
    let name = Some(s("description"))
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| unique.trim_end_matches(id.as_str()).trim().to_string());
    let target = v["target"]["id"].as_str().map(|tid| {
        (
            v["target"]["type"].as_str().unwrap_or("").to_string(),
            tid.to_string(),
            v["target"]["name"].as_str().unwrap_or(tid).to_string(),
        )
    });
    let kind = if unique.contains("Aggregation")
        || v["name"]
            .as_str()
            .is_some_and(|n| n.contains("Aggregation"))
    {
        "Aggregation".to_string()
    } else if target.as_ref().is_some_and(|t| t.0 == "ACCOUNT") {
        "Account action".to_string()
    } else {
        s("type")
    };
    let counts = crate::flatfile::task_counts(v);
    TaskRow {
        name,
        kind,
        target,
        created: s("created"),
        completed: v["completed"].as_str().map(str::to_string),
        state: task_state(v),
        counts,
        messages: task_messages(v),
        id,
    }
}

/// True for a task-status path of either generation.
pub fn is_task_status_path(path: &str) -> bool {
    path.contains("/task-status/")
}

/// The task id an answer carries: the `id` of a `202` answer (account writes and actions,
/// aggregations), or of a task-status read. `None` for every other answer.
pub fn task_id_of(req: &ApiRequest, resp: &ApiResponse) -> Option<String> {
    if resp.status != 202 && !is_task_status_path(&req.path) {
        return None;
    }
    let v: Value = serde_json::from_str(&resp.body).ok()?;
    task_id_in(&v)
}

/// The task id in an answer's body: its `id` (a task status, a `TASK_RESULT`), or the `id` of
/// its `task` (an aggregation answers a `LoadAccountsTask`: `{success, task: {id, …}}`).
pub fn task_id_in(v: &Value) -> Option<String> {
    v.get("id")
        .or_else(|| v.get("task").and_then(|t| t.get("id")))
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// A task's state read from its status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskState {
    Running,
    Succeeded,
    /// Finished with a status other than success (error, warning, terminated, temperror).
    Failed(String),
}

impl TaskState {
    /// The state in a word, as its status chip shows it: `running`, `success`, or the
    /// completion status in lower case (`error`, `warning`, `terminated`, …).
    pub fn word(&self) -> String {
        match self {
            TaskState::Running => "running".into(),
            TaskState::Succeeded => "success".into(),
            TaskState::Failed(why) => why.to_ascii_lowercase(),
        }
    }
}

/// Reads a task status: done when `completed` is set; `completionStatus` compared ignoring case.
pub fn task_state(v: &Value) -> TaskState {
    let completed = !v["completed"].is_null() && v.get("completed").is_some();
    if !completed {
        return TaskState::Running;
    }
    let status = v["completionStatus"].as_str().unwrap_or("").to_string();
    if status.eq_ignore_ascii_case("success") {
        TaskState::Succeeded
    } else {
        TaskState::Failed(if status.is_empty() {
            "no completion status".into()
        } else {
            status
        })
    }
}

/// The messages of a task status, as text.
pub fn task_messages(v: &Value) -> Vec<String> {
    v["messages"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|m| {
                    m["localizedText"]["message"]
                        .as_str()
                        .or(m["key"].as_str())
                        .map(|t| format!("{}: {t}", m["type"].as_str().unwrap_or("INFO")))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paging::PageQuery;
    use serde_json::json;

    const SID: &str = "2c91808470f4dc070170f8f3065e44aa";

    #[test]
    fn the_task_list_filters_by_source_and_state_newest_first() {
        let q = TaskQuery {
            source_id: Some(SID.into()),
            state: Some(StateFilter::Error),
        };
        let r = list(Generation::V1, &q, PageQuery::page(0, 50)).unwrap();
        assert_eq!(r.path, "/task-status/v1");
        let url = r.url();
        assert!(url.contains("sorters=-created"), "{url}");
        assert!(url.contains("limit=50"), "{url}");
        let filters = r.query.iter().find(|(k, _)| k == "filters").unwrap();
        assert_eq!(
            filters.1,
            format!("sourceId eq \"{SID}\" and completionStatus in (\"ERROR\", \"TEMPERROR\")")
        );
        let classic = list(
            Generation::Classic,
            &TaskQuery::default(),
            PageQuery::page(0, 50),
        )
        .unwrap();
        assert_eq!(classic.path, "/beta/task-status");
        assert!(!classic.query.iter().any(|(k, _)| k == "filters"));
    }

    #[test]
    fn running_tasks_are_listed_on_the_per_service_paths_only() {
        let running = TaskQuery {
            state: Some(StateFilter::Running),
            ..Default::default()
        };
        let r = list(Generation::V1, &running, PageQuery::page(0, 50)).unwrap();
        let filters = r.query.iter().find(|(k, _)| k == "filters").unwrap();
        assert_eq!(filters.1, "completionStatus isnull");
        assert_eq!(
            list(Generation::Classic, &running, PageQuery::page(0, 50)).unwrap_err(),
            CLASSIC_LISTS_COMPLETED
        );
    }

    #[test]
    fn a_source_that_is_not_a_32_hex_id_is_refused_before_sending() {
        let q = TaskQuery {
            source_id: Some("HR Feed".into()),
            state: None,
        };
        assert!(list(Generation::V1, &q, PageQuery::page(0, 50))
            .unwrap_err()
            .contains("32 hexadecimal"));
    }

    #[test]
    fn state_keys_read_back() {
        for (s, k, _) in StateFilter::ALL {
            assert_eq!(StateFilter::from_key(k), Some(s));
            assert_eq!(s.key(), k);
        }
        assert_eq!(StateFilter::from_key("done"), None);
    }

    #[test]
    fn a_task_row_names_the_aggregation_its_source_and_counts() {
        let agg = json!({
            "id": "t1", "type": "QUARTZ", "uniqueName": "Cloud Account Aggregation t1",
            "description": "Aggregate from HR Feed",
            "target": {"id": SID, "type": "SOURCE", "name": "HR Feed"},
            "created": "2026-12-06T10:00:00Z", "completed": "2026-12-06T10:00:03Z",
            "completionStatus": "SUCCESS", "messages": [],
            "returns": [{"name": "TASK_OUT_ACCOUNT_AGGREGATION_DELETED", "attributeName": "deleted"}],
            "attributes": {"deleted": 2}
        });
        let r = task_row(&agg);
        assert_eq!(r.kind, "Aggregation");
        assert_eq!(r.name, "Aggregate from HR Feed");
        assert_eq!(
            r.target,
            Some(("SOURCE".into(), SID.into(), "HR Feed".into()))
        );
        assert_eq!(r.state, TaskState::Succeeded);
        assert_eq!(r.counts, vec![("Removed".to_string(), "2".to_string())]);
        let action = json!({
            "id": "t2", "type": "QUARTZ", "uniqueName": "Disable account t2", "description": null,
            "target": {"id": "a1", "type": "ACCOUNT", "name": "a1"},
            "created": "2026-12-06T10:00:00Z", "completed": null, "completionStatus": null
        });
        let r = task_row(&action);
        assert_eq!(r.kind, "Account action");
        assert_eq!(r.name, "Disable account");
        assert_eq!(r.state, TaskState::Running);
        assert!(r.counts.is_empty());
    }
}
