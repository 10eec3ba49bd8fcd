//! The connect screen: tenant, client id and secret (PAT), or the demo tenant; and, while
//! connected, what we are connected to, when the token renews, and Disconnect.

use crate::api::transport::Transport;
use crate::components::show::Show;
use crate::pages::home::{connect_demo, forget_demo};
use crate::state::session::{
    forget_remembered, load_remembered, read_only_by_default, save_remembered, Remembered, Session,
};
use isc_core::api::Generation;
use isc_core::auth::validate_connect;
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
    view! {
        <h1>"Connection"</h1>
        <Show when=move || info.get().is_some() fallback=ConnectForm>
            {move || info.get().map(|s| {
                let renews = clock(s.renews_at_ms);
                view! {
                    <section class="card" aria-labelledby="conn-h">
                        <h2 id="conn-h">"Connected"</h2>
                        <dl class="facts">
                            <dt>"Tenant"</dt><dd>{s.label.clone()}</dd>
                            <dt>"Calls go to"</dt><dd><code>{s.api_base.clone()}</code></dd>
                            <dt>"API paths"</dt><dd>{s.generation.label()}{s.generation_note.clone().map(|n| view! { <span class="hint">" · "{n}</span> })}</dd>
                            <dt>"Connections allowed"</dt><dd>{crate::state::csp::narrowed_origin().map(|o| format!("this page and {o} only (Content-Security-Policy)")).unwrap_or_else(|| "this page only (the demo tenant runs in it)".into())}</dd>
                            <dt>"Client id"</dt><dd><code>{s.client_id.clone()}</code></dd>
                            <dt>"Org"</dt><dd>{s.org.clone().unwrap_or_else(|| "—".into())}</dd>
                            <dt>"Pod"</dt><dd>{s.pod.clone().unwrap_or_else(|| "—".into())}</dd>
                            <dt>"Token renews at"</dt><dd>{renews}</dd>
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
                        <div class="field">
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
                        <button type="button" on:click=move |_| { forget_demo(); crate::api::disconnect(); }>
                            "Disconnect"
                        </button>
                    </section>
                }
            })}
        </Show>
    }
}

/// The PAT form. Keeps everything typed when the tenant refuses it.
#[component]
fn ConnectForm() -> impl IntoView {
    let next = next_path(&crate::route::query().get_untracked());
    let remembered = load_remembered();
    let tenant = RwSignal::new(
        remembered
            .as_ref()
            .map(|r| r.tenant.clone())
            .unwrap_or_default(),
    );
    let client_id = RwSignal::new(
        remembered
            .as_ref()
            .map(|r| r.client_id.clone())
            .unwrap_or_default(),
    );
    let secret = RwSignal::new(String::new());
    // The API paths: "" asks the tenant, else a generation key.
    let paths = RwSignal::new(
        remembered
            .as_ref()
            .map(|r| r.api.clone())
            .unwrap_or_default(),
    );
    let chosen = move || Generation::from_key(&paths.get_untracked());
    let proxy = RwSignal::new(String::new());
    let remember = RwSignal::new(remembered.is_some());
    // Follows the tenant name ("prod" → on) until the person sets it by hand.
    let read_only_set = RwSignal::new(None::<bool>);
    let read_only = move || {
        read_only_set.get().unwrap_or_else(|| {
            let t = tenant.get();
            let label = parse_tenant_address(&t)
                .ok()
                .and_then(|a| a.tenant)
                .unwrap_or(t);
            read_only_by_default(&label)
        })
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
        let (Ok(addr), Ok(via)) = (checked.get_untracked(), proxy_checked.get_untracked()) else {
            return;
        };
        let base = via.unwrap_or_else(|| addr.api_base.clone());
        if let Err(why) = crate::state::csp::check(&base) {
            failure.set(Some(why));
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let label = addr.tenant.clone().unwrap_or_else(|| addr.api_base.clone());
        let id = client_id.get_untracked().trim().to_string();
        let sec = secret.get_untracked();
        let keep = remember.get_untracked();
        let ro = read_only();
        let typed_tenant = tenant.get_untracked();
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
                    secret.set(String::new());
                    if keep {
                        save_remembered(&Remembered {
                            tenant: typed_tenant,
                            client_id: id,
                            api: paths.get_untracked(),
                        });
                    } else {
                        forget_remembered();
                    }
                    crate::route::navigate(&next);
                }
                Err(e) => failure.set(Some(e.sentence())),
            }
        });
    };
    let use_demo = move |_| {
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let r = connect_demo(chosen()).await;
            busy.set(false);
            match r {
                Ok(()) => crate::route::navigate("/sources"),
                Err(e) => failure.set(Some(e.sentence())),
            }
        });
    };

    view! {
        <form class="card connect" on:submit=on_submit novalidate=true aria-labelledby="connect-h">
            <h2 id="connect-h">"Connect with a personal access token"</h2>
            {move || crate::state::idle::notice().get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
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
                <label for="remember">"Remember tenant and client id on this device (never the secret)"</label>
            </div>
            <div role="alert" class="failure">{move || failure.get()}</div>
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { "Connecting…" } else { "Connect" }}
                </button>
                <button type="button" class="secondary" on:click=use_demo disabled=move || busy.get()>
                    "Use demo tenant"
                </button>
            </div>
        </form>
    }
}
