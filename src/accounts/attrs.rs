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
            <ul>{entitlements.iter().map(|e| view! { <li>{format!("{} = {}", e["attribute"].as_str().unwrap_or(""), e["value"].as_str().unwrap_or(""))}</li> }).collect_view()}</ul>
            {(loaded_total.unwrap_or(0) > entitlements.len() as u64).then(|| view! { <p class="hint">{format!("Showing the first {} of {}.", entitlements.len(), loaded_total.unwrap_or(0))}</p> })}
        </section>
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
