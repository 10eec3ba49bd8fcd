//! Correlating an account by hand: find an identity by name (or paste its id), then send the
//! JSON Patch of `/identityId` and `/manuallyCorrelated` (`correlate`, which the account page
//! runs with its read-back).

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

/// The section. `current` is the account's identity id; `correlate` gets the id to send.
#[component]
pub fn CorrelateByHand(
    current: String,
    busy: Signal<bool>,
    failure: RwSignal<Option<String>>,
    correlate: Callback<String>,
) -> impl IntoView {
    let identity_id = RwSignal::new(current);
    let who = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<Value>::new());
    let search = move |_| {
        let text = who.get_untracked().trim().to_string();
        if text.len() < 2 {
            return;
        }
        spawn_local(async move {
            match crate::api::lookups::search_identities(text).await {
                Ok(l) => found.set(l),
                Err(e) => failure.set(Some(e.sentence())),
            }
        });
    };
    let correlate = move |_| correlate.run(identity_id.get_untracked());
    view! {
        <section class="card wide" aria-labelledby="corr-h">
            <h2 id="corr-h">"Correlation"</h2>
            <p class="hint">"Any account: sends a JSON Patch of /identityId and /manuallyCorrelated."</p>
            <div class="inline">
                <div class="field grow"><label for="corr-search">"Find an identity by name"</label>
                    <input id="corr-search" type="search" prop:value=move || who.get() on:input=move |ev| who.set(event_target_value(&ev))/></div>
                <button type="button" class="secondary" on:click=search>"Search identities"</button>
            </div>
            <ul class="picks" aria-label="Identities found">
                {move || found.get().into_iter().map(|i| {
                    let id = i["id"].as_str().unwrap_or("").to_string();
                    let n = i["name"].as_str().unwrap_or("").to_string();
                    view! { <li><button type="button" class="small secondary" aria-label=format!("Pick {n}") on:click=move |_| identity_id.set(id.clone())>{n.clone()}</button></li> }
                }).collect_view()}
            </ul>
            <div class="inline">
                <div class="field grow"><label for="corr-identity">"Identity id"</label>
                    <input id="corr-identity" type="text" spellcheck="false" prop:value=move || identity_id.get() on:input=move |ev| identity_id.set(event_target_value(&ev))/></div>
                <button type="button" class="secondary" disabled=move || busy.get() on:click=correlate>"Correlate"</button>
            </div>
        </section>
    }
}
