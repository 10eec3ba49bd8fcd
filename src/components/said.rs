//! What a section says after an action: an outcome line (`role=status`) or a failure
//! (`role=alert`), focus moved to whichever is said, and the busy flag the section's buttons
//! follow, as one value a section's closures can copy.

use leptos::prelude::*;

/// The outcome, failure and busy state of one section; `ok_id` and `bad_id` are the ids of its
/// two lines (focus moves to the one said).
#[derive(Clone, Copy)]
pub struct Said {
    pub outcome: RwSignal<Option<String>>,
    pub failure: RwSignal<Option<String>>,
    pub busy: RwSignal<bool>,
    ok_id: &'static str,
    bad_id: &'static str,
}

impl Said {
    pub fn new(ok_id: &'static str, bad_id: &'static str) -> Self {
        Said {
            outcome: RwSignal::new(None),
            failure: RwSignal::new(None),
            busy: RwSignal::new(false),
            ok_id,
            bad_id,
        }
    }

    /// Says an outcome or a failure, ends the busy state, and moves focus to what was said.
    pub fn say(&self, ok: Option<String>, bad: Option<String>) {
        let failed = bad.is_some();
        self.outcome.set(ok);
        self.failure.set(bad);
        self.busy.set(false);
        crate::components::page::focus(if failed { self.bad_id } else { self.ok_id });
    }

    /// Forgets what was said (a new attempt starts).
    pub fn clear(&self) {
        self.outcome.set(None);
        self.failure.set(None);
    }

    /// The two lines, where the section shows them.
    pub fn view(&self) -> impl IntoView {
        let (outcome, failure, ok_id, bad_id) =
            (self.outcome, self.failure, self.ok_id, self.bad_id);
        view! {
            <p id=ok_id role="status" tabindex="-1" class="outcome">{move || outcome.get()}</p>
            {move || failure.get().map(|f| view! { <p id=bad_id role="alert" tabindex="-1" class="failure">{f}</p> })}
        }
    }
}
