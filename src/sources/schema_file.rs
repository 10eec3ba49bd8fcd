//! A flat file's account schema made from a CSV file's header: the header proposed as the
//! attributes (kept, added, removed), then uploaded as the schema template.

use super::schema::EFFECT;
use crate::components::page::focus;
use isc_core::api::sources;
use isc_core::schema_edit::{self, Draft, Proposal};
use leptos::prelude::*;
use serde_json::Value;

/// "Schema from a CSV file": the header proposed as the attributes (kept, added, removed),
/// then uploaded as the schema template.
#[component]
pub(super) fn FromHeader(
    sid: StoredValue<String>,
    held: RwSignal<Value>,
    draft: RwSignal<Draft>,
    delimiter: char,
    ro: Signal<bool>,
    say: Callback<(Option<String>, Option<String>)>,
) -> impl IntoView {
    let proposal = RwSignal::new(None::<Result<(String, String, Proposal), String>>);
    let busy = RwSignal::new(false);
    let pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        input.set_value("");
        let name = file.name();
        leptos::task::spawn_local(async move {
            let text = crate::components::download::read_text(&file).await;
            let got = match text {
                None => Err(format!("The browser could not read {name}.")),
                Some(t) => schema_edit::header_proposal(
                    &schema_edit::draft_of(&held.get_untracked()),
                    &t,
                    delimiter,
                )
                .map(|p| (name.clone(), t.lines().next().unwrap_or("").to_string(), p))
                .map_err(|e| format!("{name}: {e} Nothing was sent.")),
            };
            proposal.set(Some(got));
            focus("header-proposal");
        });
    };
    let upload = move |_| {
        let Some(Ok((name, header, p))) = proposal.get_untracked() else {
            return;
        };
        busy.set(true);
        let req = sources::upload_account_template(
            crate::api::generation(),
            &sid.get_value(),
            (&name, &format!("{header}\r\n")),
        );
        leptos::task::spawn_local(async move {
            match crate::api::call_json(req).await {
                Ok((v, _)) => {
                    held.set(v);
                    draft.set(schema_edit::draft_of(&held.get_untracked()));
                    proposal.set(None);
                    say.run((Some(format!("Schema made from {name}: {} kept, {} added, {} removed. {EFFECT}", p.kept.len(), p.added.len(), p.removed.len())), None));
                }
                Err(e) => say.run((None, Some(format!("{} The schema was not changed by this page; the table shows what the page last read.", e.sentence())))),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="field">
            <h3>"Schema from a CSV file"</h3>
            <label for="schema-file">"CSV file whose header names the attributes"</label>
            <input id="schema-file" type="file" accept=".csv,text/csv,text/plain" on:change=pick aria-describedby="schema-file-hint"/>
            <p class="hint" id="schema-file-hint">{format!("Only the header row is read (cells separated by {delimiter}) and uploaded as the schema template: columns that are attributes keep their type, new columns become STRING attributes, attributes no column names are removed.")}</p>
        </div>
        <div id="header-proposal" tabindex="-1">
            {move || proposal.get().map(|p| match p {
                Err(e) => view! { <p role="alert" class="failure">{e}</p> }.into_any(),
                Ok((name, _, p)) => view! {
                    <p>{format!("{name} proposes {}:", isc_core::shown::count(p.columns.len(), "attribute"))}</p>
                    <ul aria-label="What the header does to the schema">
                        <li>{format!("Kept: {}", if p.kept.is_empty() { "none".into() } else { p.kept.join(", ") })}</li>
                        <li>{format!("Added as STRING: {}", if p.added.is_empty() { "none".into() } else { p.added.join(", ") })}</li>
                        <li>{format!("Removed: {}", if p.removed.is_empty() { "none".into() } else { p.removed.join(", ") })}</li>
                    </ul>
                    <button type="button" disabled=move || busy.get() || ro.get() on:click=upload>"Upload as the schema template"</button>
                }.into_any(),
            })}
        </div>
    }
}
