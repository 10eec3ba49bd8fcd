//! The busy bar: which calls a person is waiting on, for how long, and a Cancel button.
//! Also cancels the reads of a page a person leaves.

use crate::api::inflight;
use crate::api::transport::now_ms;
use leptos::prelude::*;
use std::time::Duration;

/// Shown after a call has taken this long.
const SHOW_AFTER_MS: u64 = 800;

/// A live bar while a call takes longer than a moment, with Cancel.
#[component]
pub fn BusyBar() -> impl IntoView {
    let flights = inflight::waiting();
    let now = RwSignal::new(now_ms());
    // The clock only ticks while something is in flight.
    let handle = set_interval_with_handle(
        move || {
            if !flights.with_untracked(|f| f.is_empty()) {
                now.set(now_ms());
            }
        },
        Duration::from_millis(250),
    );
    on_cleanup(move || {
        if let Ok(h) = handle {
            h.clear();
        }
    });
    let slow = move || {
        let t = now.get();
        flights
            .get()
            .into_iter()
            .filter(|f| t.saturating_sub(f.started_ms) >= SHOW_AFTER_MS)
            .collect::<Vec<_>>()
    };
    // Leaving a page cancels the reads it started.
    let location = crate::route::path();
    Effect::new(move |_| {
        let path = location.get();
        inflight::left_page(&path);
    });
    view! {
        <div class="busy" role="status" aria-live="polite">
            {move || {
                let list = slow();
                let first = list.first().cloned()?;
                let secs = now.get_untracked().saturating_sub(first.started_ms) / 1000;
                let more = match list.len() {
                    1 => String::new(),
                    n => format!(" and {} more", n - 1),
                };
                let note = if first.note.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", first.note)
                };
                Some(view! {
                    <div class="busy-bar">
                        <span>
                            {format!("Waiting for the tenant: {} {}{more}", first.method, first.path)}
                            // The clock ticks for the eye only; a screen reader hears the wait
                            // start and what it waits on.
                            <span aria-hidden="true">{format!(" · {secs} s")}</span>
                            {note}
                        </span>
                        <button
                            type="button"
                            class="secondary"
                            on:click=move |_| {
                                inflight::cancel_all();
                            }
                        >
                            "Cancel"
                        </button>
                    </div>
                })
            }}
        </div>
    }
}
