//! Fields the create form and the settings share: finding an identity to own the source, and
//! the features as checkboxes with what each means.

use crate::api::lookups::search_identities;
use isc_core::source_form::{FEATURE_MEANINGS, SOURCE_FEATURES};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

/// A search for an identity by name; `pick` gets the (id, name) chosen.
#[component]
pub fn OwnerSearch(pick: Callback<(String, String)>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let results = RwSignal::new(Vec::<Value>::new());
    let status = RwSignal::new(String::new());
    let search = move || {
        let text = query.get_untracked();
        if text.trim().len() < 2 {
            status.set("Type at least two letters.".into());
            return;
        }
        status.set("Searching…".into());
        spawn_local(async move {
            match search_identities(text.trim().to_string()).await {
                Ok(list) => {
                    status.set(format!("{} found", list.len()));
                    results.set(list);
                }
                Err(e) => status.set(e.sentence()),
            }
        });
    };
    view! {
        <div class="inline">
            <div class="field grow">
                <label for="owner-search">"Find an identity by name"</label>
                <input id="owner-search" type="search" aria-describedby="owner-status" prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { ev.prevent_default(); search(); }/>
            </div>
            <button type="button" class="secondary" on:click=move |_| search()>"Search"</button>
        </div>
        <p id="owner-status" class="hint" role="status">{move || status.get()}</p>
        <ul class="picks" aria-label="Identities found">
            {move || results.get().into_iter().map(|i| {
                let id = i["id"].as_str().unwrap_or("").to_string();
                let name = i["name"].as_str().unwrap_or("").to_string();
                let email = i["email"].as_str().unwrap_or("").to_string();
                let label = format!("Pick {name} as owner");
                let shown = format!("{name} · {email}");
                view! { <li><button type="button" class="small secondary" aria-label=label
                    on:click=move |_| pick.run((id.clone(), name.clone()))>{shown}</button></li> }
            }).collect_view()}
        </ul>
    }
}

/// Every source feature as a checkbox with its meaning; `features` is what is checked.
#[component]
pub fn FeatureChecks(
    features: Signal<Vec<String>>,
    set: Callback<(String, bool)>,
) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Features"</legend>
            <div class="checks">
                {SOURCE_FEATURES.iter().zip(FEATURE_MEANINGS).map(|(feat, meaning)| {
                    let feat = *feat;
                    let id = format!("feat-{feat}");
                    let hint = format!("{id}-hint");
                    view! {
                        <span class="check">
                            <input type="checkbox" id=id.clone() aria-describedby=hint.clone()
                                prop:checked=move || features.with(|f| f.iter().any(|x| x == feat))
                                on:change=move |ev| set.run((feat.to_string(), event_target_checked(&ev)))/>
                            <label for=id>{feat}</label>
                            <span id=hint class="hint">{meaning}</span>
                        </span>
                    }
                }).collect_view()}
            </div>
        </fieldset>
    }
}
