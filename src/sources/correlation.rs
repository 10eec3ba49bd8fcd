//! A source's account correlation on its page: the pairs (identity attribute ↔ account
//! attribute) ISC tries when an aggregation looks for an account's identity, edited with the
//! identity attributes the tenant lists and the source's account schema, checked beside each
//! field (`isc_core::correlation`), reviewed as the `PUT` with curl, sent, and read back after
//! any failure; a link to the accounts still uncorrelated.

use crate::components::page::focus;
use isc_core::api::{identity_attributes, sources};
use isc_core::correlation::{self, Pair};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

/// The section. `account_attrs` are the names of the source's account schema.
#[component]
pub fn Correlation(sid: String, account_attrs: Vec<String>) -> impl IntoView {
    let ro = expect_context::<crate::state::session::Session>().read_only();
    let sid = StoredValue::new(sid);
    let account_attrs = StoredValue::new(account_attrs);
    let held = RwSignal::new(None::<Result<Value, String>>);
    let identity_attrs = RwSignal::new(Vec::<(String, String)>::new());
    let draft = RwSignal::new(Vec::<Pair>::new());
    let editing = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let review = RwSignal::new(None::<Value>);
    let said = crate::components::said::Said::new("corr-outcome", "corr-failure");
    let busy = said.busy;
    let g = crate::api::generation;
    spawn_local(async move {
        let r = crate::api::call_json(sources::correlation_config(g(), &sid.get_value())).await;
        held.set(Some(r.map(|(v, _)| v).map_err(|e| e.sentence())));
    });
    spawn_local(async move {
        if let Ok((v, _)) = crate::api::call_json(identity_attributes::list(g())).await {
            let mut list: Vec<(String, String)> = v
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|a| {
                    let n = a["name"].as_str()?.to_string();
                    Some((
                        n.clone(),
                        a["displayName"].as_str().unwrap_or(&n).to_string(),
                    ))
                })
                .collect();
            list.sort();
            identity_attrs.set(list);
        }
    });
    let known =
        move || identity_attrs.with(|l| l.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>());
    let errors = Memo::new(move |_| {
        if tried.get() {
            account_attrs.with_value(|a| correlation::check(&draft.get(), a, &known()))
        } else {
            Default::default()
        }
    });
    let err = move |k: String| errors.with(|e| e.get(&k).cloned());
    let config =
        move || held.with_untracked(|h| h.clone().and_then(Result::ok).unwrap_or_default());
    let say = move |ok: Option<String>, bad: Option<String>| said.say(ok, bad);
    let on_review = move |_| {
        tried.set(true);
        said.clear();
        let d = draft.get_untracked();
        if !account_attrs
            .with_value(|a| correlation::check(&d, a, &known()))
            .is_empty()
        {
            review.set(None);
            crate::components::page::focus_first_error();
            return;
        }
        if correlation::pairs_of(&config()) == d {
            review.set(None);
            say(
                Some("Nothing to send: the correlation is as the tenant holds it.".into()),
                None,
            );
            return;
        }
        review.set(Some(correlation::body(&config(), &d)));
        focus("corr-review");
    };
    let send = move |_| {
        let Some(body) = review.get_untracked() else {
            return;
        };
        busy.set(true);
        let want = draft.get_untracked();
        spawn_local(async move {
            let read = |v: Value| {
                draft.set(correlation::pairs_of(&v));
                held.set(Some(Ok(v)));
                review.set(None);
                editing.set(false);
                tried.set(false);
            };
            let done = "ISC tries these pairs at the next aggregation of this source, for every account not yet correlated.";
            match crate::api::call_json(sources::put_correlation_config(
                g(),
                &sid.get_value(),
                &body,
            ))
            .await
            {
                Ok((v, _)) => {
                    read(v);
                    say(Some(format!("Correlation saved. {done}")), None);
                }
                Err(e) => {
                    // PUT replaces the whole config: read back whatever the failure was.
                    match crate::api::call_json(sources::correlation_config(g(), &sid.get_value())).await {
                        Ok((v, _)) if correlation::pairs_of(&v) == want => {
                            read(v);
                            say(Some(format!("Correlation saved: the tenant answered “{}”, but the config read back holds the change. {done}", e.sentence())), None);
                        }
                        Ok((v, _)) => {
                            held.set(Some(Ok(v)));
                            say(None, Some(format!("{} Read back: the tenant holds the correlation shown above; what you typed is kept.", e.sentence())));
                        }
                        Err(_) => say(None, Some(format!("{} The correlation could not be read back: reload the page before you send it again.", e.sentence()))),
                    }
                }
            }
        });
    };
    let uncorrelated = crate::route::href(&format!(
        "/accounts?source={}&uncorrelated=true",
        sid.get_value()
    ));
    view! {
        <section class="card wide" aria-labelledby="src-corr">
            <h2 id="src-corr">"Correlation"</h2>
            <p class="hint">"When an aggregation meets an account with no identity, ISC tries these pairs in order: the first whose account value finds exactly one identity with that value correlates the account."</p>
            {said.view()}
            {move || match held.get() {
                None => view! { <p>"Reading the correlation…"</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert" class="failure">{e}</p> }.into_any(),
                Some(Ok(c)) if !editing.get() => pairs_table(&c).into_any(),
                Some(Ok(_)) => ().into_any(),
            }}
            <div class="actions" hidden=move || editing.get()>
                <button type="button" id="corr-open" class="secondary" disabled=move || ro.get() || !matches!(held.get(), Some(Ok(_)))
                    on:click=move |_| { draft.set(correlation::pairs_of(&config())); editing.set(true); focus("corr-edit-h"); }>"Edit the correlation…"</button>
                <a class="button secondary" href=uncorrelated>"Accounts not yet correlated"</a>
            </div>
            <Show when=move || editing.get()>
                <form class="corr-edit" aria-labelledby="corr-edit-h" novalidate=true on:submit=|ev| ev.prevent_default()>
                    <h3 id="corr-edit-h" tabindex="-1">"Edit the correlation"</h3>
                    {move || draft.with(Vec::is_empty).then(|| view! { <p class="hint">"No pair: ISC correlates no account of this source by attribute. Add one."</p> })}
                    <For each=move || 0..draft.with(Vec::len) key=move |i| (*i, draft.with(Vec::len)) let:i>
                        <PairRow i=i draft=draft identity_attrs=identity_attrs account_attrs=account_attrs.get_value() err=Callback::new(move |k: String| err(k))/>
                    </For>
                    <div class="actions">
                        <button type="button" class="secondary" on:click=move |_| {
                            draft.update(|d| d.push(Pair::default()));
                            let n = draft.with_untracked(Vec::len) - 1;
                            crate::components::page::focus_by_id(format!("corr-identity-{n}"));
                        }>"Add a pair"</button>
                    </div>
                    <p role="status" class="error">{move || errors.with(|e| (!e.is_empty()).then(|| format!("{} {} attention; nothing was sent.", isc_core::shown::count(e.len(), "field"), if e.len() == 1 { "needs" } else { "need" })))}</p>
                    <div class="actions">
                        <button type="button" on:click=on_review disabled=move || busy.get()>"Review the change"</button>
                        <button type="button" class="secondary" on:click=move |_| { editing.set(false); review.set(None); tried.set(false); focus("corr-open"); }>"Cancel"</button>
                    </div>
                    {move || review.get().map(|body| {
                        let req = sources::put_correlation_config(g(), &sid.get_value(), &body);
                        let curl = crate::api::curl_for(&req);
                        view! {
                            <section id="corr-review" class="review" tabindex="-1" aria-label="The correlation to send">
                                <p>{format!("{}, replacing the whole config:", isc_core::api::call_name(&req))}</p>
                                <pre class="wrap"><code>{crate::text::pretty(&body)}</code></pre>
                                <details><summary>"As curl"</summary><pre class="wrap"><code>{curl}</code></pre></details>
                                <div class="actions">
                                    <button type="button" disabled=move || busy.get() || ro.get() on:click=send>"Save the correlation"</button>
                                </div>
                            </section>
                        }
                    })}
                </form>
            </Show>
        </section>
    }
}

