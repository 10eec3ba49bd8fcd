//! The start page: opens the demo tenant unless the person has a tenant remembered.

use crate::api::transport::Transport;
use crate::state::session::{load_saved, Session};
use crate::state::tab::{on_tenant_tab, opening, session_storage, DEMO_FLAG};
use isc_demo_tenant::{DEMO_API_BASE, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET};
use leptos::prelude::*;
use leptos::task::spawn_local;

crate::lazy_async!(
    client,
    missing = || Err(isc_core::ApiError::network(
        isc_core::Method::Post,
        "/oauth/token",
        crate::lazy::CODE_MISSING
    )),
    /// Connects to a fresh demo tenant (in a worker of this page: no network), on the API paths
    /// chosen (`None`: ask it, which gives the per-service ones). Fetched with the `client` chunk.
    pub async fn connect_demo(
        generation: Option<isc_core::api::Generation>,
    ) -> Result<(), isc_core::ApiError> {
        let link = crate::api::transport::DemoLink::start().map_err(|why| {
            isc_core::ApiError::network(isc_core::Method::Post, "/oauth/token", &why)
        })?;
        crate::api::connect(crate::api::ConnectWith {
            transport: Transport::Demo(link),
            label: "Demo tenant".into(),
            api_base: DEMO_API_BASE.into(),
            client_id: DEMO_CLIENT_ID.into(),
            secret: DEMO_CLIENT_SECRET.into(),
            demo: true,
            read_only: false,
            generation,
        })
        .await?;
        if let Some(s) = session_storage() {
            let _ = s.set_item(DEMO_FLAG, generation.map(|g| g.key()).unwrap_or("auto"));
        }
        Ok(())
    }
);

/// A page opened while not connected (a reload, a deep link, a new tab): this tab's kept
/// token if it opted in; else the connect form (filled from the saved connection, coming
/// back here after) if this tab was on a real tenant or the device has one saved; else the
/// demo tenant.
pub fn resume() {
    if crate::api::is_connected() || crate::api::resume_kept_token() {
        return;
    }
    let on_tenant = on_tenant_tab();
    let on_demo = session_storage()
        .and_then(|s| s.get_item(DEMO_FLAG).ok().flatten())
        .filter(|_| !on_tenant);
    if on_demo.as_deref() == Some("iiq") {
        let shown = opening();
        shown.set(true);
        spawn_local(async move {
            let demo = crate::api::iiq_connect::IiqConnect {
                demo: true,
                ..Default::default()
            };
            let _ = crate::api::iiq_connect::connect_iiq_form(demo, false).await;
            shown.set(false);
        });
    } else if !on_tenant && (on_demo.is_some() || load_saved().is_empty()) {
        let generation = on_demo.and_then(|p| isc_core::api::Generation::from_key(&p));
        let shown = opening();
        shown.set(true);
        spawn_local(async move {
            let _ = connect_demo(generation).await;
            shown.set(false);
        });
    } else if crate::state::idle::notice().get_untracked().is_none() {
        // After a sign-out the page says why and offers the way back; otherwise go there.
        let here = crate::route::current_address();
        crate::route::navigate(&format!(
            "/connect?next={}",
            isc_core::http::encode_component(&here)
        ));
    }
}

/// `/`: the demo tenant by default, the connect screen for a remembered tenant.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = expect_context::<Session>();
    Effect::new(move |_| {
        if let Some(i) = session.info().get_untracked() {
            crate::route::navigate(if i.iiq {
                "/iiq/applications"
            } else {
                "/sources"
            });
        } else if !load_saved().is_empty() || on_tenant_tab() {
            crate::route::navigate("/connect");
        } else {
            spawn_local(async move {
                match connect_demo(None).await {
                    Ok(()) => crate::route::navigate("/sources"),
                    Err(_) => crate::route::navigate("/connect"),
                }
            });
        }
    });
    view! { <p role="status">"Opening the demo tenant…"</p> }
}
