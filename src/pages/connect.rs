//! The connect screen: tenant, client id and secret (PAT), or the demo tenant; and, while
//! connected, what we are connected to, when the token renews, and Disconnect.

use crate::api::transport::Transport;
use crate::components::show::Show;
use crate::pages::home::{connect_demo, forget_demo};
use crate::state::session::{load_saved, store_saved, Saved, Session};
use isc_core::api::Generation;
use isc_core::auth::validate_connect;
use isc_core::connections::looks_like_production;
use isc_core::tenant::{parse_proxy_base, parse_tenant_address};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where to go after connecting: the `next` query parameter when it is a path in this app.
fn next_path(q: &isc_core::route::Query) -> String {
    match q.get("next") {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.starts_with("/connect") => p,
        _ => "/sources".into(),
    }
}

fn clock(ms: u64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    d.to_locale_time_string("en-GB")
        .as_string()
        .unwrap_or_default()
}

/// One option per API generation, for both selects (built once: views are heavy in the wasm).
fn generation_options() -> impl IntoView {
    let (a, b) = (Generation::V1, Generation::Classic);
    view! {
        <option value=a.key()>{a.label()}</option>
        <option value=b.key()>{b.label()}</option>
    }
}

/// The connect form, or the current connection with Disconnect.
#[component]
pub fn ConnectPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let info = session.info();
    let confirm_reset = RwSignal::new(false);
    view! {
        <h1>"Connection"</h1>
        <Show when=move || info.get().is_some() fallback=ConnectForm>
            {move || info.get().map(|s| {
                let renews = clock(s.renews_at_ms);
                view! {
                    <section class="card" aria-labelledby="conn-h">
                        <h2 id="conn-h">"Connected"</h2>
                        <dl class="facts">
                            <dt>{if s.iiq { "IdentityIQ" } else { "Tenant" }}</dt><dd>{s.label.clone()}</dd>
                            <dt>"Calls go to"</dt><dd><code>{s.api_base.clone()}</code></dd>
                            <dt hidden=s.iiq>"API paths"</dt><dd hidden=s.iiq>{s.generation.label()}{s.generation_note.clone().map(|n| view! { <span class="hint">" · "{n}</span> })}</dd>
                            <dt>"Connections allowed"</dt><dd>{crate::state::csp::narrowed_origin().map(|o| format!("this page and {o} only (Content-Security-Policy)")).unwrap_or_else(|| "this page only (the demo tenant runs in it)".into())}</dd>
                            <dt>{if s.iiq { "User (HTTP Basic)" } else { "Client id" }}</dt><dd><code>{s.client_id.clone()}</code></dd>
                            <dt hidden=s.iiq>"Org"</dt><dd hidden=s.iiq>{s.org.clone().unwrap_or_else(|| "—".into())}</dd>
                            <dt hidden=s.iiq>"Pod"</dt><dd hidden=s.iiq>{s.pod.clone().unwrap_or_else(|| "—".into())}</dd>
                            <dt hidden=s.iiq>{if s.kept_token { "Token kept in this tab until" } else { "Token renews at" }}</dt><dd hidden=s.iiq>{renews}</dd>
                            <dt>"Read-only"</dt><dd>{move || if session.read_only().get() { "on: every write is refused" } else { "off" }}</dd>
                        </dl>
                        <div class="field">
                            <label for="idle-limit">"Sign out after inactivity"</label>
                            <select id="idle-limit" prop:value=crate::state::idle::limit_minutes().to_string()
                                on:change=move |ev| crate::state::idle::set_limit_minutes(event_target_value(&ev).parse().unwrap_or(crate::state::idle::DEFAULT_MINUTES))>
                                <option value="5">"5 minutes"</option>
                                <option value="15">"15 minutes"</option>
                                <option value="30">"30 minutes"</option>
                                <option value="60">"60 minutes"</option>
                                <option value="0">"never"</option>
                            </select>
                        </div>
                        <TimeoutField/>
                        <div class="field" hidden=s.iiq>
                            <label for="api-switch">"Use the API paths"</label>
                            <select id="api-switch" prop:value=s.generation.key()
                                on:change=move |ev| if let Some(g) = Generation::from_key(&event_target_value(&ev)) { crate::api::set_generation(g) }>
                                {generation_options()}
                            </select>
                        </div>
                        <div class="field check">
                            <input id="ro-toggle" type="checkbox" prop:checked=move || session.read_only().get()
                                on:change=move |ev| session.set_read_only(event_target_checked(&ev))/>
                            <label for="ro-toggle">"Read-only: refuse every write to this tenant"</label>
                        </div>
                        <div class="actions">
                            <button type="button" on:click=move |_| { forget_demo(); crate::api::disconnect(); crate::components::page::focus("tenant"); }>
                                "Disconnect"
                            </button>
                            {s.demo.then(|| view! {
                                <button type="button" class="secondary" id="reset-open" on:click=move |_| { confirm_reset.set(true); crate::components::page::focus("reset-now"); }>"Reset demo data…"</button>
                            })}
                        </div>
                        <Show when=move || confirm_reset.get()>
                            <div class="notice" role="group" aria-label="Confirm reset">
                                <p>"Put the demo tenant back to its seed data? Every change made in it in this tab (sources, accounts, priorities) is lost."</p>
                                <div class="actions">
                                    <button type="button" class="danger" id="reset-now" on:click=move |_| {
                                        confirm_reset.set(false);
                                        if crate::api::reset_demo() {
                                            crate::components::page::navigate_with("/sources", "Demo data reset: the demo tenant has its seed data again.".into());
                                        }
                                    }>"Reset now"</button>
                                    <button type="button" class="secondary" on:click=move |_| { confirm_reset.set(false); crate::components::page::focus("reset-open"); }>"Cancel"</button>
                                </div>
                            </div>
                        </Show>
                        {
                            let saved = load_saved();
                            (!saved.is_empty()).then(|| view! {
                                <div class="field">
                                    <label for="switch-conn">"Switch to a saved connection"</label>
                                    <select id="switch-conn" on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        if v.is_empty() { return; }
                                        forget_demo();
                                        crate::api::disconnect();
                                        // A full load: this tab's Content-Security-Policy
                                        // allows only the tenant it connected to.
                                        if let Some(w) = web_sys::window() {
                                            let _ = w.location().assign(&crate::route::href(&format!("/connect?use={v}")));
                                        }
                                    }>
                                        <option value="">"— choose —"</option>
                                        {saved.iter().enumerate().map(|(i, c)| view! { <option value=i.to_string()>{c.label()}</option> }).collect_view()}
                                    </select>
                                    <p class="hint">"Disconnects from this tenant and opens the form for the one chosen, in a fresh page (its secret is asked again)."</p>
                                </div>
                            })
                        }
                    </section>
                }
            })}
        </Show>
    }
}

