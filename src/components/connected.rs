//! A guard that shows its children only while connected, and a way back otherwise.

use crate::components::show::Show;
use crate::state::session::Session;
use leptos::prelude::*;

/// Shows `children` while connected; otherwise offers the connect screen. (A session that a
/// reload interrupted is resumed by `App` at start: `pages::home::resume`.)
#[component]
pub fn Connected(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>().info();
    let here = crate::route::address();
    let back_to = move || {
        format!(
            "/connect?next={}",
            isc_core::http::encode_component(&here.get())
        )
    };
    view! {
        <Show
            when=move || session.get().is_some()
            fallback=move || if crate::state::tab::opening().get() {
                view! { <p role="status">"Opening the demo tenant…"</p> }.into_any()
            } else { view! {
                <section class="notice" role="status">
                    {move || crate::state::idle::notice().get().map(|n| view! { <p><strong>{n}</strong></p> })}
                    <p>"Not connected to a tenant. The secret lives only in this tab's memory, so a reload signs out unless you chose to stay signed in in this tab."</p>
                    <p><a href=move || crate::route::href(&back_to())>"Connect with a personal access token or use the demo tenant"</a></p>
                </section>
            }.into_any() }
        >
            {children()}
        </Show>
    }
}
