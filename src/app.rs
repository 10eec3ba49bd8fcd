//! Routes, navigation and the shared state.

use crate::components::busy::BusyBar;
use crate::components::nav::Nav;
use crate::pages::{
    account_detail::AccountDetailPage, account_new::AccountNewPage, accounts::AccountsPage,
    activity::ActivityPage, connect::ConnectPage, home::HomePage, identity::IdentityPage,
    profiles::ProfilesPage, source_detail::SourceDetailPage, source_file::SourceFilePage,
    source_new::SourceNewPage, sources::SourcesPage, tasks::TasksPage,
};
use crate::state::activity::Activity;
use crate::state::session::Session;
use crate::state::tasks::Tasks;
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
        crate::pages::home::resume();
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
            {move || match shown.get() { (_, Some(iiq)) => crate::pages::iiq::wrong_mode(iiq), (p, None) => match p {
                Page::Home => view! { <HomePage/> }.into_any(),
                Page::Connect => view! { <ConnectPage/> }.into_any(),
                Page::Sources => view! { <SourcesPage/> }.into_any(),
                Page::SourceNew => view! { <SourceNewPage/> }.into_any(),
                Page::Source => view! { <SourceDetailPage/> }.into_any(),
                Page::SourceFile => view! { <SourceFilePage/> }.into_any(),
                Page::Accounts => view! { <AccountsPage/> }.into_any(),
                Page::AccountNew => view! { <AccountNewPage/> }.into_any(),
                Page::Account => view! { <AccountDetailPage/> }.into_any(),
                Page::Identity => view! { <IdentityPage/> }.into_any(),
                Page::Tasks => view! { <TasksPage/> }.into_any(),
                Page::Profiles => view! { <ProfilesPage/> }.into_any(),
                Page::Activity => view! { <ActivityPage/> }.into_any(),
                Page::IiqConnect => view! { <h1>"Connect to IdentityIQ"</h1><crate::lazy::Lazy name="iiq-connect"/> }.into_any(),
                p @ (Page::Iiq | Page::IiqApp | Page::IiqAccountNew | Page::IiqAccounts | Page::IiqAccount) => crate::pages::iiq::iiq_page(&p),
                Page::NotFound => view! { <h1>"Page not found"</h1><p><a href=crate::route::href("/sources")>"Go to Sources"</a></p> }.into_any(),
            } }}
        </main>
    }
}
