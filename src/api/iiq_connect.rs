//! Connecting to IdentityIQ: the demo one in a worker of this page, or a server by fetch.

use isc_core::error::ApiError;

/// What the IdentityIQ connect form gives: the HTTP Basic header made from the password
/// (`isc_core::iiq::basic_auth`), which the client keeps in its memory only, like the ISC
/// secret.
#[derive(Clone, Default)]
pub struct IiqConnect {
    pub base: String,
    pub user: String,
    pub authorization: String,
    pub read_only: bool,
    /// The demo IdentityIQ in this page (base and credentials are the demo's).
    pub demo: bool,
}

crate::lazy_async!(
    client,
    missing = || Some(ApiError::network(
        isc_core::Method::Get,
        "/ServiceProviderConfig",
        crate::lazy::CODE_MISSING
    )),
    /// Connects to IdentityIQ (the demo one in a worker of this page, or a server by fetch) and,
    /// with `go`, goes to its applications. Fetched with the `client` chunk.
    pub async fn connect_iiq_form(form: IiqConnect, go: bool) -> Option<ApiError> {
        connect_iiq_now(form, go).await
    }
);

async fn connect_iiq_now(form: IiqConnect, go: bool) -> Option<ApiError> {
    use crate::api::transport::{DemoLink, Transport};
    let (transport, base, user, authorization) = if form.demo {
        match DemoLink::start() {
            Ok(l) => (
                Transport::Demo(l),
                format!(
                    "{}{}",
                    isc_demo_tenant::DEMO_API_BASE,
                    isc_demo_tenant::iiq::PREFIX
                ),
                isc_demo_tenant::iiq::USER.to_string(),
                isc_demo_tenant::iiq::BASIC.to_string(),
            ),
            Err(why) => {
                return Some(ApiError::network(
                    isc_core::Method::Get,
                    "/ServiceProviderConfig",
                    &why,
                ))
            }
        }
    } else {
        if let Err(why) = crate::state::csp::check(&form.base) {
            return Some(ApiError::refused(
                isc_core::Method::Get,
                "/ServiceProviderConfig",
                &why,
            ));
        }
        (
            Transport::Fetch,
            form.base.clone(),
            form.user.clone(),
            form.authorization,
        )
    };
    crate::state::tab::forget_demo();
    let r = crate::api::connect_iiq(crate::api::ConnectIiq {
        transport,
        label: if form.demo {
            "Demo IdentityIQ".into()
        } else {
            isc_core::tenant::origin_of(&base)
                .split_once("://")
                .map_or(base.clone(), |(_, h)| h.to_string())
        },
        base: base.clone(),
        user,
        authorization,
        demo: form.demo,
        read_only: form.read_only,
    })
    .await;
    match r {
        Ok(_) => {
            if form.demo {
                crate::state::tab::mark_iiq_demo_tab();
            } else {
                crate::state::csp::narrow(&base);
                crate::state::tab::mark_tenant_tab();
            }
            if go {
                crate::route::navigate("/iiq/applications");
            }
            None
        }
        Err(e) => Some(e),
    }
}
