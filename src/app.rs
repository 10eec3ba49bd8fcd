//! Routes, navigation and the shared state.

use crate::components::busy::BusyBar;
use crate::components::nav::Nav;
use crate::connection::{connect::ConnectPage, home::HomePage};
use crate::lazy::lazy_screen;
use crate::state::activity::Activity;
use crate::state::session::Session;
use crate::state::tasks::Tasks;
use crate::{accounts, activity, flatfile, identities, iiq, profiles, sources, tasks};
use isc_core::route::{page_of, Page};
use leptos::prelude::*;

/// The console: navigation, routes, and the session and activity contexts.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Session::install());
    provide_context(Activity::install());
    provide_context(Tasks::install());
    crate::state::idle::install();
    crate::route::install();
    let path = crate::route::path();
    // The page changes only when the path names another page; a new query or id is read by
    // the page itself.
    let page = Memo::new(move |_| page_of(&path.get()));
    // A reload, a deep link or a new tab: reconnect the way this tab was connected.
    if !matches!(
        page.get_untracked(),
        Page::Home | Page::Connect | Page::IiqConnect
    ) {
        crate::connection::home::resume();
    }
    // An ISC screen while connected to IdentityIQ, or the other way round: said, not shown.
    let session = expect_context::<Session>().info();
    // One memo for what the page shows (the page, or the wrong-mode notice): the view below
    // reads it alone.
    let shown = Memo::new(move |_| {
        let p = page.get();
        let shared = matches!(
            p,
            Page::Home | Page::Connect | Page::IiqConnect | Page::Activity | Page::NotFound
        );
        let wrong = session.with(|s| {
            s.as_ref()
                .filter(|s| !shared && s.iiq != p.is_iiq())
                .map(|s| s.iiq)
        });
        (p, wrong)
    });
    // The tab names the section; a detail page adds its own name once loaded.
    Effect::new(move |_| {
        page.track();
        crate::components::page::set_title("");
    });
    view! {
        <a class="skip" href="#main">"Skip to content"</a>
        <Nav/>
        <BusyBar/>
        <main id="main" tabindex="-1">
            <crate::components::page::Flash/>
            {move || match shown.get() {
                (_, Some(iiq)) => wrong_mode(iiq),
                (Page::Home, None) => view! { <HomePage/> }.into_any(),
                (Page::Connect, None) => view! { <ConnectPage/> }.into_any(),
                (p, None) => match screen_of(&p) {
                    Some(screen) => lazy_screen(screen).into_any(),
                    None => view! { <h1>"Page not found"</h1><p><a href=crate::route::href("/sources")>"Go to Sources"</a></p> }.into_any(),
                },
            }}
        </main>
    }
}

/// An ISC screen while connected to IdentityIQ, or an IdentityIQ one while on ISC (the
/// page is built again when the connection changes, so it is read once).
fn wrong_mode(iiq: bool) -> AnyView {
    let (said, to, go) = if iiq {
        (
            "This screen is for an ISC tenant, and the console is connected to IdentityIQ.",
            "/iiq/applications",
            "Go to the IdentityIQ applications",
        )
    } else {
        (
            "This screen is for IdentityIQ, and the console is connected to an ISC tenant.",
            "/sources",
            "Go to Sources",
        )
    };
    view! {
        <h1>"Not on this connection"</h1>
        <p class="notice" role="status">{said}" "<a href=crate::route::href(to)>{go}</a>" · "<a href=crate::route::href("/connect")>"Change the connection"</a></p>
    }
    .into_any()
}

/// The screen of a page fetched on first use (`None`: the page is in the main module).
fn screen_of(p: &Page) -> Option<crate::lazy::Screen> {
    Some(match p {
        Page::Sources => sources::list_screen,
        Page::SourceNew => sources::new_screen,
        Page::Source => sources::detail_screen,
        Page::SourceFile => flatfile::flatfile_screen,
        Page::Accounts => accounts::list_screen,
        Page::AccountNew => accounts::new_screen,
        Page::Account => accounts::detail_screen,
        Page::Identity => identities::identity_screen,
        Page::Tasks => tasks::tasks_screen,
        Page::Task => tasks::task_screen,
        Page::Profiles => profiles::profiles_screen,
        Page::Activity => activity::activity_screen,
        Page::IiqConnect => iiq::connect_screen,
        Page::Iiq => iiq::apps_screen,
        Page::IiqApp => iiq::app_screen,
        Page::IiqAccountNew => iiq::account_new_screen,
        Page::IiqAccounts => iiq::accounts_screen,
        Page::IiqAccount => iiq::account_screen,
        Page::Home | Page::Connect | Page::NotFound => return None,
    })
}
