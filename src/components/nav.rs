//! The top bar: product name, sections, and the connection status. On a narrow screen the
//! sections and the connection fold behind a Menu button (`aria-expanded`); it closes when a
//! page is chosen, on Escape (focus back on the button), and stays open until then.

use crate::components::show::Show;
use crate::state::session::Session;
use isc_core::route::is_current;
use leptos::prelude::*;

/// Top navigation with the sections and who we are connected to.
#[component]
pub fn Nav() -> impl IntoView {
    let session = expect_context::<Session>().info();
    let path = crate::route::path();
    let open = RwSignal::new(false);
    // A page chosen from the menu closes it.
    Effect::new(move |_| {
        path.track();
        open.set(false);
    });
    // `aria-current="page"` on the section being shown (and its sub-pages).
    let current = move |href: &'static str| move || is_current(href, &path.get()).then_some("page");
    // The sections of the system connected to: ISC's, or IdentityIQ's.
    let iiq = move || session.with(|s| s.as_ref().is_some_and(|s| s.iiq));
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            crate::components::page::focus("menu-button");
        }
    };
    view! {
        <header class="topbar" on:keydown=on_key>
            <span class="brand">"ISC Console"</span>
            <button type="button" id="menu-button" class="menu" aria-controls="topnav"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                on:click=move |_| open.update(|o| *o = !*o)>
                <span aria-hidden="true">"☰ "</span>"Menu"
            </button>
            <div id="topnav" class="topnav" class:open=move || open.get()>
                <nav aria-label="Sections">
                    <span class="navset" hidden=iiq>
                        <a href=crate::route::href("/sources") aria-current=current("/sources")>"Sources"</a>
                        <a href=crate::route::href("/accounts") aria-current=current("/accounts")>"Accounts"</a>
                        <a href=crate::route::href("/identity-profiles") aria-current=current("/identity-profiles")>"Identity profiles"</a>
                        <a href=crate::route::href("/tasks") aria-current=current("/tasks")>"Tasks"</a>
                    </span>
                    <span class="navset" hidden=move || !iiq()>
                        <a href=crate::route::href("/iiq/applications") aria-current=current("/iiq/applications")>"Applications"</a>
                        <a href=crate::route::href("/iiq/accounts") aria-current=current("/iiq/accounts")>"Accounts"</a>
                    </span>
                    <a href=crate::route::href("/activity") aria-current=current("/activity")>"Activity"</a>
                </nav>
                <Show when=move || session.get().is_some_and(|s| s.read_only)>
                    <span class="badge" title="Every write is refused">"Read-only"</span>
                </Show>
                <a href=crate::route::href("/connect") class="conn" aria-current=current("/connect")>
                    {move || match session.get() {
                        Some(s) if s.demo => s.label,
                        Some(s) if s.iiq => format!("IdentityIQ: {}", s.label),
                        Some(s) => format!("Connected: {}", s.label),
                        None => "Not connected".to_string(),
                    }}
                </a>
            </div>
        </header>
    }
}
