//! The read-only notice shown above write controls.

use crate::components::show::Show;
use crate::state::session::Session;
use leptos::prelude::*;

/// Says that writes are off, while read-only mode is on.
#[component]
pub fn ReadOnlyNotice() -> impl IntoView {
    let ro = expect_context::<Session>().read_only();
    view! {
        <Show when=move || ro.get()>
            <p class="notice" role="status">"Read-only mode is on for this tenant: write controls are off and the console refuses to send any change. Turn it off on the Connection page."</p>
        </Show>
    }
}
