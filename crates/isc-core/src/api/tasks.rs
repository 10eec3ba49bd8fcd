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
    // An aggregation answers a `LoadAccountsTask`: `{success, task: {id, …}}`.
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
