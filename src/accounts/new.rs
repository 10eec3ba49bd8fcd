//! New account: the form is generated from the source's account schema; nothing is sent
//! until every attribute passes; a plain warning for sources that are not flat files; the
//! returned task is followed and the account it made is opened.

use crate::api::lookups::load_sources;
use crate::components::attr_form::{to_inputs, AttrForm, Typed};
use crate::components::connected::Connected;
use crate::state::tasks::follow;
use isc_core::accounts::{account_schema, check_source_id, validate_attributes, AccountSchema};
use isc_core::api::{accounts, sources};
use isc_core::reconcile::{self, Created};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;

/// The ids of the accounts with this native identity on the source (`None`: the read failed).
async fn find_natives(sid: &str, native: &str) -> Option<Vec<String>> {
    let req = accounts::by_native_identity(crate::api::generation(), sid, native);
    let (list, _) = crate::api::call_json(req).await.ok()?;
    Some(isc_core::api::ids(&list))
}

/// The new-account page.
#[component]
pub fn AccountNewPage() -> impl IntoView {
    view! { <crate::components::page::Crumbs name="New account"/><h1>"New account"</h1><Connected><NewAccount/></Connected> }
}

#[component]
fn NewAccount() -> impl IntoView {
    let ro = expect_context::<crate::state::session::Session>().read_only();
    let query = crate::route::query();
    let sources = crate::components::load::load(load_sources);
    let source_id = RwSignal::new(query.get_untracked().get("source").unwrap_or_default());
    let pasted = RwSignal::new(String::new());
    let source_error = RwSignal::new(None::<String>);
    let schema = RwSignal::new(None::<AccountSchema>);
    let schema_error = RwSignal::new(None::<String>);
    let values = RwSignal::new(Typed::new());
    let tried = RwSignal::new(false);
    let acknowledged = RwSignal::new(false);
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Accounts with the native identity being created: the one already there, or the
    // copies a create made when the browser sent it twice (to open and delete one).
    let twice = RwSignal::new(Vec::<String>::new());

    let flat = move || {
        let id = source_id.get();
        sources
            .get()
            .and_then(|r| r.ok())
            .and_then(|l| l.into_iter().find(|s| s.id == id))
            .map(|s| s.flat_file)
    };
    // Load the schema whenever the source changes.
    Effect::new(move |_| {
        let id = source_id.get();
        schema.set(None);
        values.set(Typed::new());
        tried.set(false);
        acknowledged.set(false);
        if id.is_empty() {
            return;
        }
        spawn_local(async move {
            match crate::api::call_json(sources::schemas(crate::api::generation(), &id)).await {
                Ok((v, _)) => match account_schema(v.as_array().map(|a| a.as_slice()).unwrap_or(&[])) {
                    Some(s) => {
                        schema_error.set(None);
                        schema.set(Some(s));
                    }
                    None => schema_error.set(Some("This source has no account schema, so no account can be checked or created.".into())),
                },
                Err(e) => schema_error.set(Some(e.sentence())),
            }
        });
    });
    let errors = Memo::new(move |_| {
        if !tried.get() {
            return BTreeMap::new();
        }
        match schema.get() {
            Some(s) => validate_attributes(&s, &to_inputs(&s, &values.get()))
                .err()
                .unwrap_or_default(),
            None => BTreeMap::new(),
        }
    });
    let use_pasted = move |_| {
        let p = pasted.get_untracked().trim().to_string();
        let known = sources
            .get_untracked()
            .and_then(|r| r.ok())
            .map(|l| l.iter().any(|s| s.id == p));
        match check_source_id(&p) {
            Err(e) => source_error.set(Some(e)),
            // The picker lists every source: an id it lacks is on no source of this tenant.
            Ok(()) if known == Some(false) => source_error.set(Some(format!(
                "No source with id {p} on this tenant; the source picked above is unchanged."
            ))),
            Ok(()) => {
                source_error.set(None);
                source_id.set(p);
            }
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        failure.set(None);
        let Some(s) = schema.get_untracked() else {
            return;
        };
        let attrs = match validate_attributes(&s, &to_inputs(&s, &values.get_untracked())) {
            Ok(a) => a,
            Err(_) => {
                crate::components::page::focus_first_error();
                return;
            }
        };
        if flat() == Some(false) && !acknowledged.get_untracked() {
            failure.set(Some(
                "Tick the box under the warning first: this source is not a flat file.".into(),
            ));
            crate::components::page::focus("acc-ack");
            return;
        }
        let sid = source_id.get_untracked();
        let native = attrs
            .get(&s.identity_attribute)
            .map(crate::components::attr_form::from_value)
            .unwrap_or_default();
        // In sentences: marked and isolated for direction.
        let who = isc_core::shown::inline(&native);
        busy.set(true);
        status.set(Some(
            "Checking that the source has no such account yet…".into(),
        ));
        twice.set(Vec::new());
        spawn_local(async move {
            let g = crate::api::generation();
            // Read first: an account already there is said now, and an "already exists"
            // after this read can only be this create landing (a browser resend).
            let before = find_natives(&sid, &native).await;
            if let Some(id) = before.as_ref().and_then(|ids| ids.first()) {
                failure.set(Some(format!("An account {who} already exists on this source; nothing was sent. Open it below.")));
                status.set(None);
                twice.set(vec![id.clone()]);
                busy.set(false);
                crate::components::page::focus("new-acc-failure");
                return;
            }
            status.set(Some("Sending…".into()));
            match crate::api::call_json(accounts::create(g, &sid, &attrs)).await {
                Err(e) if e.outcome_unknown() || (before.is_some() && e.already_exists()) => {
                    failure.set(Some(e.sentence()));
                    status.set(Some(format!(
                        "The outcome is unknown: reading {who} back from the source…"
                    )));
                    let (found, waited) =
                        crate::api::read_back::find_created(reconcile::ROUND_MS, || {
                            find_natives(&sid, &native)
                        })
                        .await;
                    let v = found.verdict(&format!("account {who}"), waited);
                    match found {
                        Created::One(id) => {
                            crate::components::page::navigate_with(
                                &format!("/accounts/{id}"),
                                v.sentence,
                            );
                        }
                        Created::Twice(ids) => {
                            status.set(Some(v.sentence));
                            twice.set(ids);
                        }
                        // An "already exists" the read cannot find is the tenant's plain
                        // refusal: its error says it all.
                        Created::Absent if e.status == 400 => status.set(None),
                        Created::Absent => {
                            status.set(Some(format!(
                                "{} Press Create account to send it again.",
                                v.sentence
                            )));
                        }
                    }
                    crate::components::page::focus("new-acc-outcome");
                }
                Err(e) => {
                    failure.set(Some(e.sentence()));
                    status.set(None);
                    crate::components::page::focus("new-acc-failure");
                }
                Ok((v, _)) => {
                    let task = v["id"].as_str().unwrap_or("").to_string();
                    status.set(Some(format!("Accepted: task {task} is running…")));
                    let out = follow(task.clone(), format!("Create account {who}"), None).await;
                    let said = format!(
                        "Create account {who}: task {task} finished: {}. {}",
                        out.status,
                        out.messages.join(" ")
                    );
                    status.set(Some(said.clone()));
                    crate::components::page::focus("new-acc-outcome");
                    if out.succeeded {
                        let req =
                            accounts::by_native_identity(crate::api::generation(), &sid, &native);
                        if let Ok((list, _)) = crate::api::call_json(req).await {
                            if let Some(id) = list
                                .as_array()
                                .and_then(|l| l.first())
                                .and_then(|a| a["id"].as_str())
                            {
                                let href = format!("/accounts/{id}");
                                if let Some(t) = crate::state::tasks::Tasks::global() {
                                    t.set_link(&task, href.clone());
                                }
                                crate::components::page::navigate_with(
                                    &href,
                                    format!(
                                        "Account {who} created (task {task} finished: {}).",
                                        out.status
                                    ),
                                );
                            }
                        }
                    }
                }
            }
            busy.set(false);
        });
    };

    view! {
        <crate::components::read_only::ReadOnlyNotice/>
        <form class="card wide" on:submit=on_submit novalidate=true aria-label="New account">
            <div class="inline">
                <div class="field grow">
                    <label for="acc-source">"Source"</label>
                    <select id="acc-source" prop:value=move || source_id.get() on:change=move |ev| source_id.set(event_target_value(&ev))>
                        <option value="">"— choose —"</option>
                        // The source of `?source=` stays selected once the options arrive.
                        {move || sources.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|s| {
                            let sel = s.id.clone();
                            view! {
                                <option value=s.id selected=move || source_id.get() == sel>{format!("{}{}", isc_core::shown::text(&s.name), if s.flat_file { " (flat file)" } else { "" })}</option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field grow">
                    <label for="acc-source-id">"…or paste a source id"</label>
                    <input id="acc-source-id" type="text" spellcheck="false" aria-describedby="acc-source-id-err"
                        aria-invalid=move || if source_error.get().is_some() { "true" } else { "false" }
                        prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))/>
                </div>
                <button type="button" class="secondary" on:click=use_pasted>"Use this id"</button>
            </div>
            <p id="acc-source-id-err" class="error" role="alert">{move || source_error.get()}</p>
            <p class="hint">"sourceId always comes from the picked source; the old numeric ids of the legacy admin UI do not work."</p>
            {move || schema_error.get().map(|e| view! { <p role="alert" class="failure">{e}</p> })}
            {move || (flat() == Some(true)).then(|| {
                let export = crate::route::href(&format!("/sources/{}/file?export=1", isc_core::http::encode_component(&source_id.get())));
                view! {
                    <section class="notice" role="note" aria-label="What the create call does on a flat file">
                        <p><strong>"The create call makes an account in ISC only:"</strong>" no provisioning, no work item. On a flat file the file stays the truth: the next aggregation of a file that lacks this account removes it. "
                        <a href=export>"Export the accounts as CSV"</a>" and add it to the file before you aggregate."</p>
                    </section>
                }
            })}
            {move || (flat() == Some(false)).then(|| view! {
                <section class="notice" role="note" aria-label="This source is not a flat file">
                    <p><strong>"The create call makes an account in ISC only:"</strong>" it does not create it in the target system (no provisioning, no work item), and the next aggregation from the system removes it unless the system has it too."</p>
                    <div class="field check">
                        <input id="acc-ack" type="checkbox" prop:checked=move || acknowledged.get() on:change=move |ev| acknowledged.set(event_target_checked(&ev))/>
                        <label for="acc-ack">"I understand; record it in ISC anyway"</label>
                    </div>
                </section>
            })}
            {move || schema.get().map(|s| view! {
                <p class="hint">{format!("Fields from the source's {} schema; identity attribute {}, display attribute {}.", s.name, s.identity_attribute, s.display_attribute)}</p>
                <AttrForm schema=s values=values errors=errors/>
            })}
            <p role="status" class="error">{move || errors.with(|e| if e.is_empty() { String::new() } else { format!("{} {} attention; nothing was sent.", isc_core::shown::count(e.len(), "attribute"), if e.len() == 1 { "needs" } else { "need" }) })}</p>
            {move || failure.get().map(|f| view! { <p id="new-acc-failure" tabindex="-1" role="alert" class="failure">{f}</p> })}
            <crate::components::page::Outcome id="new-acc-outcome" text=status/>
            {move || { let ids = twice.get(); (!ids.is_empty()).then(|| view! {
                <ul class="gone" aria-label="Accounts with this native identity">
                    {ids.into_iter().map(|id| { let h = crate::route::href(&format!("/accounts/{id}")); view! { <li><a href=h>{format!("Account {id}")}</a></li> } }).collect_view()}
                </ul>
            }) }}
            <div class="actions">
                <button type="submit" disabled=move || busy.get() || ro.get() || schema.get().is_none()>"Create account"</button>
            </div>
        </form>
    }
}
