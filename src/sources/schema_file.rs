//! A flat file's schema made from a CSV file's header: the header proposed as the attributes
//! (kept, added, removed), then uploaded as the schema template: the account schema's
//! (`…/schemas/accounts`) or the entitlement schema's (`…/schemas/entitlements`).

use super::SCHEMA_EFFECT as EFFECT;
use crate::components::page::focus;
use isc_core::api::sources;
use isc_core::schema_edit::{self, Draft, Proposal};
use leptos::prelude::*;
use serde_json::Value;

/// Which template a header is uploaded as.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Template {
    Accounts,
    Entitlements,
}

impl Template {
    /// (heading, label, input id, proposal id, button, what the schema is called).
    fn words(self) -> [&'static str; 6] {
        match self {
            Template::Accounts => [
                "Schema from a CSV file",
                "CSV file whose header names the attributes",
                "schema-file",
                "header-proposal",
                "Upload as the schema template",
                "Schema",
            ],
            Template::Entitlements => [
                "Entitlement attributes from a CSV header",
                "CSV file whose header names the entitlement attributes",
                "ent-schema-file",
                "ent-header-proposal",
                "Upload as the entitlement template",
                "Entitlement schema",
            ],
        }
    }
}

/// "Schema from a CSV file": the header proposed as the attributes (kept, added, removed),
/// then uploaded as the schema template. A lost answer is settled by reading the schema back.
#[component]
pub(super) fn FromHeader(
    sid: StoredValue<String>,
    /// The schema as the tenant holds it (the account schema, or the entitlement schema).
    held: RwSignal<Value>,
    /// The account schema editor's draft, made anew after an upload.
    #[prop(optional)]
    draft: Option<RwSignal<Draft>>,
    delimiter: char,
    ro: Signal<bool>,
    say: Callback<(Option<String>, Option<String>)>,
    #[prop(default = Template::Accounts)] kind: Template,
) -> impl IntoView {
    let [heading, label, input_id, proposal_id, button, what] = kind.words();
    let hint_id = format!("{input_id}-hint");
    let effect = match kind {
        Template::Accounts => EFFECT,
        Template::Entitlements => "An entitlements file is read against it from now on; the entitlements ISC holds keep their values until the next load.",
    };
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
            focus(proposal_id);
        });
    };
    let upload = move |_| {
        let Some(Ok((name, header, p))) = proposal.get_untracked() else {
            return;
        };
        busy.set(true);
        let g = crate::api::generation();
        let file = (name.as_str(), format!("{header}\r\n"));
        let sid = sid.get_value();
        let req = match kind {
            Template::Accounts => {
                sources::upload_account_template(g, &sid, (file.0, file.1.as_str()))
            }
            Template::Entitlements => sources::upload_entitlement_template(
                g,
                &sid,
                held.with_untracked(|h| h["name"].as_str().unwrap_or("group").to_string())
                    .as_str(),
                (file.0, file.1.as_str()),
            ),
        };
        let made = move |v: Value, lead: &str| {
            held.set(v);
            if let Some(d) = draft {
                d.set(schema_edit::draft_of(&held.get_untracked()));
            }
            proposal.set(None);
            say.run((
                Some(format!(
                    "{lead}{what} made from {name}: {} kept, {} added, {} removed. {effect}",
                    p.kept.len(),
                    p.added.len(),
                    p.removed.len()
                )),
                None,
            ));
        };
        leptos::task::spawn_local(async move {
            match crate::api::call_json(req).await {
                Ok((v, _)) => made(v, ""),
                Err(e) if e.outcome_unknown() => {
                    // Read the schema back: it holds the header's columns, or it does not.
                    let id = held.with_untracked(|h| h["id"].clone());
                    let back = crate::api::call_json(sources::schemas(g, &sid))
                        .await
                        .ok()
                        .and_then(|(l, _)| l.as_array()?.iter().find(|s| s["id"] == id).cloned());
                    match back {
                        Some(s) if schema_edit::draft_of(&s).attrs.iter().map(|a| &a.name).eq(p.columns.iter()) => {
                            made(s, "The answer was lost, but the schema read back holds the upload. ")
                        }
                        Some(s) => {
                            held.set(s);
                            say.run((None, Some(format!("{} Read back: the schema does not hold the upload; it shows what the tenant holds. Nothing was sent again.", e.sentence()))));
                        }
                        None => say.run((None, Some(format!("{} The schema could not be read back: reload the page before you upload it again.", e.sentence())))),
                    }
                }
                Err(e) => say.run((None, Some(format!("{} The schema was not changed by this page; the page shows what it last read.", e.sentence())))),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="field">
            <h3>{heading}</h3>
            <label for=input_id>{label}</label>
            <input id=input_id type="file" accept=".csv,text/csv,text/plain" on:change=pick aria-describedby=hint_id.clone()/>
            <p class="hint" id=hint_id>{format!("Only the header row is read (cells separated by {delimiter}) and uploaded as the template: columns that are attributes keep their type, new columns become STRING attributes, attributes no column names are removed.")}</p>
        </div>
        <div id=proposal_id tabindex="-1">
            {move || proposal.get().map(|p| match p {
                Err(e) => view! { <p role="alert" class="failure">{e}</p> }.into_any(),
                Ok((name, _, p)) => view! {
                    <p>{format!("{name} proposes {}:", isc_core::shown::count(p.columns.len(), "attribute"))}</p>
                    <ul aria-label=format!("What the header does to the {}", what.to_lowercase())>
                        <li>{format!("Kept: {}", if p.kept.is_empty() { "none".into() } else { p.kept.join(", ") })}</li>
                        <li>{format!("Added as STRING: {}", if p.added.is_empty() { "none".into() } else { p.added.join(", ") })}</li>
                        <li>{format!("Removed: {}", if p.removed.is_empty() { "none".into() } else { p.removed.join(", ") })}</li>
                    </ul>
                    <button type="button" disabled=move || busy.get() || ro.get() on:click=upload>{button}</button>
                }.into_any(),
            })}
        </div>
    }
}
