//! The connect screen: tenant, client id and secret (PAT), or the demo tenant; and, while
//! connected, what we are connected to, when the token renews, and Disconnect.

use super::home::connect_demo;
use crate::api::transport::Transport;
use crate::state::session::{load_saved, store_saved, Saved, Session};
use crate::state::tab::forget_demo;
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

pub(super) fn clock(ms: u64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    d.to_locale_time_string("en-GB")
        .as_string()
        .unwrap_or_default()
}

/// One option per API generation, for both selects (built once: views are heavy in the wasm).
pub(super) fn generation_options() -> impl IntoView {
    let (a, b) = (Generation::V1, Generation::Classic);
    view! {
        <option value=a.key()>{a.label()}</option>
        <option value=b.key()>{b.label()}</option>
    }
}

/// The connect form, or the current connection with Disconnect (fetched with its chunk).
#[component]
pub fn ConnectPage() -> impl IntoView {
    let info = expect_context::<Session>().info();
    view! {
        <h1>"Connection"</h1>
        // One closure for both, as the routes are (a Show around a fetched screen left a
        // disposed signal read when the connection went).
        {move || match info.get() {
            None => view! { <ConnectForm/> }.into_any(),
            Some(_) => crate::lazy::lazy_screen(super::connected_screen).into_any(),
        }}
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
                    crate::state::tab::mark_tenant_tab();
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
