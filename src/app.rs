//! Routes, navigation and the shared state.

use crate::components::busy::BusyBar;
use crate::components::nav::Nav;
use crate::pages::{
    account_detail::AccountDetailPage, account_new::AccountNewPage, accounts::AccountsPage,
    activity::ActivityPage, connect::ConnectPage, home::HomePage, profiles::ProfilesPage,
    source_detail::SourceDetailPage, source_new::SourceNewPage, sources::SourcesPage,
    tasks::TasksPage,
};
use crate::state::activity::Activity;
use crate::state::session::Session;
use crate::state::tasks::Tasks;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The console: navigation, routes, and the session and activity contexts.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Session::install());
    provide_context(Activity::install());
    provide_context(Tasks::install());
    crate::state::idle::install();
    view! {
        <Router>
            <a class="skip" href="#main">"Skip to content"</a>
            <Nav/>
            <BusyBar/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <h1>"Page not found"</h1> }>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/connect") view=ConnectPage/>
                    <Route path=path!("/sources") view=SourcesPage/>
                    <Route path=path!("/sources/new") view=SourceNewPage/>
                    <Route path=path!("/sources/:id") view=SourceDetailPage/>
                    <Route path=path!("/accounts") view=AccountsPage/>
                    <Route path=path!("/accounts/new") view=AccountNewPage/>
                    <Route path=path!("/accounts/:id") view=AccountDetailPage/>
                    <Route path=path!("/tasks") view=TasksPage/>
                    <Route path=path!("/identity-profiles") view=ProfilesPage/>
                    <Route path=path!("/activity") view=ActivityPage/>
                </Routes>
            </main>
        </Router>
    }
}