/// The client's time-out per call: what it is, what happens when it runs out, and a field
/// to change it (checked, kept in this browser; the value typed stays when it is refused).
#[component]
fn TimeoutField() -> impl IntoView {
    let text = RwSignal::new(crate::api::timeout_s().to_string());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let apply = move || match isc_core::retry::parse_timeout_s(&text.get_untracked()) {
        Ok(s) => {
            crate::api::set_timeout_s(s);
            error.set(None);
            text.set(s.to_string());
            saved.set(Some(format!(
                "Time-out set to {s} s for every call from now on."
            )));
        }
        Err(e) => {
            error.set(Some(e));
            saved.set(None);
        }
    };
    view! {
        <div class="field">
            <label for="timeout-s">"Time-out per call (seconds)"</label>
            <div class="inline">
                <input id="timeout-s" class="short" type="text" inputmode="numeric"
                    aria-describedby="timeout-hint timeout-error"
                    aria-invalid=move || error.get().is_some().to_string()
                    prop:value=move || text.get()
                    on:input=move |ev| { text.set(event_target_value(&ev)); saved.set(None); }
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { apply() }/>
                <button type="button" class="secondary" on:click=move |_| apply()>"Set"</button>
            </div>
            <p class="hint" id="timeout-hint">{format!(
                "A call with no answer by then is abandoned: a read is sent again, and after a write the console reads back what the tenant holds before it says anything (the tenant may still have carried it out). Uploads get a second more per 256 KB. Default {} s.",
                isc_core::retry::DEFAULT_TIMEOUT_S)}</p>
            <p class="error" id="timeout-error" role="alert">{move || error.get()}</p>
            <p role="status" class="hint">{move || saved.get()}</p>
        </div>
    }
}

