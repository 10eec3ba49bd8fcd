//! One identity: name, email, lifecycle state, manager, and its accounts, each a link.

use crate::components::page::Crumbs;
use isc_core::api::{accounts, identities, ListQuery};
use isc_core::filter::Filter;
use isc_core::paging::PageQuery;
use isc_core::ApiError;
use leptos::prelude::*;
use serde_json::Value;

#[derive(Clone)]
struct Loaded {
    identity: Value,
    accounts: Vec<Value>,
    total: Option<u64>,
}

async fn load(id: String) -> Result<Loaded, ApiError> {
    let g = crate::api::generation();
    let (list, _) = crate::api::call_json(identities::by_id(g, &id)).await?;
    let identity = list
        .as_array()
        .and_then(|l| l.iter().find(|i| i["id"] == id.as_str()))
        .cloned()
        .ok_or_else(|| {
            ApiError::refused(
                isc_core::Method::Get,
                "/public-identities",
                &format!("No identity with id {id} on this tenant."),
            )
        })?;
    let q = ListQuery::new()
        .page(PageQuery::page(0, 250))
        .filters(Some(Filter::eq("identityId", &id)));
    let (acc, resp) = crate::api::call_json(accounts::list(g, &q, false)).await?;
    Ok(Loaded {
        identity,
        accounts: acc.as_array().cloned().unwrap_or_default(),
        total: isc_core::paging::total_count(&resp),
    })
}

/// The identity page.
#[component]
pub fn IdentityPage() -> impl IntoView {
    crate::components::page::detail_page("Identity", "Loading identity…", load, |l, r| {
        detail(l, r).into_any()
    })
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or("—").to_string()
}

fn detail(l: Loaded, refresh: crate::components::page::Refresh) -> impl IntoView {
    let i = l.identity;
    let name = text(&i["name"]);
    let manager = i["manager"]["id"].as_str().map(|m| {
        let href = crate::route::href(&format!("/identities/{m}"));
        view! { <a href=href>{text(&i["manager"]["name"])}</a> }
    });
    let count = l.total.unwrap_or(l.accounts.len() as u64);
    view! {
        <Crumbs name=format!("Identity {}", isc_core::shown::inline(&name))/>
        <crate::components::page::NameHeading raw=name.clone()>{refresh.view()}</crate::components::page::NameHeading>
        <section class="card wide" aria-labelledby="idn-h">
            <h2 id="idn-h">"Identity"</h2>
            <dl class="facts">
                <dt>"Id"</dt><dd><code>{text(&i["id"])}</code></dd>
                <dt>"Alias"</dt><dd>{text(&i["alias"])}</dd>
                <dt>"Email"</dt><dd>{text(&i["email"])}</dd>
                <dt>"Lifecycle state"</dt><dd>{text(&i["status"])}</dd>
                <dt>"Identity state"</dt><dd>{text(&i["identityState"])}</dd>
                <dt>"Manager"</dt><dd>{match manager { Some(m) => m.into_any(), None => "—".into_any() }}</dd>
            </dl>
        </section>
        <section class="card wide" aria-labelledby="idn-acc">
            <h2 id="idn-acc">{format!("Accounts ({count})")}</h2>
            {if l.accounts.is_empty() {
                view! { <p>"No accounts are correlated to this identity."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" role="region" aria-label="Accounts of this identity (scrolls sideways)" tabindex="0">
                    <table class="grid">
                        <caption class="sr-only">{format!("Accounts of {name}")}</caption>
                        <thead><tr><th scope="col">"Account"</th><th scope="col">"Native identity"</th><th scope="col">"Source"</th><th scope="col">"Status"</th></tr></thead>
                        <tbody>
                            {l.accounts.iter().map(|a| view! {
                                <tr>
                                    <td><a href=crate::route::href(&format!("/accounts/{}", text(&a["id"])))>{text(&a["name"])}</a></td>
                                    <td><code>{text(&a["nativeIdentity"])}</code></td>
                                    <td><a href=crate::route::href(&format!("/sources/{}", text(&a["sourceId"])))>{text(&a["sourceName"])}</a></td>
                                    <td>{isc_core::grid::account_status(a)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
