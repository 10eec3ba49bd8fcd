//! The top bar: product name, sections, and the connection status.

use crate::state::session::Session;
use leptos::prelude::*;
use leptos_router::components::A;

/// Top navigation with the sections and who we are connected to.
#[component]
pub fn Nav() -> impl IntoView {
    let session = expect_context::<Session>().info();
    view! {
        <header class="topbar">
            <span class="brand">"ISC Console"</span>
            <nav aria-label="Sections">
                <A href="/sources">"Sources"</A>
                <A href="/accounts">"Accounts"</A>
                <A href="/identity-profiles">"Identity profiles"</A>
                <A href="/tasks">"Tasks"</A>
                <A href="/activity">"Activity"</A>
            </nav>
            <Show when=move || session.get().is_some_and(|s| s.read_only)>
                <span class="badge" title="Every write is refused">"Read-only"</span>
            </Show>
            <A href="/connect" attr:class="conn">
                {move || match session.get() {
                    Some(s) if s.demo => "Demo tenant".to_string(),
                    Some(s) => format!("Connected: {}", s.label),
                    None => "Not connected".to_string(),
                }}
            </A>
        </header>
    }
}
