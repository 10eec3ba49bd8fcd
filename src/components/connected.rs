//! A guard that shows its children only while connected, and a way back otherwise.

use crate::pages::home::resume_demo;
use crate::state::session::Session;
use leptos::prelude::*;
use leptos_router::components::A;

/// Shows `children` while connected; otherwise offers the connect screen. A demo session
/// that a reload interrupted is resumed on its own.
#[component]
pub fn Connected(children: ChildrenFn) -> impl IntoView {
    let session = expect_context::<Session>().info();
    resume_demo();
    view! {
        <Show
            when=move || session.get().is_some()
            fallback=|| view! {
                <section class="notice" role="status">
                    <p>"Not connected to a tenant."</p>
                    <p><A href="/connect">"Connect with a personal access token or use the demo tenant"</A></p>
                </section>
            }
        >
            {children()}
        </Show>
    }
}
