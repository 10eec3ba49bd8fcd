//! The account schema on a source's page: shown as a table, edited (add, change, remove an
//! attribute; the identity and display attributes), every change checked before it is sent,
//! reviewed as the fewest JSON Patch operations with curl, sent, and read back; on a flat file,
//! made from a CSV file's header (the schema template upload). New account and the flat-file
//! import read the schema when they open, so they follow it at once.

use super::SCHEMA_EFFECT as EFFECT;
use crate::components::page::focus;
use isc_core::api::sources;
use isc_core::schema_edit::{self, Draft, DraftAttr, TYPES};
use leptos::prelude::*;
use serde_json::Value;

/// The section: the schema and its editor. `schema` is the account schema the page read.
#[component]
pub fn AccountSchema(sid: String, flat: bool, delimiter: char, schema: Value) -> impl IntoView {
    let ro = expect_context::<crate::state::session::Session>().read_only();
    let sid = StoredValue::new(sid);
    let held = RwSignal::new(schema);
    let draft = RwSignal::new(schema_edit::draft_of(&held.get_untracked()));
    let editing = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let review = RwSignal::new(None::<Vec<Value>>);
    let said = crate::components::said::Said::new("schema-outcome", "schema-failure");
    let busy = said.busy;
    let errors = Memo::new(move |_| {
        if tried.get() {
            schema_edit::check(&draft.get())
        } else {
            Default::default()
        }
    });
    let err = move |k: String| errors.with(|e| e.get(&k).cloned());
    let schema_id = move || held.with(|h| h["id"].as_str().unwrap_or("").to_string());
    let request = move |ops: &[Value]| {
        sources::patch_schema(
            crate::api::generation(),
            &sid.get_value(),
            &schema_id(),
            ops,
        )
    };
    let say = move |ok: Option<String>, bad: Option<String>| said.say(ok, bad);
    let on_review = move |_| {
        tried.set(true);
        said.clear();
        if !schema_edit::check(&draft.get_untracked()).is_empty() {
            review.set(None);
            crate::components::page::focus_first_error();
            return;
        }
        let ops = schema_edit::patch(&held.get_untracked(), &draft.get_untracked());
        if ops.is_empty() {
            review.set(None);
            say(
                Some("Nothing to send: the schema is as the tenant holds it.".into()),
                None,
            );
        } else {
            review.set(Some(ops));
            focus("schema-review");
        }
    };
    // Sends the patch; an answer that did not come is settled by reading the schema back.
    let send = move |_| {
        let Some(ops) = review.get_untracked() else {
            return;
        };
        busy.set(true);
        let want = draft.get_untracked();
        let g = crate::api::generation();
        leptos::task::spawn_local(async move {
            let result = crate::api::call_json(request(&ops)).await;
            let read = |v: Value| {
                held.set(v);
                draft.set(schema_edit::draft_of(&held.get_untracked()));
                review.set(None);
                editing.set(false);
                tried.set(false);
            };
            match result {
                Ok((v, _)) => {
                    read(v);
                    say(
                        Some(format!(
                            "Schema saved ({}). {EFFECT}",
                            isc_core::shown::count(ops.len(), "operation")
                        )),
                        None,
                    );
                }
                // Read back after any failure: a lost answer, or a refusal of a repeat the
                // browser sent by itself when a connection dropped (the first one landed).
                Err(e) => {
                    let unknown = e.outcome_unknown();
                    let back =
                        crate::api::call_json(sources::schema(g, &sid.get_value(), &schema_id()))
                            .await;
                    match back {
                        Ok((v, _)) if schema_edit::draft_of(&v) == want => {
                            read(v);
                            let why = if unknown { "the answer was lost".to_string() } else { format!("the tenant answered “{}”", e.sentence()) };
                            say(Some(format!("Schema saved: {why}, but the schema read back holds the change. {EFFECT}")), None);
                        }
                        Ok((v, _)) if unknown => {
                            read(v);
                            say(None, Some(format!("{} Read back: the schema does not hold the change; it shows what the tenant holds. Nothing was sent again.", e.sentence())));
                        }
                        Err(_) if unknown => say(None, Some(format!("{} The schema could not be read back: reload the page before you send it again.", e.sentence()))),
                        _ => say(None, Some(format!("{} Nothing changed.", e.sentence()))),
                    }
                }
            }
        });
    };
    view! {
        <section class="card wide" aria-labelledby="src-schema">
            <h2 id="src-schema">"Account schema"</h2>
            {said.view()}
            {move || (!editing.get()).then(|| schema_table(&held.get()))}
            <div class="actions" hidden=move || editing.get()>
                <button type="button" class="secondary" disabled=move || ro.get()
                    on:click=move |_| { draft.set(schema_edit::draft_of(&held.get_untracked())); editing.set(true); focus("schema-edit-h"); }>"Edit the schema…"</button>
            </div>
            <Show when=move || editing.get()>
                <form class="schema-edit" aria-labelledby="schema-edit-h" novalidate=true on:submit=|ev| ev.prevent_default()>
                    <h3 id="schema-edit-h" tabindex="-1">"Edit the account schema"</h3>
                    <p class="hint">{EFFECT}</p>
                    {move || draft.with(|d| d.attrs.len()).eq(&0).then(|| view! { <p class="hint">"No attribute yet: add them one by one, or make them from a CSV file's header below."</p> })}
                    <For each=move || 0..draft.with(|d| d.attrs.len()) key=move |i| (*i, draft.with(|d| d.attrs.len())) let:i>
                        <AttrRow i=i draft=draft err=Callback::new(move |k: String| err(k))/>
                    </For>
                    <div class="actions">
                        <button type="button" class="secondary" on:click=move |_| {
                            draft.update(|d| d.attrs.push(DraftAttr::string("")));
                            let n = draft.with_untracked(|d| d.attrs.len()) - 1;
                            crate::components::page::focus_by_id(format!("attr-name-{n}"));
                        }>"Add an attribute"</button>
                    </div>
                    <AttrPick id="schema-identity" label="Identity attribute (the account's native identity)" none="(choose)"
                        draft=draft get=|d| d.identity.clone() set=|d, v| d.identity = v err=Signal::derive(move || err("identity".into()))/>
                    <AttrPick id="schema-display" label="Display attribute (the name an account is shown by)" none="(the identity attribute)"
                        draft=draft get=|d| d.display.clone() set=|d, v| d.display = v err=Signal::derive(move || err("display".into()))/>
                    <p role="status" class="error">{move || errors.with(|e| (!e.is_empty()).then(|| format!("{} {} attention; nothing was sent.", isc_core::shown::count(e.len(), "field"), if e.len() == 1 { "needs" } else { "need" })))}</p>
                    <div class="actions">
                        <button type="button" on:click=on_review disabled=move || busy.get()>"Review the change"</button>
                        <button type="button" class="secondary" on:click=move |_| { editing.set(false); review.set(None); tried.set(false); }>"Cancel"</button>
                    </div>
                    {move || review.get().map(|ops| {
                        let req = request(&ops);
                        let curl = crate::api::curl_for(&req);
                        view! {
                            <section id="schema-review" class="review" tabindex="-1" aria-label="The change to send">
                                <p>{format!("{} with {}, as JSON Patch:", isc_core::api::call_name(&req), isc_core::shown::count(ops.len(), "operation"))}</p>
                                <pre class="wrap"><code>{crate::text::pretty(&ops)}</code></pre>
                                <details><summary>"As curl"</summary><pre class="wrap"><code>{curl}</code></pre></details>
                                <div class="actions">
                                    <button type="button" id="schema-send" disabled=move || busy.get() || ro.get() on:click=send>"Save the schema"</button>
                                </div>
                            </section>
                        }
                    })}
                </form>
            </Show>
            {flat.then(|| view! { <super::schema_file::FromHeader sid=sid held=held draft=draft delimiter=delimiter ro=ro say=Callback::new(move |(ok, bad): (Option<String>, Option<String>)| say(ok, bad))/> })}
        </section>
    }
}

