//! IdentityIQ mode: connect over SCIM 2.0 with HTTP Basic, the applications with their
//! account schemas, and accounts (list, view, create, update, delete) validated against the
//! application's schema before anything is sent. Every request is built in `isc_core::iiq`.

use crate::components::connected::Connected;
use crate::components::load::{load, loading};
use crate::components::page::{focus, focus_first_error, navigate_with, CopyButton, NameHeading};
use isc_core::iiq::{self, AccountForm, AccountQuery, App, FieldError, Kind, Schema};
use isc_core::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

mod accounts;
mod apps;
mod connect;
mod form;

use accounts::{IiqAccountPage, IiqAccounts};
use apps::{with_app, IiqAppPage, IiqApps};
use connect::IiqConnectForm;
use form::{AccountEditor, IiqAccountNew};
use isc_core::route::Page;

crate::screen!(iiq, connect_screen, iiq_page(&Page::IiqConnect));
crate::screen!(iiq, apps_screen, iiq_page(&Page::Iiq));
crate::screen!(iiq, app_screen, iiq_page(&Page::IiqApp));
crate::screen!(iiq, account_new_screen, iiq_page(&Page::IiqAccountNew));
crate::screen!(iiq, accounts_screen, iiq_page(&Page::IiqAccounts));
crate::screen!(iiq, account_screen, iiq_page(&Page::IiqAccount));

/// An IdentityIQ screen: its heading (the detail screens write their own) and the screen,
/// shown while connected (the connect form at any time).
fn iiq_page(page: &Page) -> AnyView {
    let (title, screen): (&str, fn() -> AnyView) = match page {
        Page::Iiq => ("Applications", || view! { <IiqApps/> }.into_any()),
        Page::IiqApp => ("", || view! { <IiqAppPage/> }.into_any()),
        Page::IiqAccountNew => ("", || view! { <IiqAccountNew/> }.into_any()),
        Page::IiqAccounts => ("IdentityIQ accounts", || {
            view! { <IiqAccounts/> }.into_any()
        }),
        Page::IiqConnect => ("Connect to IdentityIQ", || {
            view! { <IiqConnectForm/> }.into_any()
        }),
        _ => ("", || view! { <IiqAccountPage/> }.into_any()),
    };
    view! {
        <h1 hidden=title.is_empty()>{title}</h1>
        {if matches!(page, Page::IiqConnect) { screen() } else { view! { <Connected>{move || screen()}</Connected> }.into_any() }}
    }
    .into_any()
}

// ---- the screens ----

fn fail(e: &ApiError) -> String {
    iiq::error_sentence(&e.raw_body).unwrap_or_else(|| e.sentence())
}

async fn get_json(req: isc_core::ApiRequest) -> Result<Value, String> {
    crate::api::call_json(req)
        .await
        .map(|(v, _)| v)
        .map_err(|e| fail(&e))
}

async fn get_list(req: isc_core::ApiRequest) -> Result<iiq::ListPage, String> {
    crate::api::call_read(req, |r| iiq::parse_list(&r.body))
        .await
        .map(|(v, _)| v)
        .map_err(|e| fail(&e))
}

/// The application and its account schema, read one after the other.
async fn app_and_schema(id: String) -> Result<(App, Schema), String> {
    let app = iiq::parse_app(&get_json(iiq::application(&id)).await?);
    let schema = iiq::parse_schema(&get_json(iiq::schema(&app.account_schema)).await?);
    Ok((app, schema))
}

fn path_id() -> String {
    isc_core::route::id_of(&crate::route::current_path())
}
