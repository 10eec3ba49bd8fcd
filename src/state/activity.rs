//! The activity log: every API call, newest first, with nothing secret in it. Kept in this
//! tab's session storage (what an export holds, already free of secrets), so a reload of the
//! tab keeps it; another tab starts its own.

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

/// The log, shared through context: the entries and when this tab's log starts.
#[derive(Clone, Copy)]
pub struct Activity(RwSignal<Vec<ActivityEntry>>, RwSignal<String>);

thread_local! {
    static ACTIVITY: std::cell::Cell<Option<Activity>> = const { std::cell::Cell::new(None) };
    static SAVE_DUE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The session-storage key of the kept log.
const KEPT: &str = "isc-console.activity";
/// What is kept at most (the newest calls first): session storage holds about 5 MB per origin,
/// shared with the demo tenant's data.
const KEPT_BYTES: usize = 1_500_000;

#[derive(Serialize, Deserialize)]
struct Kept {
    since: String,
    entries: Vec<ActivityEntry>,
}

fn now_iso() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}

impl Activity {
    /// Creates the log (with what this tab kept before a reload) and registers it for the API
    /// client.
    pub fn install() -> Self {
        let kept = crate::state::tab::session_storage()
            .and_then(|s| s.get_item(KEPT).ok().flatten())
            .and_then(|raw| serde_json::from_str::<Kept>(&raw).ok())
            .unwrap_or_else(|| Kept {
                since: now_iso(),
                entries: Vec::new(),
            });
        let a = Activity(RwSignal::new(kept.entries), RwSignal::new(kept.since));
        ACTIVITY.with(|c| c.set(Some(a)));
        // A reload or a close within the save delay still keeps the last calls.
        if let Some(w) = web_sys::window() {
            let save = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || a.save());
            let _ = w.add_event_listener_with_callback(
                "pagehide",
                wasm_bindgen::JsCast::unchecked_ref(save.as_ref()),
            );
            save.forget();
        }
        a
    }

    /// When this tab's log starts (ISO 8601): its first call, or the last Clear or demo reset.
    pub fn since(&self) -> Signal<String> {
        self.1.into()
    }

    /// Writes the log to session storage, the newest calls first, as many as fit.
    fn save(&self) {
        SAVE_DUE.with(|d| d.set(false));
        let Some(store) = crate::state::tab::session_storage() else {
            return;
        };
        let mut entries = self.0.get_untracked();
        let mut size = 0;
        let keep = entries
            .iter()
            .take_while(|e| {
                size +=
                    e.curl.len() + e.answer.as_ref().map_or(0, String::len) + e.path.len() + 200;
                size <= KEPT_BYTES
            })
            .count();
        entries.truncate(keep);
        let kept = Kept {
            since: self.1.get_untracked(),
            entries,
        };
        if let Ok(raw) = serde_json::to_string(&kept) {
            if store.set_item(KEPT, &raw).is_err() {
                // Full (a big demo tenant beside it): keep the newest tenth rather than nothing.
                let mut kept = kept;
                kept.entries.truncate(keep / 10);
                if let Ok(raw) = serde_json::to_string(&kept) {
                    let _ = store.set_item(KEPT, &raw);
                }
            }
        }
    }

    /// Saves a moment after the last call, once for a burst of calls.
    fn save_soon(&self) {
        if SAVE_DUE.with(|d| d.replace(true)) {
            return;
        }
        let a = *self;
        gloo_timers::callback::Timeout::new(400, move || a.save()).forget();
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
        let at = now_iso();
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
        self.save_soon();
    }

    /// Empties the log; it starts again now. Returns how many calls it held.
    pub fn clear(&self) -> usize {
        let n = self.0.with_untracked(Vec::len);
        self.0.set(Vec::new());
        self.1.set(now_iso());
        self.save();
        n
    }
}
