//! One account: status, identity, source, attributes, entitlements and raw JSON; enable,
//! disable, unlock, reload; edit (PUT on flat files, correlation by PATCH anywhere);
//! delete (flat files only, confirmed by typing the name) and remove from ISC.

use super::loaded::{load, read_back, Loaded};
use crate::components::attr_form::{from_value, to_inputs, AttrForm, Typed};
use crate::components::connected::Connected;
use crate::components::page::{focus, navigate_with, Crumbs, Outcome};
use crate::components::show::link_or_text;
use crate::components::show::Show;
use crate::state::tasks::follow;
use isc_core::accounts::{minimal_patch, validate_attributes};
use isc_core::api::accounts::{self, Action};
use isc_core::grid::account_status;
use isc_core::http::ApiRequest;
use isc_core::reconcile::{self, Expect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeMap;

/// The account page.
#[component]
pub fn AccountDetailPage() -> impl IntoView {
    let id = crate::route::id();
    let version = RwSignal::new(0u32);
    // Kept here so the outcome of an action survives the reload that follows it.
    let status = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    // Set by an action that reloads the account: the new view takes focus to its outcome.
    let refocus = RwSignal::new(false);
    view! {
        <Connected>
            {
                // Read once connected: a reload or a new tab on the demo is connected a moment
                // after the page is made, and a read made before would say "not connected".
                let refresh = crate::components::page::Refresh::default();
                let data = crate::components::load::load(move || {
                    version.track();
                    refresh.track();
                    load(id.get())
                });
                move || data.get().map(|r| match r {
                    Err(e) if e.status == 404 && e.path.contains(&id.get_untracked()) => super::gone::gone(&id.get_untracked()),
                    Err(e) => view! { <Crumbs name="Account"/><h1>"Account"</h1><p role="alert" class="failure">{e.sentence()}</p> }.into_any(),
                    Ok(l) => view! { <AccountView loaded=l status=status failure=failure refocus=refocus refresh=refresh reload=Callback::new(move |_| version.update(|v| *v += 1))/> }.into_any(),
                }).unwrap_or_else(|| crate::components::load::loading("Loading account…"))
            }
        </Connected>
    }
}

/// The loaded account with its actions.
#[component]
fn AccountView(
    /// What was loaded.
    loaded: Loaded,
    /// The last action's progress line.
    status: RwSignal<Option<String>>,
    /// The last action's error sentence.
    failure: RwSignal<Option<String>>,
    /// Reloads the account.
    reload: Callback<()>,
    /// Whether this view, made by such a reload, moves focus to the outcome.
    refocus: RwSignal<bool>,
    /// Reads the account again (no write).
    refresh: crate::components::page::Refresh,
) -> impl IntoView {
    if refocus.get_untracked() {
        refocus.set(false);
        focus("acc-outcome");
    }
    let a = loaded.account.clone();
    let id = a["id"].as_str().unwrap_or("").to_string();
    let name = a["name"].as_str().unwrap_or("").to_string();
    let ro = expect_context::<crate::state::session::Session>().read_only();
    // Every write control is off while busy or read-only.
    let busy_sig = RwSignal::new(false);
    let busy = Signal::derive(move || busy_sig.get() || ro.get());
    let unlock_idn = RwSignal::new(false);
    let confirm_delete = RwSignal::new(String::new());
    let show_delete = RwSignal::new(false);
    let show_remove = RwSignal::new(false);

    // Sends one task-returning call, follows the task, then reloads the account. When the
    // outcome is unknown, reads the account back until it shows the call landed or the
    // rounds run out, and says which.
    let run = {
        let id = id.clone();
        // In sentences: marked and isolated for direction.
        let name = isc_core::shown::inline(&name);
        move |label: &'static str, req: ApiRequest, gone: bool, expect: Expect| {
            if busy.get_untracked() {
                return;
            }
            busy_sig.set(true);
            failure.set(None);
            status.set(Some(format!("{label}: sending…")));
            let (id, name) = (id.clone(), name.clone());
            spawn_local(async move {
                match crate::api::call_json(req).await {
                    // A 404 to a delete sent again after a lost answer: it may be the first
                    // one that removed the account.
                    Err(e)
                        if e.outcome_unknown() || (expect == Expect::Gone && e.status == 404) =>
                    {
                        failure.set(Some(e.sentence()));
                        status.set(Some(format!(
                            "{label}: the outcome is unknown; reading the account back…"
                        )));
                        let (held, waited) = read_back(&id, &expect).await;
                        let v = reconcile::on_account(label, &name, held, waited);
                        if gone && v.landed {
                            navigate_with("/accounts", v.sentence);
                        } else {
                            status.set(Some(v.sentence));
                            refocus.set(true);
                            reload.run(());
                        }
                    }
                    Err(e) => {
                        failure.set(Some(e.sentence()));
                        status.set(None);
                        focus("acc-failure");
                    }
                    Ok((v, _)) => {
                        let task = isc_core::api::tasks::task_id_in(&v).unwrap_or_default();
                        status.set(Some(format!("{label}: task {task} running…")));
                        let link = (!gone).then(|| format!("/accounts/{id}"));
                        let out = follow(task.clone(), format!("{label} {name}"), link).await;
                        let said = format!(
                            "{label}: task {task} finished: {}. {}",
                            out.status,
                            out.messages.join(" ")
                        );
                        if gone && out.succeeded {
                            let what = if label == "Delete" {
                                "deleted"
                            } else {
                                "removed from ISC"
                            };
                            navigate_with(
                                "/accounts",
                                format!(
                                    "Account {name} {what} (task {task} finished: {}).",
                                    out.status
                                ),
                            );
                        } else {
                            status.set(Some(said));
                            refocus.set(true);
                            reload.run(());
                        }
                    }
                }
                busy_sig.set(false);
            });
        }
    };
    let disabled = a["disabled"] == true;
    let g = crate::api::generation();
    let act = {
        let run = run.clone();
        let id = id.clone();
        move |action: Action, gone: bool| {
            run(
                action.label(),
                accounts::action(g, &id, action),
                gone,
                Expect::after(action),
            )
        }
    };
    let toggle = {
        let act = act.clone();
        move |_| {
            act(
                if disabled {
                    Action::Enable
                } else {
                    Action::Disable
                },
                false,
            )
        }
    };
    let unlock = {
        let act = act.clone();
        move |_| {
            act(
                Action::Unlock {
                    unlock_idn: unlock_idn.get_untracked(),
                },
                false,
            )
        }
    };
    let reload_acc = {
        let act = act.clone();
        move |_| act(Action::Reload, false)
    };
    let delete = {
        let run = run.clone();
        let id = id.clone();
        let name = name.clone();
        move |_| {
            if confirm_delete.get_untracked() != name {
                return;
            }
            run("Delete", accounts::delete(g, &id), true, Expect::Gone)
        }
    };
    let remove = {
        let act = act.clone();
        move |_| act(Action::Remove, true)
    };

    // Edit: typed values from the current attributes.
    let attrs = a["attributes"].as_object().cloned().unwrap_or_default();
    // Inserted one by one: `collect` into a map sorts first, and each sort is weight in the wasm.
    let mut typed = Typed::new();
    for (k, v) in &attrs {
        typed.insert(k.clone(), from_value(v));
    }
    let values = RwSignal::new(typed);
    let editing = RwSignal::new(false);
    let edit_tried = RwSignal::new(false);
    let schema = loaded.schema.clone();
    let edit_errors = {
        let schema = schema.clone();
        Memo::new(move |_| {
            if !edit_tried.get() {
                return BTreeMap::new();
            }
            match &schema {
                Some(s) => validate_attributes(s, &to_inputs(s, &values.get()))
                    .err()
                    .unwrap_or_default(),
                None => BTreeMap::new(),
            }
        })
    };
    let save = {
        let run = run.clone();
        let schema = schema.clone();
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            edit_tried.set(true);
            let Some(s) = &schema else { return };
            // Keep attributes that are not in the schema as they are; a PUT replaces all.
            let mut in_schema = values.get_untracked();
            in_schema.retain(|k, _| s.attributes.iter().any(|d| &d.name == k));
            let Ok(mut new_attrs) = validate_attributes(s, &to_inputs(s, &in_schema)) else {
                crate::components::page::focus_first_error();
                return;
            };
            for (k, v) in &attrs {
                if !s.attributes.iter().any(|d| &d.name == k) {
                    new_attrs.insert(k.clone(), v.clone());
                }
            }
            let key = &s.identity_attribute;
            if new_attrs.get(key) != attrs.get(key) {
                failure.set(Some(format!("{key} is the account's native identity and cannot change here; nothing was sent.")));
                return;
            }
            if new_attrs == attrs {
                status.set(Some("Nothing changed; nothing sent.".into()));
                focus("acc-outcome");
                return;
            }
            editing.set(false);
            let expect = Expect::Attributes(new_attrs.clone());
            run(
                "Update",
                accounts::replace(g, &id, &new_attrs),
                false,
                expect,
            );
        }
    };
    // Correlation (any source): PATCH identityId + manuallyCorrelated.
    let correlate = {
        let run = run.clone();
        let id = id.clone();
        let original = a["identityId"].as_str().unwrap_or("").to_string();
        move |new_id: String| {
            let new_id = new_id.trim().to_string();
            if !isc_core::source_form::is_hex32(&new_id) {
                failure.set(Some("An identity id is 32 hexadecimal characters.".into()));
                return;
            }
            if new_id == original {
                status.set(Some("Same identity; nothing sent.".into()));
                return;
            }
            let empty = serde_json::Map::new();
            let ops =
                minimal_patch(&empty, &empty, Some((&new_id, true)), false).unwrap_or_default();
            let expect = Expect::Identity(new_id);
            run("Correlate", accounts::patch(g, &id, &ops), false, expect);
        }
    };

    let flat = loaded.flat;
    let source_type = loaded.source_type.clone();
    let raw = crate::text::pretty(&a);
    let name_for_label = name.clone();
    let locked = a["locked"] == true;
    let source_link = link_or_text(
        a["sourceId"].as_str().unwrap_or(""),
        "/sources/",
        format!(
            "{} ({})",
            a["sourceName"].as_str().unwrap_or(""),
            if flat {
                "flat file".to_string()
            } else {
                source_type.clone()
            }
        ),
    );
    let identity_link = link_or_text(
        a["identityId"].as_str().unwrap_or(""),
        "/identities/",
        a["identity"]["name"]
            .as_str()
            .or(a["identityId"].as_str())
            .unwrap_or("uncorrelated")
            .to_string(),
    );
    view! {
        <Crumbs name=format!("Account {}", isc_core::shown::inline(&name))/>
        <crate::components::page::NameHeading raw=name.clone()>{refresh.view()}</crate::components::page::NameHeading>
        <p class="status-line">{crate::components::page::chips(&account_status(&a))}</p>
        <crate::components::read_only::ReadOnlyNotice/>
        <section class="card wide" aria-labelledby="acc-h">
            <h2 id="acc-h">"Account"</h2>
            <dl class="facts">
                <dt>"Id"</dt><dd><code>{id.clone()}</code></dd>
                <dt>"Native identity"</dt><dd><code>{a["nativeIdentity"].as_str().unwrap_or("").to_string()}</code></dd>
                <dt>"Source"</dt><dd>{source_link}</dd>
                <dt>"Identity"</dt><dd>{identity_link}</dd>
                <dt>"Origin"</dt><dd>{a["origin"].as_str().unwrap_or("—").to_string()}</dd>
                <dt>"Enabled"</dt><dd>{if disabled { "no" } else { "yes" }}</dd>
                <dt>"Locked"</dt><dd>{if a["locked"] == true { "yes" } else { "no" }}</dd>
                <dt>"Manually correlated"</dt><dd>{if a["manuallyCorrelated"] == true { "yes" } else { "no" }}</dd>
            </dl>
            <div class="actions" role="group" aria-label="Account actions">
                <button type="button" disabled=move || busy.get() on:click=toggle>{if disabled { "Enable" } else { "Disable" }}</button>
                {locked.then(|| view! {
                    <button type="button" class="secondary" disabled=move || busy.get() on:click=unlock.clone()>"Unlock"</button>
                    <span class="field check">
                        <input id="unlock-idn" type="checkbox" prop:checked=move || unlock_idn.get() on:change=move |ev| unlock_idn.set(event_target_checked(&ev))/>
                        <label for="unlock-idn">"Also unlock the ISC account (unlockIDNAccount)"</label>
                    </span>
                })}
                <button type="button" class="secondary" disabled=move || busy.get() on:click=reload_acc>"Reload"</button>
                <button type="button" class="secondary" disabled=move || busy.get() || !flat on:click=move |_| { editing.set(true); focus("edit-h"); }>"Edit attributes"</button>
                {if flat {
                    view! { <button type="button" class="danger" disabled=busy on:click=move |_| { show_delete.set(true); focus("confirm-name"); }>"Delete…"</button> }.into_any()
                } else {
                    view! { <span class="hint">"Delete is offered only on flat-file (DelimitedFile) sources: the API refuses it here. Edit attributes in the target system and aggregate."</span> }.into_any()
                }}
                <button type="button" class="secondary" id="remove-open" disabled=busy on:click=move |_| { show_remove.set(true); focus("remove-cancel"); }>"Remove from ISC…"</button>
            </div>
            {move || failure.get().map(|f| view! { <p id="acc-failure" tabindex="-1" role="alert" class="failure">{f}</p> })}
            <Outcome id="acc-outcome" text=status/>
            <Show when=move || show_delete.get()>
                <div class="notice" role="group" aria-label="Confirm delete">
                    <p>{format!("Delete deletes the account from the flat-file source in ISC. Type the account's name ({}) to confirm.", isc_core::shown::inline(&name_for_label))}</p>
                    <div class="field"><label for="confirm-name">"Account name"</label>
                        <input id="confirm-name" type="text" prop:value=move || confirm_delete.get() on:input=move |ev| confirm_delete.set(event_target_value(&ev))/></div>
                    <div class="actions">
                        <button type="button" class="danger" disabled={ let n = name.clone(); move || confirm_delete.get() != n || busy.get() } on:click=delete.clone()>"Delete account"</button>
                        <button type="button" class="secondary" on:click=move |_| show_delete.set(false)>"Cancel"</button>
                    </div>
                </div>
            </Show>
            <Show when=move || show_remove.get()>
                <div class="notice" role="group" aria-label="Confirm remove">
                    <p>{format!("Remove from ISC deletes ISC's record of the account ({}) and leaves the target system alone; the next aggregation brings it back if the target still has it.", isc_core::api::call_name(&isc_core::api::accounts::action(crate::api::generation(), "{id}", isc_core::api::accounts::Action::Remove)))}</p>
                    <div class="actions">
                        <button type="button" class="danger" disabled=move || busy.get() on:click=remove.clone()>"Remove from ISC"</button>
                        <button type="button" class="secondary" id="remove-cancel" on:click=move |_| { show_remove.set(false); focus("remove-open"); }>"Cancel"</button>
                    </div>
                </div>
            </Show>
        </section>
        <Show when=move || editing.get()>
            {
                let schema = schema.clone();
                let save = save.clone();
                view! {
                    <form class="card wide" aria-label="Edit attributes" on:submit=save novalidate=true>
                        <h2 id="edit-h" tabindex="-1">"Edit attributes"</h2>
                        <p class="hint">{format!("Flat-file account: saving sends one {} with every attribute.", isc_core::api::call_name(&isc_core::api::accounts::replace(crate::api::generation(), "{id}", &Default::default())))}</p>
                        {schema.map(|s| view! { <AttrForm schema=s values=values errors=edit_errors lock_identity=true/> })}
                        <div class="actions"><button type="submit">"Save"</button><button type="button" class="secondary" on:click=move |_| editing.set(false)>"Cancel"</button></div>
                    </form>
                }
            }
        </Show>
        <super::correlate::CorrelateByHand current=a["identityId"].as_str().unwrap_or("").to_string() busy=busy failure=failure correlate=Callback::new(correlate)/>
        <super::attrs::AttributesAndEntitlements account=a.clone() entitlements=loaded.entitlements.clone() total=loaded.entitlement_total/>
        <details class="card wide"><summary>"Raw JSON"</summary><pre><code>{raw}</code></pre></details>
    }
}