/// The schema as the tenant holds it.
fn schema_table(s: &Value) -> AnyView {
    let attrs = s["attributes"].as_array().cloned().unwrap_or_default();
    if attrs.is_empty() {
        return view! { <p>"This schema has no attributes yet, so no account can be created or imported on this source. Define them: edit the schema, or make it from a CSV file's header."</p> }.into_any();
    }
    view! {
        <dl class="facts">
            <dt>"Identity attribute"</dt><dd><code>{s["identityAttribute"].as_str().unwrap_or("—").to_string()}</code></dd>
            <dt>"Display attribute"</dt><dd><code>{s["displayAttribute"].as_str().unwrap_or("—").to_string()}</code></dd>
        </dl>
        <crate::components::table::ScrollTable label="Account schema attributes" caption="Account schema attributes" headers=&["Attribute", "Type", "Multi-valued", "Entitlement", "Description"]>
                {attrs.into_iter().map(|a| view! {
                    <tr>
                        <td><code>{a["name"].as_str().unwrap_or("").to_string()}</code></td>
                        <td>{a["type"].as_str().unwrap_or("").to_string()}</td>
                        <td>{if a["isMulti"] == true { "yes" } else { "no" }}</td>
                        <td>{if a["isEntitlement"] == true { "yes" } else { "no" }}</td>
                        <td>{a["description"].as_str().unwrap_or("").to_string()}</td>
                    </tr>
                }).collect_view()}
        </crate::components::table::ScrollTable>
    }
    .into_any()
}

