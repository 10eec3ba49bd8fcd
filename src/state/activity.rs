//! The activity log: every API call, newest first, with nothing secret in it.

use isc_core::http::ApiRequest;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One API call as Activity shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityEntry {
    pub seq: u64,
    /// Wall-clock time, ISO 8601.
    pub at: String,
    pub method: String,
    pub path: String,
    /// HTTP status, 0 when there was no answer.
    pub status: u16,
    pub duration_ms: u64,
    pub task_id: Option<String>,
    pub error: Option<String>,
    /// The call as `curl`, token written as `$TOKEN`, secret as `$CLIENT_SECRET`.
    pub curl: String,
    /// The first few KB of the answer, secrets hidden (`isc_core::activity::answer_head`);
    /// none for the token request or a call with no answer.
    pub answer: Option<String>,
}

/// The log, shared through context.
#[derive(Clone, Copy)]
pub struct Activity(RwSignal<Vec<ActivityEntry>>);

thread_local! {
    static ACTIVITY: std::cell::Cell<Option<Activity>> = const { std::cell::Cell::new(None) };
}

impl Activity {
    /// Creates the log and registers it for the API client.
    pub fn install() -> Self {
        let a = Activity(RwSignal::new(Vec::new()));
        ACTIVITY.with(|c| c.set(Some(a)));
        a
    }

    /// The log registered by [`Activity::install`].
    pub fn global() -> Option<Self> {
        ACTIVITY.with(|c| c.get())
    }

    /// The entries, newest first.
    pub fn entries(&self) -> Signal<Vec<ActivityEntry>> {
        let s = self.0;
        Signal::derive(move || s.get())
    }

    /// Records a call.
    pub fn record(
        &self,
        req: &ApiRequest,
        status: u16,
        duration_ms: u64,
        task_id: Option<String>,
        error: Option<String>,
        answer: Option<&str>,
    ) {
        let at = js_sys::Date::new_0()
            .to_iso_string()
            .as_string()
            .unwrap_or_default();
        self.0.update(|v| {
            let seq = v.first().map(|e| e.seq + 1).unwrap_or(1);
            v.insert(
                0,
                ActivityEntry {
                    seq,
                    at,
                    method: req.method.as_str().to_string(),
                    path: req.path_and_query(),
                    status,
                    duration_ms,
                    task_id,
                    error,
                    curl: req.to_curl(),
                    answer: answer.and_then(|b| isc_core::activity::answer_head(&req.path, b)),
                },
            );
            v.truncate(2000);
        });
    }

    /// Empties the log.
    pub fn clear(&self) {
        self.0.set(Vec::new());
    }
}
