//! Sources: the list from `GET /v3/sources` with its total.

use crate::components::connected::Connected;
use isc_core::http::{ApiRequest, Method};
use isc_core::models::{parse_list, Source};
use isc_core::paging::{total_count, PageQuery};
use isc_core::ApiError;
use leptos::prelude::*;

#[derive(Clone)]
struct SourcePage {
    items: Vec<Source>,
    total: Option<u64>,
}

async fn load_sources() -> Result<SourcePage, ApiError> {
    let req = PageQuery::page(0, 250).apply(ApiRequest::new(Method::Get, "", "/v3/sources"));
    let resp = crate::api::call(req).await?;
    let items = parse_list::<Source>(&resp.body)
        .map_err(|e| ApiError::malformed(Method::Get, "/v3/sources", &resp, &e))?;
    Ok(SourcePage {
        total: total_count(&resp),
        items,
    })
}

/// The sources list.
#[component]
pub fn SourcesPage() -> impl IntoView {
    view! {
        <h1>"Sources"</h1>
        <Connected>
            <SourceTable/>
        </Connected>
    }
}

#[component]
fn SourceTable() -> impl IntoView {
    let data = LocalResource::new(load_sources);
    view! {
        <Transition fallback=|| view! { <p role="status">"Loading sources…"</p> }>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <p role="alert" class="failure">{e.sentence()}</p> }.into_any(),
                Ok(page) => {
                    let total = page.total.unwrap_or(page.items.len() as u64);
                    view! {
                        <p role="status" class="count">{format!("{total} sources")}</p>
                        <table class="grid">
                            <caption class="sr-only">"Sources"</caption>
                            <thead><tr>
                                <th scope="col">"Name"</th><th scope="col">"Type"</th><th scope="col">"Connection"</th>
                                <th scope="col">"Authoritative"</th><th scope="col">"Owner"</th><th scope="col">"Healthy"</th>
                            </tr></thead>
                            <tbody>
                                {page.items.into_iter().map(|s| view! {
                                    <tr>
                                        <td>{s.name.clone()}</td>
                                        <td>{s.kind.clone().unwrap_or_default()}</td>
                                        <td>{s.connection_type.clone().unwrap_or_default()}</td>
                                        <td>{if s.authoritative == Some(true) { "yes" } else { "no" }}</td>
                                        <td>{s.owner.as_ref().and_then(|o| o.name.clone()).unwrap_or_default()}</td>
                                        <td>{match s.healthy { Some(true) => "healthy", Some(false) => "unhealthy", None => "—" }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }
            })}
        </Transition>
    }
}