/// The PAT form. Keeps everything typed when the tenant refuses it.
#[component]
fn ConnectForm() -> impl IntoView {
    let q = crate::route::current_query();
    let next = next_path(&q);
    let demo_next = next.clone();
    let saved = RwSignal::new(load_saved());
    // The saved connection the form is filled from: `?use=N`, else the most recent one.
    let picked = q
        .get("use")
        .and_then(|u| u.parse::<usize>().ok())
        .unwrap_or(0);
    let first = saved.with_untracked(|l| l.get(picked).or(l.first()).cloned());
    let chosen_saved = RwSignal::new(
        first
            .as_ref()
            .map(|_| picked.min(saved.with_untracked(|l| l.len().saturating_sub(1)))),
    );
    let first = first.unwrap_or_default();
    let tenant = RwSignal::new(first.tenant.clone());
    let client_id = RwSignal::new(first.client_id.clone());
    let secret = RwSignal::new(String::new());
    // The API paths: "" asks the tenant, else a generation key.
    let paths = RwSignal::new(first.api.clone());
    let chosen = move || Generation::from_key(&paths.get_untracked());
    let proxy = RwSignal::new(String::new());
    // The last sign-in failed with no answer the page could read (CORS): the recipe is offered.
    let blocked = RwSignal::new(false);
    let remember = RwSignal::new(!first.tenant.is_empty());
    // Filled from a saved connection: only the secret is left to type.
    if !first.tenant.is_empty() {
        crate::components::page::focus("client-secret");
    }
    let keep = RwSignal::new(false);
    // Follows the tenant name ("prod" → on) until the person sets it by hand; a saved
    // connection brings its own choice (and a production name is read-only all the same).
    let read_only_set = RwSignal::new(first.starts_read_only().then_some(true));
    let read_only = move || {
        read_only_set
            .get()
            .unwrap_or_else(|| looks_like_production(&tenant.get()))
    };
    let pick_saved = move |v: String| {
        let i = v.parse::<usize>().ok();
        chosen_saved.set(i);
        let c = i
            .and_then(|i| saved.with_untracked(|l| l.get(i).cloned()))
            .unwrap_or_default();
        read_only_set.set(c.starts_read_only().then_some(true));
        tenant.set(c.tenant);
        client_id.set(c.client_id);
        paths.set(c.api);
        remember.set(i.is_some());
    };
    let forget_saved = move |_| {
        if let Some(i) = chosen_saved.get_untracked() {
            saved.update(|l| {
                if i < l.len() {
                    l.remove(i);
                }
            });
            saved.with_untracked(|l| store_saved(l));
            pick_saved(String::new());
        }
    };
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let checked =
        Memo::new(move |_| validate_connect(&tenant.get(), &client_id.get(), &secret.get()));
    let field_error = move |pick: fn(&isc_core::auth::ConnectErrors) -> Option<String>| {
        move || {
            if !tried.get() {
                return None;
            }
            checked.get().err().and_then(|e| pick(&e))
        }
    };
    let tenant_err = field_error(|e| e.tenant.clone());
    let id_err = field_error(|e| e.client_id.clone());
    let secret_err = field_error(|e| e.client_secret.clone());
    let proxy_checked = Memo::new(move |_| parse_proxy_base(&proxy.get()));
    let proxy_err = move || {
        if !tried.get() {
            return None;
        }
        proxy_checked.get().err().map(|e| e.to_string())
    };
    let base_hint = move || match parse_tenant_address(&tenant.get()) {
        Ok(a) => a.explanation,
        Err(_) => {
            "Type the tenant name (acme), its UI or API host, or any https:// API address.".into()
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        failure.set(None);
        blocked.set(false);
        let (Ok(addr), Ok(via)) = (checked.get_untracked(), proxy_checked.get_untracked()) else {
            crate::components::page::focus_first_error();
            return;
        };
        let base = via.unwrap_or_else(|| addr.api_base.clone());
        if let Err(why) = crate::state::csp::check(&base) {
            failure.set(Some(why));
            crate::components::page::focus("connect-failure");
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let label = addr.tenant.clone().unwrap_or_else(|| addr.api_base.clone());
        let id = client_id.get_untracked().trim().to_string();
        let sec = secret.get_untracked();
        let remember_it = remember.get_untracked();
        let keep_it = keep.get_untracked();
        let ro = read_only();
        let typed_tenant = tenant.get_untracked();
        // Read now: once connected, the page may be gone before this call's answer is read.
        let typed_paths = paths.get_untracked();
        let generation = chosen();
        let next = next.clone();
        spawn_local(async move {
            forget_demo();
            let r = crate::api::connect(crate::api::ConnectWith {
                transport: Transport::Fetch,
                label,
                api_base: base.clone(),
                client_id: id.clone(),
                secret: sec,
                demo: false,
                read_only: ro,
                generation,
            })
            .await;
            busy.set(false);
            match r {
                Ok(_) => {
                    crate::state::csp::narrow(&base);
                    crate::pages::home::mark_tenant_tab();
                    secret.set(String::new());
                    let this = Saved {
                        tenant: typed_tenant,
                        client_id: id,
                        api: typed_paths,
                        read_only: ro,
                    };
                    let mut list = load_saved();
                    if remember_it {
                        isc_core::connections::remember(&mut list, this);
                    } else {
                        isc_core::connections::forget(&mut list, &this);
                    }
                    store_saved(&list);
                    if keep_it {
                        crate::api::keep_token();
                    }
                    crate::route::navigate(&next);
                }
                Err(e) => {
                    use isc_core::auth::{sign_in_failure, Reach};
                    let reach = if e.kind == isc_core::error::ErrorKind::Network {
                        if crate::api::transport::answers(&base).await {
                            Reach::Answered
                        } else {
                            Reach::Unreachable
                        }
                    } else {
                        Reach::Unknown
                    };
                    let origin = web_sys::window()
                        .and_then(|w| w.location().origin().ok())
                        .unwrap_or_default();
                    blocked.set(reach == Reach::Answered);
                    failure.set(Some(sign_in_failure(&e, reach, &base, &origin)));
                    // Wrong credentials: the secret is what to fix; else the sentence.
                    crate::components::page::focus(if matches!(e.status, 400 | 401) {
                        "client-secret"
                    } else {
                        "connect-failure"
                    });
                }
            }
        });
    };
    let use_demo = move |_| {
        busy.set(true);
        failure.set(None);
        let next = demo_next.clone();
        spawn_local(async move {
            let r = connect_demo(chosen()).await;
            busy.set(false);
            match r {
                Ok(()) => crate::route::navigate(&next),
                Err(e) => {
                    failure.set(Some(e.sentence()));
                    crate::components::page::focus("connect-failure");
                }
            }
        });
    };

    view! {
        <form class="card connect" on:submit=on_submit novalidate=true aria-labelledby="connect-h">
            <h2 id="connect-h">"Connect with a personal access token"</h2>
            {move || crate::state::idle::notice().get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {move || (!saved.with(|l| l.is_empty())).then(|| view! {
                <div class="inline">
                    <div class="field grow">
                        <label for="saved-conn">"Saved connection"</label>
                        <select id="saved-conn" prop:value=move || chosen_saved.get().map(|i| i.to_string()).unwrap_or_default()
                            on:change=move |ev| pick_saved(event_target_value(&ev))>
                            <option value="">"New connection"</option>
                            {move || saved.get().iter().enumerate().map(|(i, c)| view! { <option value=i.to_string()>{c.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="button" class="secondary" disabled=move || chosen_saved.get().is_none() on:click=forget_saved>"Forget this connection"</button>
                </div>
            })}
            <div class="field">
                <label for="tenant">"Tenant"</label>
                <input id="tenant" name="tenant" type="text" autocomplete="url" spellcheck="false"
                    aria-describedby="tenant-hint tenant-err"
                    aria-invalid=move || if tenant_err().is_some() { "true" } else { "false" }
                    prop:value=move || tenant.get()
                    on:input=move |ev| tenant.set(event_target_value(&ev))/>
                <p id="tenant-hint" class="hint">{base_hint}</p>
                <p id="tenant-err" class="error">{tenant_err}</p>
            </div>
            <div class="field">
                <label for="client-id">"Client id"</label>
                <input id="client-id" name="client-id" type="text" autocomplete="username" spellcheck="false"
                    aria-describedby="client-id-err"
                    aria-invalid=move || if id_err().is_some() { "true" } else { "false" }
                    prop:value=move || client_id.get()
                    on:input=move |ev| client_id.set(event_target_value(&ev))/>
                <p id="client-id-err" class="error">{id_err}</p>
            </div>
            <div class="field">
                <label for="client-secret">"Client secret"</label>
                <input id="client-secret" name="client-secret" type="password" autocomplete="off"
                    aria-describedby="client-secret-hint client-secret-err"
                    aria-invalid=move || if secret_err().is_some() { "true" } else { "false" }
                    prop:value=move || secret.get()
                    on:input=move |ev| secret.set(event_target_value(&ev))/>
                <p id="client-secret-hint" class="hint">"Kept in this tab's memory only; never stored or logged."</p>
                <p id="client-secret-err" class="error">{secret_err}</p>
            </div>
            <details class="proxy" open=move || !proxy.get_untracked().is_empty()>
                <summary>"Proxy (optional)"</summary>
                <div class="field">
                <label for="proxy">"Proxy base URL"</label>
                <input id="proxy" name="proxy" type="text" spellcheck="false" placeholder="https://isc-proxy.example.com"
                    aria-describedby="proxy-hint proxy-err"
                    aria-invalid=move || if proxy_err().is_some() { "true" } else { "false" }
                    prop:value=move || proxy.get()
                    on:input=move |ev| proxy.set(event_target_value(&ev))/>
                <p id="proxy-hint" class="hint">"For tenants that refuse calls from this page (CORS): every call, the token request included, goes to this address instead, with the path appended. The page then allows connections to it only."</p>
                <p id="proxy-err" class="error">{proxy_err}</p>
                </div>
            </details>
            <div class="field">
                <label for="api-paths">"API paths"</label>
                <select id="api-paths" aria-describedby="api-paths-hint" prop:value=move || paths.get()
                    on:change=move |ev| paths.set(event_target_value(&ev))>
                    <option value="">"Ask the tenant (per-service v1, classic if it has none)"</option>
                    {generation_options()}
                </select>
                <p id="api-paths-hint" class="hint">"The per-service paths (/sources/v1, …) replace the classic /v3 and /beta ones, which the vendor retires in 2029."</p>
            </div>
            <div class="field check">
                <input id="read-only" type="checkbox"
                    prop:checked=read_only
                    on:change=move |ev| read_only_set.set(Some(event_target_checked(&ev)))/>
                <label for="read-only">"Read-only: refuse every write (on by default for tenants named …prod…)"</label>
            </div>
            <div class="field check">
                <input id="remember" type="checkbox"
                    prop:checked=move || remember.get()
                    on:change=move |ev| remember.set(event_target_checked(&ev))/>
                <label for="remember">"Remember tenant and client id on this device, with the API paths and read-only (never the secret)"</label>
            </div>
            <div class="field check">
                <input id="keep-token" type="checkbox" aria-describedby="keep-token-hint"
                    prop:checked=move || keep.get()
                    on:change=move |ev| keep.set(event_target_checked(&ev))/>
                <label for="keep-token">"Stay signed in in this tab until the token expires"</label>
                <p id="keep-token-hint" class="hint">"Off by default. Keeps the token (never the secret) in this tab's session storage, so a reload stays signed in; Disconnect and idle sign-out remove it, and closing the tab ends it."</p>
            </div>
            <div role="alert" id="connect-failure" tabindex="-1" class="failure">
                {move || failure.get()}
                {move || blocked.get().then(|| view! {
                    <p><a href=crate::route::asset("hosting.md") target="_blank" rel="noopener">"The same-origin proxy recipe (hosting.md)"</a></p>
                })}
            </div>
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { "Connecting…" } else { "Connect" }}
                </button>
                <button type="button" class="secondary" on:click=use_demo disabled=move || busy.get()>
                    "Use demo tenant"
                </button>
            </div>
        </form>
        <p class="card"><a href=crate::route::href("/iiq/connect")>"Connect to IdentityIQ instead…"</a>" (SCIM 2.0, user name and password)"</p>
    }
}
