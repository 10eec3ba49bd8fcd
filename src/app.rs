//! Routes, navigation and the shared state.

use crate::components::nav::Nav;
use crate::pages::{
    activity::ActivityPage, connect::ConnectPage, home::HomePage, not_built::NotBuiltPage,
    profiles::ProfilesPage, source_detail::SourceDetailPage, source_new::SourceNewPage,
    sources::SourcesPage,
};
use crate::state::activity::Activity;
use crate::state::session::Session;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The console: navigation, routes, and the session and activity contexts.
#[component]
pub fn App() -> impl IntoView {
    provide_context(Session::install());
    provide_context(Activity::install());
    view! {
        <Router>
            <a class="skip" href="#main">"Skip to content"</a>
            <Nav/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <h1>"Page not found"</h1> }>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/connect") view=ConnectPage/>
                    <Route path=path!("/sources") view=SourcesPage/>
                    <Route path=path!("/sources/new") view=SourceNewPage/>
                    <Route path=path!("/sources/:id") view=SourceDetailPage/>
                    <Route path=path!("/accounts") view=|| view! { <NotBuiltPage title="Accounts"/> }/>
                    <Route path=path!("/identity-profiles") view=ProfilesPage/>
                    <Route path=path!("/activity") view=ActivityPage/>
                </Routes>
            </main>
        </Router>
    }
}
