//! An account's attributes (a long value shown in full on demand) and its entitlements.

use crate::components::attr_form::from_value;
use leptos::prelude::*;
use serde_json::Value;

/// The two sections: the attributes as the tenant holds them, and the entitlements (the first
/// page of them, with the total).
#[component]
pub fn AttributesAndEntitlements(
    account: Value,
    entitlements: Vec<Value>,
    total: Option<u64>,
) -> impl IntoView {
    let a = account;
    let loaded_total = total;
    view! {
        <section class="card wide" aria-labelledby="attrs-h">
            <h2 id="attrs-h">"Attributes"</h2>
            <table class="grid"><caption class="sr-only">"Attributes"</caption>
                <thead><tr><th scope="col">"Attribute"</th><th scope="col">"Value"</th></tr></thead>
                <tbody>{attrs_rows(&a)}</tbody>
            </table>
        </section>
        <section class="card wide" aria-labelledby="ents-h">
            <h2 id="ents-h">{format!("Entitlements ({})", loaded_total.unwrap_or(entitlements.len() as u64))}</h2>
            <ul class="entitlements" aria-label="Entitlements of this account">{entitlements.iter().map(entitlement).collect_view()}</ul>
            {(loaded_total.unwrap_or(0) > entitlements.len() as u64).then(|| view! { <p class="hint">{format!("Showing the first {} of {}.", entitlements.len(), loaded_total.unwrap_or(0))}</p> })}
        </section>
    }
}

/// One entitlement as ISC describes it: its name, the attribute and value the account holds,
/// whether it is privileged, its description, and the source (whose page has its entitlement
/// schema) and owner it belongs to.
fn entitlement(e: &Value) -> impl IntoView {
    let text = |k: &str| e[k].as_str().unwrap_or("").to_string();
    let (name, attribute, value) = (text("name"), text("attribute"), text("value"));
    let description = text("description");
    let source = &e["source"];
    let source_link = source["id"].as_str().filter(|s| !s.is_empty()).map(|sid| {
        view! { <a href=crate::route::href(&format!("/sources/{}", isc_core::http::encode_component(sid)))>
            {format!("Source {}", isc_core::shown::inline(source["name"].as_str().unwrap_or(sid)))}</a> }
    });
    let owner = e["owner"]["id"].as_str().filter(|s| !s.is_empty()).map(|oid| {
        view! { " · owner " {crate::components::show::link_or_text(oid, "/identities/", e["owner"]["name"].as_str().unwrap_or(oid).to_string())} }
    });
    view! {
        <li>
            <strong><bdi>{if name.is_empty() { value.clone() } else { name.clone() }}</bdi></strong>
            {format!(" ({attribute} = {value})")}
            {(e["privileged"] == true).then(|| view! { " " <span class="chip failing">"privileged"</span> })}
            <br/>
            <span class="hint">{if description.is_empty() { "No description in ISC: the source's entitlements file does not describe it.".to_string() } else { description }}</span>
            {source_link.map(|l| view! { <br/>{l} })}
            {owner}
        </li>
    }
}

/// Characters of an attribute value shown before "Show all".
const LONG_VALUE: usize = 300;

fn attrs_rows(a: &Value) -> impl IntoView {
    a["attributes"]
        .as_object()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| {
            let text = isc_core::shown::marked(&from_value(&v).replace('\n', ", "));
            // A very long value is shown in full on demand, not as a page of its own.
            let cell = match isc_core::shown::clip(&text, LONG_VALUE) {
                None => text.into_any(),
                Some(short) => view! {
                    {short}
                    <details class="long-value"><summary>{format!("Show all {} characters", text.chars().count())}</summary><div>{text.clone()}</div></details>
                }
                .into_any(),
            };
            view! { <tr><td><code>{k}</code></td><td>{cell}</td></tr> }
        })
        .collect_view()
}
