//! The create-source form: every field checked in isc-core, the exact request shown before it
//! is sent, and the tenant's answer shown beside the form with everything typed kept.

use crate::components::connected::Connected;
use crate::components::field::TextField;
use crate::components::show::Show;
use isc_core::api::{clusters, connectors, workgroups, ListQuery};
use isc_core::reconcile::{self, Created};
use isc_core::source_form::{build_request, validate, ConnectorChoice, SourceForm};
use isc_core::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

/// The ids of the sources named `name` (`None`: the read failed).
async fn sources_named(name: &str) -> Option<Vec<String>> {
    let req = isc_core::api::sources::by_name(crate::api::generation(), name);
    let (list, _) = crate::api::call_json(req).await.ok()?;
    Some(
        list.as_array()
            .map(|l| {
                l.iter()
                    .filter(|s| {
                        s["name"]
                            .as_str()
                            .is_some_and(|n| n.eq_ignore_ascii_case(name))
                    })
                    .filter_map(|s| s["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
    )
}

/// The create-source page.
#[component]
pub fn SourceNewPage() -> impl IntoView {
    view! {
        <crate::components::page::Crumbs name="New source"/>
        <h1>"New source"</h1>
        <Connected>
            <SourceCreate/>
        </Connected>
    }
}

/// The form itself.
#[component]
pub fn SourceCreate() -> impl IntoView {
    let ro = expect_context::<crate::state::session::Session>().read_only();
    let form = RwSignal::new(SourceForm {
        delete_threshold: "10".into(),
        ..Default::default()
    });
    let tried = RwSignal::new(false);
    let review = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    // What a read of the tenant said around the create: the name already taken, or what a
    // create whose answer was lost left behind (and the source to open).
    let reconciled = RwSignal::new(None::<(String, Option<String>)>);
    let errors = Memo::new(move |_| validate(&form.get()));
    let err = move |k: &'static str| {
        Signal::derive(move || {
            if tried.get() {
                errors.with(|e| e.get(k).cloned())
            } else {
                None
            }
        })
    };
    let field = move |get, set| crate::components::field::bind(form, get, set);

    // Lookups for the pickers.
    let connectors = crate::components::load::load(|| {
        crate::api::get_all(connectors::list(
            crate::api::generation(),
            &ListQuery::new(),
        ))
    });
    let clusters = crate::components::load::load(|| {
        crate::api::get_all(clusters::list(crate::api::generation(), &ListQuery::new()))
    });
    let workgroups = crate::components::load::load(|| {
        crate::api::get_all(workgroups::list(
            crate::api::generation(),
            &ListQuery::new().sorters("name"),
        ))
    });
    let connector_filter = RwSignal::new(String::new());
    let on_review = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        failure.set(None);
        if errors.with_untracked(|e| e.is_empty()) {
            review.set(true);
            crate::components::page::focus("review");
        } else {
            review.set(false);
            // Focus the first field with a message.
            request_animation_frame(move || {
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.query_selector("[aria-invalid=true]").ok().flatten())
                {
                    use wasm_bindgen::JsCast;
                    let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            });
        }
    };
    let send = move |_| {
        if !errors.with_untracked(|e| e.is_empty()) || sending.get_untracked() {
            return;
        }
        sending.set(true);
        reconciled.set(None);
        let req = build_request(crate::api::generation(), &form.get_untracked());
        let (method, path) = (req.method, req.path.clone());
        let name = form.with_untracked(|f| f.name.trim().to_string());
        spawn_local(async move {
            // Read first: a name already taken is said now, and an "already exists" after
            // this read can only be this create landing (a browser resend).
            let before = sources_named(&name).await;
            if let Some(id) = before.as_ref().and_then(|l| l.first()) {
                sending.set(false);
                review.set(false);
                reconciled.set(Some((format!("A source named {name} already exists on this tenant; nothing was sent. Pick another name, or open it:"), Some(id.clone()))));
                return;
            }
            // A success whose body holds no source id is as unknown as no answer.
            let r = crate::api::call(req).await.and_then(|resp| {
                let has_id = serde_json::from_str::<Value>(&resp.body)
                    .ok()
                    .is_some_and(|v| v["id"].is_string());
                if has_id {
                    Ok(resp)
                } else {
                    Err(ApiError::malformed(
                        method,
                        &path,
                        &resp,
                        "the answer has no source id",
                    ))
                }
            });
            let unknown =
                |e: &ApiError| e.outcome_unknown() || (before.is_some() && e.already_exists());
            let r = match r {
                Err(e) if unknown(&e) => {
                    reconciled.set(Some((
                        format!("The outcome is unknown: reading source {name} back…"),
                        None,
                    )));
                    // A source is made by the call itself (no task): half the wait.
                    let (found, waited) =
                        crate::api::read_back::find_created(reconcile::ROUND_MS / 2, || {
                            sources_named(&name)
                        })
                        .await;
                    let v = found.verdict(&format!("source {name}"), waited);
                    match found {
                        Created::One(id) => {
                            sending.set(false);
                            crate::components::page::navigate_with(
                                &format!("/sources/{id}"),
                                v.sentence,
                            );
                            return;
                        }
                        Created::Twice(ids) => {
                            sending.set(false);
                            review.set(false);
                            reconciled.set(Some((v.sentence, ids.first().cloned())));
                            return;
                        }
                        Created::Absent => {
                            // An "already exists" the read cannot find is the tenant's plain
                            // refusal (its rule, not this call landing): its error says it all.
                            let refused = e.status == 400;
                            reconciled.set((!refused).then_some((v.sentence, None)));
                            Err(e)
                        }
                    }
                }
                other => other,
            };
            sending.set(false);
            match r {
                Ok(resp) => {
                    let id = serde_json::from_str::<Value>(&resp.body)
                        .ok()
                        .and_then(|v| v["id"].as_str().map(str::to_string));
                    let name = form.with_untracked(|f| f.name.trim().to_string());
                    if let Some(id) = id {
                        crate::components::page::navigate_with(
                            &format!("/sources/{id}"),
                            format!("Source {} created.", isc_core::shown::inline(&name)),
                        );
                    }
                }
                Err(e) => {
                    review.set(false);
                    failure.set(Some(e));
                }
            }
        });
    };

    let preview = Memo::new(move |_| build_request(crate::api::generation(), &form.get()));
    let (name, set_name) = field(|f| f.name.clone(), |f, v| f.name = v);
    let (desc, set_desc) = field(|f| f.description.clone(), |f, v| f.description = v);
    let (owner_id, set_owner_id) = field(
        |f| f.owner_id.clone(),
        |f, v| {
            f.owner_id = v;
            f.owner_name.clear();
        },
    );
    let (threshold, set_threshold) = field(
        |f| f.delete_threshold.clone(),
        |f, v| f.delete_threshold = v,
    );
    let (attrs, set_attrs) = field(
        |f| f.connector_attributes.clone(),
        |f, v| f.connector_attributes = v,
    );
    let (m_acc, set_m_acc) = field(
        |f| f.manager_account_attribute.clone(),
        |f, v| f.manager_account_attribute = v,
    );
    let (m_id, set_m_id) = field(
        |f| f.manager_identity_attribute.clone(),
        |f, v| f.manager_identity_attribute = v,
    );
    let (cc, set_cc) = field(
        |f| f.correlation_config_id.clone(),
        |f, v| f.correlation_config_id = v,
    );
    let (cr, set_cr) = field(
        |f| f.correlation_rule_id.clone(),
        |f, v| f.correlation_rule_id = v,
    );
    let (mr, set_mr) = field(
        |f| f.manager_correlation_rule_id.clone(),
        |f, v| f.manager_correlation_rule_id = v,
    );
    let (bp, set_bp) = field(
        |f| f.before_provisioning_rule_id.clone(),
        |f, v| f.before_provisioning_rule_id = v,
    );

    let connector_value = move || match form.with(|f| f.connector.clone()) {
        ConnectorChoice::None => String::new(),
        ConnectorChoice::DelimitedFile => "__csv".into(),
        ConnectorChoice::Connector { script_name, .. } => script_name,
    };
    let on_connector = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        let choice = if v.is_empty() {
            ConnectorChoice::None
        } else if v == "__csv" {
            ConnectorChoice::DelimitedFile
        } else {
            let c = connectors
                .get()
                .and_then(|r| r.ok())
                .and_then(|l| l.into_iter().find(|c| c["scriptName"] == v.as_str()));
            match c {
                Some(c) => ConnectorChoice::Connector {
                    script_name: v,
                    name: c["name"].as_str().unwrap_or("").into(),
                    kind: c["type"].as_str().unwrap_or("").into(),
                },
                None => ConnectorChoice::None,
            }
        };
        form.update(|f| f.connector = choice);
    };

    view! {
        <crate::components::read_only::ReadOnlyNotice/>
        <div class="create">
        <form class="card wide" on:submit=on_review novalidate=true aria-label="New source">
            <p class="hint">"Fields marked * are required."</p>
            <TextField id="src-name" label="Name" required=true value=name set=set_name error=err("name") hint="Required, at most 128 characters."/>
            <TextField id="src-description" label="Description" value=desc set=set_desc error=Signal::derive(|| None::<String>)/>

            <fieldset>
                <legend>"Owner"<span class="req" aria-hidden="true">" *"</span></legend>
                <super::fields::OwnerSearch pick=Callback::new(move |(id, name): (String, String)| form.update(|f| { f.owner_id = id; f.owner_name = name; }))/>
                <TextField id="src-owner" label="Owner identity id" required=true value=owner_id set=set_owner_id error=err("owner")
                    hint="Filled in when you pick an identity above; or paste a 32-hex identity id."/>
                <p class="hint" role="status">{move || form.with(|f| if f.owner_name.is_empty() { String::new() } else { format!("Owner: {}", f.owner_name) })}</p>
            </fieldset>

            <fieldset>
                <legend>"Connector"<span class="req" aria-hidden="true">" *"</span></legend>
                <div class="field">
                    <label for="connector-filter">"Filter connectors"</label>
                    <input id="connector-filter" type="search" prop:value=move || connector_filter.get() on:input=move |ev| connector_filter.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="src-connector">"Connector"</label>
                    <select id="src-connector" aria-required="true" aria-describedby="src-connector-err"
                        aria-invalid=move || if err("connector").get().is_some() { "true" } else { "false" }
                        prop:value=connector_value on:change=on_connector>
                        <option value="">"— choose —"</option>
                        <option value="__csv">"Delimited file (CSV): sends provisionAsCsv=true"</option>
                        {move || {
                            let f = crate::text::fold(&connector_filter.get());
                            connectors.get().and_then(|r| r.ok()).unwrap_or_default().into_iter()
                                .filter(|c| c["scriptName"] != "delimited-file")
                                .filter(|c| f.is_empty() || crate::text::fold(c["name"].as_str().unwrap_or("")).contains(&f))
                                .map(|c| {
                                    let v = c["scriptName"].as_str().unwrap_or("").to_string();
                                    let label = format!("{} — {} · {}", c["name"].as_str().unwrap_or(""), c["type"].as_str().unwrap_or(""), if c["directConnect"] == true { "direct connect" } else { "file" });
                                    view! { <option value=v>{label}</option> }
                                }).collect_view()
                        }}
                    </select>
                    <p id="src-connector-err" class="error">{move || err("connector").get()}</p>
                </div>
            </fieldset>

            <div class="inline">
                <div class="field grow">
                    <label for="src-cluster">"Cluster (optional)"</label>
                    <select id="src-cluster" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let name = clusters.get().and_then(|r| r.ok()).and_then(|l| l.into_iter().find(|c| c["id"] == v.as_str())).and_then(|c| c["name"].as_str().map(str::to_string)).unwrap_or_default();
                        form.update(|f| { f.cluster_id = v; f.cluster_name = name; });
                    }>
                        <option value="">"none"</option>
                        {move || clusters.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|c| view! {
                            <option value=c["id"].as_str().unwrap_or("").to_string()>{c["name"].as_str().unwrap_or("").to_string()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field grow">
                    <label for="src-workgroup">"Management workgroup (optional)"</label>
                    <select id="src-workgroup" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let name = workgroups.get().and_then(|r| r.ok()).and_then(|l| l.into_iter().find(|c| c["id"] == v.as_str())).and_then(|c| c["name"].as_str().map(str::to_string)).unwrap_or_default();
                        form.update(|f| { f.workgroup_id = v; f.workgroup_name = name; });
                    }>
                        <option value="">"none"</option>
                        {move || workgroups.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|c| view! {
                            <option value=c["id"].as_str().unwrap_or("").to_string()>{c["name"].as_str().unwrap_or("").to_string()}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>

            <super::fields::FeatureChecks features=Signal::derive(move || form.with(|f| f.features.clone()))
                set=Callback::new(move |(feat, on): (String, bool)| form.update(|f| { f.features.retain(|x| *x != feat); if on { f.features.push(feat); } }))/>
            <div class="inline">
                <TextField id="src-threshold" label="Delete threshold (%)" kind="number" value=threshold set=set_threshold error=err("delete_threshold") hint="0–100: skip the delete phase of an aggregation that would remove more than this share of accounts."/>
                <div class="field check">
                    <input id="src-authoritative" type="checkbox" prop:checked=move || form.with(|f| f.authoritative)
                        on:change=move |ev| { let on = event_target_checked(&ev); form.update(|f| f.authoritative = on); }/>
                    <label for="src-authoritative">"Authoritative"</label>
                </div>
            </div>
            <TextField id="src-attributes" label="Connector attributes (JSON object)" kind="textarea" value=attrs set=set_attrs error=err("connector_attributes")
                hint="Connector-specific settings, e.g. { \"delimiter\": \",\", \"hasHeader\": true }."/>
            <details>
                <summary>"Advanced: correlation and rules"</summary>
                <TextField id="src-mgr-account" label="Manager correlation: account attribute" value=m_acc set=set_m_acc error=err("manager_correlation")/>
                <TextField id="src-mgr-identity" label="Manager correlation: identity attribute" value=m_id set=set_m_id error=Signal::derive(|| None::<String>)/>
                <TextField id="src-corr-config" label="Account correlation config id" value=cc set=set_cc error=err("correlation_config")/>
                <TextField id="src-corr-rule" label="Account correlation rule id" value=cr set=set_cr error=err("correlation_rule")/>
                <TextField id="src-mgr-rule" label="Manager correlation rule id" value=mr set=set_mr error=err("manager_correlation_rule")/>
                <TextField id="src-bp-rule" label="Before-provisioning rule id" value=bp set=set_bp error=err("before_provisioning_rule")/>
            </details>
            <p role="status" class="error">{move || if tried.get() && !errors.with(|e| e.is_empty()) { { let n = errors.with(|e| e.len()); format!("{} {} attention; nothing was sent.", isc_core::shown::count(n, "field"), if n == 1 { "needs" } else { "need" }) } } else { String::new() }}</p>
            <div class="actions">
                <button type="submit">"Review request"</button>
            </div>
            <Show when=move || review.get()>
                <section class="review" id="review" tabindex="-1" aria-labelledby="preview-h">
                    <h2 id="preview-h">"Request to send"</h2>
                    <pre class="wrap"><code>{move || { let r = preview.get(); format!("{} {}\nContent-Type: application/json\n\n{}", r.method, crate::api::url_for(&r),
                        r.body.as_deref().map(crate::text::pretty_json).unwrap_or_default()) }}</code></pre>
                    <div class="actions">
                        <button type="button" on:click=send disabled=move || sending.get() || ro.get()>{move || if sending.get() { "Creating…" } else { "Create source" }}</button>
                        <crate::components::page::CopyButton text=Callback::new(move |_| crate::api::curl_for(&preview.get_untracked()))/>
                        <button type="button" class="secondary" on:click=move |_| review.set(false)>"Back to the form"</button>
                    </div>
                </section>
            </Show>
        </form>
        <aside class="side">
            {move || reconciled.get().map(|(t, id)| view! {
                <section class="card notice" role="status" aria-label="What the tenant holds">
                    <p>{t}</p>
                    {id.map(|id| { let h = crate::route::href(&format!("/sources/{id}")); view! { <p><a href=h>{format!("Source {id}")}</a></p> } })}
                </section>
            })}
            {move || failure.get().map(|e| view! {
                <section class="card failure-card" role="alert" aria-label="The source was not created">
                    <h2>{if e.status == 0 { "No answer from the tenant".to_string() } else { format!("The tenant answered {}", e.status) }}</h2>
                    <p>{e.sentence()}</p>
                    <dl class="facts">
                        <dt>"Detail code"</dt><dd>{e.detail_code.clone().unwrap_or_else(|| "—".into())}</dd>
                        <dt>"Tracking id"</dt><dd><code>{e.tracking_id.clone().unwrap_or_else(|| "—".into())}</code></dd>
                    </dl>
                    <ul>{e.messages.iter().chain(e.causes.iter()).map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
                    <p class="hint">"Everything you typed is kept; correct it and review again."</p>
                </section>
            })}
        </aside>
        </div>
    }
}