/// The pairs the tenant holds.
fn pairs_table(config: &Value) -> impl IntoView {
    let pairs = correlation::pairs_of(config);
    if pairs.is_empty() {
        return view! { <p>"No correlation is set: ISC correlates no account of this source by attribute, so accounts it aggregates stay uncorrelated unless someone correlates them by hand."</p> }.into_any();
    }
    view! {
        <crate::components::table::ScrollTable label="Correlation pairs" caption="Correlation pairs, tried in order" headers=&["#", "Identity attribute", "Account attribute", "Case"]>
                {pairs.into_iter().enumerate().map(|(i, p)| view! {
                    <tr>
                        <td>{i + 1}</td>
                        <td><code>{p.identity}</code></td>
                        <td><code>{p.account}</code></td>
                        <td>{if p.ignore_case { "ignored" } else { "must match" }}</td>
                    </tr>
                }).collect_view()}
        </crate::components::table::ScrollTable>
    }
    .into_any()
}

/// One pair's fields.
#[component]
fn PairRow(
    i: usize,
    draft: RwSignal<Vec<Pair>>,
    identity_attrs: RwSignal<Vec<(String, String)>>,
    account_attrs: Vec<String>,
    err: Callback<String, Option<String>>,
) -> impl IntoView {
    let get =
        move |f: fn(&Pair) -> String| move || draft.with(|d| d.get(i).map(f).unwrap_or_default());
    let set = move |f: fn(&mut Pair, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            draft.update(|d| {
                if let Some(p) = d.get_mut(i) {
                    f(p, v)
                }
            })
        }
    };
    let id_err = move || err.run(format!("identity-{i}"));
    let acc_err = move || err.run(format!("account-{i}"));
    view! {
        <fieldset class="attr-row">
            <legend>{format!("Pair {}", i + 1)}</legend>
            <div class="field">
                <label for=format!("corr-identity-{i}")>"Identity attribute"</label>
                <select id=format!("corr-identity-{i}") prop:value=move || { identity_attrs.track(); get(|p| p.identity.clone())() } on:change=set(|p, v| p.identity = v)
                    aria-invalid=move || if id_err().is_some() { "true" } else { "false" } aria-describedby=format!("corr-identity-{i}-err")>
                    <option value="">"(choose)"</option>
                    {move || identity_attrs.get().into_iter().map(|(n, d)| view! { <option value=n.clone()>{format!("{d} ({n})")}</option> }).collect_view()}
                </select>
                <p id=format!("corr-identity-{i}-err") class="error">{id_err}</p>
            </div>
            <div class="field">
                <label for=format!("corr-account-{i}")>"Account attribute"</label>
                <select id=format!("corr-account-{i}") prop:value=get(|p| p.account.clone()) on:change=set(|p, v| p.account = v)
                    aria-invalid=move || if acc_err().is_some() { "true" } else { "false" } aria-describedby=format!("corr-account-{i}-err")>
                    <option value="">"(choose)"</option>
                    {account_attrs.into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()}
                </select>
                <p id=format!("corr-account-{i}-err") class="error">{acc_err}</p>
            </div>
            <div class="field check">
                <input id=format!("corr-case-{i}") type="checkbox" prop:checked=move || draft.with(|d| d.get(i).is_some_and(|p| p.ignore_case))
                    on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| if let Some(p) = d.get_mut(i) { p.ignore_case = on }); }/>
                <label for=format!("corr-case-{i}")>"Ignore case"</label>
            </div>
            <button type="button" class="secondary small" aria-label=format!("Remove pair {}", i + 1)
                on:click=move |_| draft.update(|d| { if i < d.len() { d.remove(i); } })>"Remove"</button>
        </fieldset>
    }
}