/// A choice of one of the draft's attributes (the identity or the display attribute), with its
/// message beside it.
#[component]
fn AttrPick(
    id: &'static str,
    label: &'static str,
    none: &'static str,
    draft: RwSignal<Draft>,
    get: fn(&Draft) -> String,
    set: fn(&mut Draft, String),
    err: Signal<Option<String>>,
) -> impl IntoView {
    let err_id = format!("{id}-err");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id prop:value=move || draft.with(get)
                aria-invalid=move || if err.get().is_some() { "true" } else { "false" } aria-describedby=err_id.clone()
                on:change=move |ev| draft.update(|d| set(d, event_target_value(&ev)))>
                <option value="">{none}</option>
                {move || draft.with(|d| d.attrs.iter().filter(|a| !a.name.is_empty()).map(|a| { let n = a.name.clone(); view! { <option value=n.clone()>{n.clone()}</option> } }).collect_view())}
            </select>
            <p id=err_id class="error">{move || err.get()}</p>
        </div>
    }
}

/// One attribute's fields in the editor.
#[component]
fn AttrRow(
    i: usize,
    draft: RwSignal<Draft>,
    err: Callback<String, Option<String>>,
) -> impl IntoView {
    let get = move |f: fn(&DraftAttr) -> String| {
        move || draft.with(|d| d.attrs.get(i).map(f).unwrap_or_default())
    };
    let set = move |f: fn(&mut DraftAttr, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            draft.update(|d| {
                if let Some(a) = d.attrs.get_mut(i) {
                    f(a, v)
                }
            })
        }
    };
    let flag = move |f: fn(&mut DraftAttr, bool)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_checked(&ev);
            draft.update(|d| {
                if let Some(a) = d.attrs.get_mut(i) {
                    f(a, v)
                }
            })
        }
    };
    let name_err = move || err.run(format!("name-{i}"));
    let type_err = move || err.run(format!("type-{i}"));
    let ent_err = move || err.run(format!("entitlement-{i}"));
    let label = move || {
        draft.with(|d| {
            d.attrs
                .get(i)
                .map(|a| {
                    if a.name.is_empty() {
                        format!("attribute {}", i + 1)
                    } else {
                        a.name.clone()
                    }
                })
                .unwrap_or_default()
        })
    };
    view! {
        <fieldset class="attr-row">
            <legend>{move || format!("Attribute {}", i + 1)}</legend>
            <div class="field">
                <label for=format!("attr-name-{i}")>"Name"</label>
                <input id=format!("attr-name-{i}") type="text" prop:value=get(|a| a.name.clone()) on:input=set(|a, v| a.name = v)
                    aria-invalid=move || if name_err().is_some() { "true" } else { "false" } aria-describedby=format!("attr-name-{i}-err")/>
                <p id=format!("attr-name-{i}-err") class="error">{name_err}</p>
            </div>
            <div class="field">
                <label for=format!("attr-type-{i}")>"Type"</label>
                <select id=format!("attr-type-{i}") prop:value=get(|a| a.kind.clone()) on:change=set(|a, v| a.kind = v)
                    aria-invalid=move || if type_err().is_some() { "true" } else { "false" } aria-describedby=format!("attr-type-{i}-err")>
                    {TYPES.map(|t| view! { <option value=t>{t}</option> })}
                </select>
                <p id=format!("attr-type-{i}-err") class="error">{type_err}</p>
            </div>
            <div class="field check">
                <input id=format!("attr-multi-{i}") type="checkbox" prop:checked=move || draft.with(|d| d.attrs.get(i).is_some_and(|a| a.multi)) on:change=flag(|a, v| a.multi = v)/>
                <label for=format!("attr-multi-{i}")>"Multi-valued"</label>
            </div>
            <div class="field check">
                <input id=format!("attr-ent-{i}") type="checkbox" prop:checked=move || draft.with(|d| d.attrs.get(i).is_some_and(|a| a.entitlement)) on:change=flag(|a, v| a.entitlement = v)
                    aria-invalid=move || if ent_err().is_some() { "true" } else { "false" } aria-describedby=format!("attr-ent-{i}-err")/>
                <label for=format!("attr-ent-{i}")>"Entitlement"</label>
                <p id=format!("attr-ent-{i}-err") class="error">{ent_err}</p>
            </div>
            <div class="field grow">
                <label for=format!("attr-desc-{i}")>"Description"</label>
                <input id=format!("attr-desc-{i}") type="text" prop:value=get(|a| a.description.clone()) on:input=set(|a, v| a.description = v)/>
            </div>
            <button type="button" class="secondary small" aria-label=move || format!("Remove {}", label())
                on:click=move |_| draft.update(|d| { if i < d.attrs.len() { d.attrs.remove(i); } })>"Remove"</button>
        </fieldset>
    }
}
