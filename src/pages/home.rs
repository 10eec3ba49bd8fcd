//! The start page: opens the demo tenant unless the person has a tenant remembered.

use crate::api::transport::Transport;
use crate::state::session::{load_remembered, Session};
use isc_demo_tenant::{DEMO_API_BASE, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET};
use leptos::prelude::*;
use leptos::task::spawn_local;

const DEMO_FLAG: &str = "isc-console.demo";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Connects to a fresh demo tenant (in a worker of this page: no network), on the API paths
/// chosen (`None`: ask it, which gives the per-service ones).
pub async fn connect_demo(
    generation: Option<isc_core::api::Generation>,
) -> Result<(), isc_core::ApiError> {
    let link = crate::api::transport::DemoLink::start()
        .map_err(|why| isc_core::ApiError::network(isc_core::Method::Post, "/oauth/token", &why))?;
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

/// Forgets that this tab was on the demo tenant.
pub fn forget_demo() {
    if let Some(s) = session_storage() {
        let _ = s.remove_item(DEMO_FLAG);
    }
}

/// After a reload, reconnects the demo tenant if this tab was using it.
pub fn resume_demo() {
    let on_demo = session_storage().and_then(|s| s.get_item(DEMO_FLAG).ok().flatten());
    if let Some(paths) = on_demo.filter(|_| !crate::api::is_connected()) {
        let generation = isc_core::api::Generation::from_key(&paths);
        spawn_local(async move {
            let _ = connect_demo(generation).await;
        });
    }
}

/// `/`: the demo tenant by default, the connect screen for a remembered tenant.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = expect_context::<Session>();
    Effect::new(move |_| {
        if session.info().get_untracked().is_some() {
            crate::route::navigate("/sources");
        } else if load_remembered().is_some() {
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
