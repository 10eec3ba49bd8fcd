//! Tasks this session started (account create, update, lifecycle actions), followed at
//! their task status (`isc_core::api::tasks`) until `completed` is set.

use isc_core::api::tasks::{self, task_messages, task_state, TaskState};
use leptos::prelude::*;

/// One followed task.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskEntry {
    pub id: String,
    /// What the task does, e.g. "Disable account jdoe".
    pub label: String,
    /// "running", "SUCCESS", "ERROR", …
    pub status: String,
    pub messages: Vec<String>,
    pub done: bool,
    /// Where to look at the result.
    pub link: Option<String>,
}

/// The task list, shared through context.
#[derive(Clone, Copy)]
pub struct Tasks(RwSignal<Vec<TaskEntry>>);

thread_local! {
    static TASKS: std::cell::Cell<Option<Tasks>> = const { std::cell::Cell::new(None) };
}

/// How a followed task ended.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskOutcome {
    pub succeeded: bool,
    pub status: String,
    pub messages: Vec<String>,
}

impl Tasks {
    /// Creates the list and registers it.
    pub fn install() -> Self {
        let t = Tasks(RwSignal::new(Vec::new()));
        TASKS.with(|c| c.set(Some(t)));
        t
    }

    /// The list registered by [`Tasks::install`].
    pub fn global() -> Option<Self> {
        TASKS.with(|c| c.get())
    }

    /// Forgets every task; returns how many there were.
    pub fn clear(&self) -> usize {
        let n = self.0.with_untracked(Vec::len);
        self.0.set(Vec::new());
        n
    }

    /// The tasks, newest first.
    pub fn entries(&self) -> Signal<Vec<TaskEntry>> {
        let s = self.0;
        Signal::derive(move || s.get())
    }

    /// Points a task at what it made, once that is known (a created account's id is found
    /// only after its task completes).
    pub fn set_link(&self, id: &str, link: String) {
        self.update(id, |e| e.link = Some(link));
    }

    fn update(&self, id: &str, f: impl FnOnce(&mut TaskEntry)) {
        self.0.update(|v| {
            if let Some(e) = v.iter_mut().find(|e| e.id == id) {
                f(e)
            }
        });
    }
}

/// Follows a task until it completes (or two minutes pass), keeping the Tasks panel live.
pub async fn follow(id: String, label: String, link: Option<String>) -> TaskOutcome {
    let tasks = Tasks::global();
    if let Some(t) = tasks {
        t.0.update(|v| {
            v.insert(
                0,
                TaskEntry {
                    id: id.clone(),
                    label,
                    status: "running".into(),
                    messages: vec![],
                    done: false,
                    link,
                },
            )
        });
    }
    let started = crate::api::transport::now_ms();
    loop {
        crate::api::transport::sleep(600).await;
        let req = tasks::get(crate::api::generation(), &id);
        match crate::api::call_background(req).await {
            Ok(resp) => {
                let v: serde_json::Value = serde_json::from_str(&resp.body).unwrap_or_default();
                let messages = task_messages(&v);
                let (done, succeeded, status) = match task_state(&v) {
                    TaskState::Running => (false, false, "running".to_string()),
                    TaskState::Succeeded => (
                        true,
                        true,
                        v["completionStatus"]
                            .as_str()
                            .unwrap_or("SUCCESS")
                            .to_string(),
                    ),
                    TaskState::Failed(s) => (true, false, s),
                };
                if let Some(t) = tasks {
                    let (st, ms) = (status.clone(), messages.clone());
                    t.update(&id, |e| {
                        e.status = st;
                        e.messages = ms;
                        e.done = done;
                    });
                }
                if done {
                    return TaskOutcome {
                        succeeded,
                        status,
                        messages,
                    };
                }
            }
            Err(e) => {
                if let Some(t) = tasks {
                    let s = e.sentence();
                    t.update(&id, |x| x.messages = vec![s]);
                }
            }
        }
        if crate::api::transport::now_ms().saturating_sub(started) > 120_000 {
            if let Some(t) = tasks {
                t.update(&id, |e| {
                    e.status = "still running after 2 minutes; check it later in ISC".into()
                });
            }
            return TaskOutcome {
                succeeded: false,
                status: "timed out".into(),
                messages: vec![],
            };
        }
    }
}
