//! A source's settings on its page: description, owner, delete threshold, features, connector
//! attributes and further JSON Patch operations, each checked beside its field
//! (`isc_core::source_settings`) before anything is sent, reviewed as the fewest JSON Patch
//! operations with curl, sent, and read back when the answer is lost. The fields ISC never lets
//! change are shown locked, with the reason.

use crate::components::field::TextField;
use crate::components::page::focus;
use isc_core::api::sources;
use isc_core::source_settings::{self, LOCKED};
use leptos::prelude::*;
use serde_json::Value;

/// The section. `held` is the source as the tenant holds it; a save puts the answer there.
#[component]
pub fn SourceSettings(held: RwSignal<Value>) -> impl IntoView {
    let ro = expect_context::<crate::state::session::Session>().read_only();
    let draft = RwSignal::new(source_settings::settings_of(&held.get_untracked()));
    let editing = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let review = RwSignal::new(None::<Vec<Value>>);
    let said = crate::components::said::Said::new("settings-outcome", "settings-failure");
    let busy = said.busy;
    let errors = Memo::new(move |_| {
        if tried.get() {
            held.with(|h| source_settings::check(&draft.get(), h))
        } else {
            Default::default()
        }
    });
    let err = move |k: &'static str| Signal::derive(move || errors.with(|e| e.get(k).cloned()));
    let sid = move || held.with_untracked(|h| h["id"].as_str().unwrap_or("").to_string());
    let request = move |ops: &[Value]| sources::patch(crate::api::generation(), &sid(), ops);
    let say = move |ok: Option<String>, bad: Option<String>| said.say(ok, bad);
    let on_review = move |_| {
        tried.set(true);
        said.clear();
        if !held
            .with_untracked(|h| source_settings::check(&draft.get_untracked(), h))
            .is_empty()
        {
            review.set(None);
            crate::components::page::focus_first_error();
            return;
        }
        let ops = held.with_untracked(|h| source_settings::patch(h, &draft.get_untracked()));
        if ops.is_empty() {
            review.set(None);
            say(
                Some("Nothing to send: the settings are as the tenant holds them.".into()),
                None,
            );
        } else {
            review.set(Some(ops));
            focus("settings-review");
        }
    };
    // Sends the patch; an answer that did not come is settled by reading the source back.
    let send = move |_| {
        let Some(ops) = review.get_untracked() else {
            return;
        };
        busy.set(true);
        let g = crate::api::generation();
        leptos::task::spawn_local(async move {
            let read = |v: Value| {
                draft.set(source_settings::settings_of(&v));
                held.set(v);
                review.set(None);
                editing.set(false);
                tried.set(false);
            };
            let n = isc_core::shown::count(ops.len(), "operation");
            match crate::api::call_json(request(&ops)).await {
                Ok((v, _)) => {
                    read(v);
                    say(Some(format!("Settings saved ({n}): the source above shows what the tenant holds now.")), None);
                }
                // Read back after any failure: a lost answer, or a refusal of a repeat the
                // browser sent by itself when a connection dropped (the first one landed).
                Err(e) => {
                    let unknown = e.outcome_unknown();
                    match crate::api::call_json(sources::get(g, &sid())).await {
                        Ok((v, _)) if source_settings::holds(&v, &ops) => {
                            read(v);
                            let why = if unknown { "the answer was lost".to_string() } else { format!("the tenant answered “{}”", e.sentence()) };
                            say(Some(format!("Settings saved: {why}, but the source read back holds all {n}.")), None);
                        }
                        Ok((v, _)) if unknown => {
                            held.set(v);
                            say(None, Some(format!("{} Read back: the source does not hold the change, and the source above shows what it holds. Nothing was sent again; what you typed is kept.", e.sentence())));
                        }
                        Err(_) if unknown => say(None, Some(format!("{} The source could not be read back: reload the page before you send it again.", e.sentence()))),
                        _ => say(None, Some(format!("{} Nothing changed; what you typed is kept.", e.sentence()))),
                    }
                }
            }
        });
    };
    let text = move |get, put| crate::components::field::bind(draft, get, put);
    let (desc, set_desc) = text(|d| d.description.clone(), |d, v| d.description = v);
    let (owner, set_owner) = text(
        |d| d.owner_id.clone(),
        |d, v| {
            d.owner_id = v;
            d.owner_name.clear();
        },
    );
    let (threshold, set_threshold) = text(
        |d| d.delete_threshold.clone(),
        |d, v| d.delete_threshold = v,
    );
    let (attrs, set_attrs) = text(
        |d| d.connector_attributes.clone(),
        |d, v| d.connector_attributes = v,
    );
    let (more, set_more) = text(|d| d.more.clone(), |d, v| d.more = v);
    view! {
        <section class="card wide" aria-labelledby="src-settings">
            <h2 id="src-settings">"Settings"</h2>
            {said.view()}
            <div class="actions" hidden=move || editing.get()>
                <button type="button" id="settings-open" class="secondary" disabled=move || ro.get()
                    on:click=move |_| { draft.set(source_settings::settings_of(&held.get_untracked())); editing.set(true); focus("settings-edit-h"); }>"Change settings…"</button>
            </div>
            <Show when=move || editing.get()>
                <form class="settings-edit" aria-labelledby="settings-edit-h" novalidate=true on:submit=|ev| ev.prevent_default()>
                    <h3 id="settings-edit-h" tabindex="-1">"Change the settings"</h3>
                    <TextField id="set-description" label="Description" value=desc set=set_desc error=err("description")/>
                    <fieldset>
                        <legend>"Owner"</legend>
                        <super::fields::OwnerSearch pick=Callback::new(move |(id, name): (String, String)| draft.update(|d| { d.owner_id = id; d.owner_name = name; }))/>
                        <TextField id="set-owner" label="Owner identity id" required=true value=owner set=set_owner error=err("owner")
                            hint="Filled in when you pick an identity above; or paste a 32-hex identity id."/>
                    </fieldset>
                    <TextField id="set-threshold" label="Delete threshold (%)" kind="number" value=threshold set=set_threshold error=err("delete_threshold")
                        hint="0–100: when an aggregation would remove more than this share of the source's accounts, ISC removes none of them."/>
                    <super::fields::FeatureChecks features=Signal::derive(move || draft.with(|d| d.features.clone()))
                        set=Callback::new(move |(feat, on): (String, bool)| draft.update(|d| { d.features.retain(|x| *x != feat); if on { d.features.push(feat); } }))/>
                    <TextField id="set-attributes" label="Connector attributes (JSON object)" kind="textarea" value=attrs set=set_attrs error=err("connector_attributes")
                        hint="Each key changed, added or removed becomes one operation on /connectorAttributes/…"/>
                    <TextField id="set-more" label="More changes, as JSON Patch operations (optional)" kind="textarea" value=more set=set_more error=err("more")
                        hint="For fields not above, e.g. [{\"op\": \"replace\", \"path\": \"/cluster/id\", \"value\": \"…\"}]. Sent after the fields above."/>
                    <details>
                        <summary>"Fields that cannot change"</summary>
                        <dl class="facts">
                            {LOCKED.iter().map(|(f, why)| {
                                let now = held.with_untracked(|h| match &h[*f] { Value::String(s) => s.clone(), Value::Null => "—".into(), v => v.to_string() });
                                view! { <dt><code>{*f}</code></dt><dd>{format!("{now}. {why}")}</dd> }
                            }).collect_view()}
                        </dl>
                    </details>
                    <p role="status" class="error">{move || errors.with(|e| (!e.is_empty()).then(|| format!("{} {} attention; nothing was sent.", isc_core::shown::count(e.len(), "field"), if e.len() == 1 { "needs" } else { "need" })))}</p>
                    <div class="actions">
                        <button type="button" on:click=on_review disabled=move || busy.get()>"Review the change"</button>
                        <button type="button" class="secondary" on:click=move |_| { editing.set(false); review.set(None); tried.set(false); focus("settings-open"); }>"Cancel"</button>
                    </div>
                    {move || review.get().map(|ops| {
                        let req = request(&ops);
                        let curl = crate::api::curl_for(&req);
                        view! {
                            <section id="settings-review" class="review" tabindex="-1" aria-label="The settings change to send">
                                <p>{format!("{} with {}, as JSON Patch:", isc_core::api::call_name(&req), isc_core::shown::count(ops.len(), "operation"))}</p>
                                <pre class="wrap"><code>{crate::text::pretty(&ops)}</code></pre>
                                <details><summary>"As curl"</summary><pre class="wrap"><code>{curl}</code></pre></details>
                                <div class="actions">
                                    <button type="button" id="settings-send" disabled=move || busy.get() || ro.get() on:click=send>"Save the settings"</button>
                                </div>
                            </section>
                        }
                    })}
                </form>
            </Show>
        </section>
    }
}
