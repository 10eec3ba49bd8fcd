//! IdentityIQ mode: connect over SCIM 2.0 with HTTP Basic, the applications with their
//! account schemas, and accounts (list, view, create, update, delete) validated against the
//! application's schema before anything is sent. Every request is built in `isc_core::iiq`.
//!
//! Only the small pieces at the top are in the console's wasm (the wrong-mode notice, the
//! opener on the Connection page, the page frames); the screens are in the extras, loaded
//! the first time one opens.

use crate::components::connected::Connected;
use crate::components::load::{load, loading};
use crate::components::page::{focus, focus_first_error, navigate_with, CopyButton, NameHeading};
use isc_core::iiq::{self, AccountForm, AccountQuery, App, FieldError, Kind, Schema};
use isc_core::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

/// An ISC screen while connected to IdentityIQ, or an IdentityIQ one while on ISC (the
/// page is built again when the connection changes, so it is read once).
pub fn wrong_mode(iiq: bool) -> AnyView {
    let (said, to, go) = if iiq {
        (
            "This screen is for an ISC tenant, and the console is connected to IdentityIQ.",
            "/iiq/applications",
            "Go to the IdentityIQ applications",
        )
    } else {
        (
            "This screen is for IdentityIQ, and the console is connected to an ISC tenant.",
            "/sources",
            "Go to Sources",
        )
    };
    view! {
        <h1>"Not on this connection"</h1>
        <p class="notice" role="status">{said}" "<a href=crate::route::href(to)>{go}</a>" · "<a href=crate::route::href("/connect")>"Change the connection"</a></p>
    }
    .into_any()
}

/// An IdentityIQ screen: its heading (the detail screens write their own) and the screen,
/// loaded from the extras while connected. One view for all of them (views are heavy in the
/// console's wasm).
pub fn iiq_page(page: &isc_core::route::Page) -> AnyView {
    use isc_core::route::Page;
    let (title, name) = match page {
        Page::Iiq => ("Applications", "iiq-apps"),
        Page::IiqApp => ("", "iiq-app"),
        Page::IiqAccountNew => ("", "iiq-account-new"),
        Page::IiqAccounts => ("IdentityIQ accounts", "iiq-accounts"),
        _ => ("", "iiq-account"),
    };
    view! {
        <h1 hidden=title.is_empty()>{title}</h1>
        <Connected>
            <crate::lazy::Lazy name=name/>
        </Connected>
    }
    .into_any()
}

// ---- the screens (in the extras) ----

fn fail(e: &ApiError) -> String {
    iiq::error_sentence(&e.raw_body).unwrap_or_else(|| e.sentence())
}

async fn get_json(req: isc_core::ApiRequest) -> Result<Value, String> {
    crate::api::call_json(req)
        .await
        .map(|(v, _)| v)
        .map_err(|e| fail(&e))
}

async fn get_list(req: isc_core::ApiRequest) -> Result<iiq::ListPage, String> {
    crate::api::call_read(req, |r| iiq::parse_list(&r.body))
        .await
        .map(|(v, _)| v)
        .map_err(|e| fail(&e))
}

/// The application and its account schema, read one after the other.
async fn app_and_schema(id: String) -> Result<(App, Schema), String> {
    let app = iiq::parse_app(&get_json(iiq::application(&id)).await?);
    let schema = iiq::parse_schema(&get_json(iiq::schema(&app.account_schema)).await?);
    Ok((app, schema))
}

fn path_id() -> String {
    isc_core::route::id_of(&crate::route::current_path())
}

/// The IdentityIQ connect form: SCIM base, user, password (memory only), read-only; or the
/// demo IdentityIQ in this page.
#[component]
pub fn IiqConnectForm() -> impl IntoView {
    let storage = || web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    let saved = RwSignal::new(iiq::read_saved(
        storage()
            .and_then(|s| s.get_item(iiq::SAVED_KEY).ok().flatten())
            .as_deref(),
    ));
    let first = saved
        .with_untracked(|l| l.first().cloned())
        .unwrap_or_default();
    let base = RwSignal::new(first.base.clone());
    let user = RwSignal::new(first.user.clone());
    let remember = RwSignal::new(!first.base.is_empty());
    let store = move |l: &Vec<iiq::SavedIiq>| {
        if let Some(s) = storage() {
            let _ = s.set_item(
                iiq::SAVED_KEY,
                &serde_json::to_string(l).unwrap_or_default(),
            );
        }
    };
    let password = RwSignal::new(String::new());
    let ro = RwSignal::new(false);
    let errs = RwSignal::new(Vec::<(&'static str, String)>::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let err_of = move |f: &'static str| {
        move || errs.with(|e| e.iter().find(|(k, _)| *k == f).map(|(_, m)| m.clone()))
    };
    let go = move |form: crate::api::bridge::IiqConnect| {
        busy.set(true);
        failure.set(None);
        let keep = (!form.demo && remember.get_untracked()).then(|| iiq::SavedIiq {
            base: form.base.clone(),
            user: form.user.clone(),
        });
        spawn_local(async move {
            let r = crate::api::bridge::connect_iiq(&form).await;
            let _ = busy.try_set(false);
            if let (Ok(()), Some(k)) = (&r, keep) {
                let mut l = saved.get_untracked();
                iiq::remember(&mut l, k);
                store(&l);
            }
            if let Err(e) = r {
                let said = match e.status {
                    401 | 403 => "IdentityIQ refused the user name or password (401). Check them and connect again.".to_string(),
                    _ => fail(&e),
                };
                let _ = failure.try_set(Some(said));
                focus(if e.status == 401 {
                    "iiq-password"
                } else {
                    "iiq-failure"
                });
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match iiq::validate_connect(
            &base.get_untracked(),
            &user.get_untracked(),
            &password.get_untracked(),
        ) {
            Err(e) => {
                errs.set(e);
                focus_first_error();
            }
            Ok(b) => {
                errs.set(Vec::new());
                go(crate::api::bridge::IiqConnect {
                    base: b,
                    user: user.get_untracked().trim().to_string(),
                    authorization: iiq::basic_auth(
                        user.get_untracked().trim(),
                        &password.get_untracked(),
                    ),
                    read_only: ro.get_untracked(),
                    demo: false,
                });
            }
        }
    };
    let field = move |id: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      value: RwSignal<String>,
                      hint: &'static str| {
        let err = err_of(id);
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type=kind spellcheck="false" autocomplete=if kind == "password" { "current-password" } else { "off" }
                    aria-describedby=format!("{id}-hint {id}-err")
                    aria-invalid=move || if err().is_some() { "true" } else { "false" }
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                <p id=format!("{id}-hint") class="hint">{hint}</p>
                <p id=format!("{id}-err") class="error">{err}</p>
            </div>
        }
    };
    view! {
        <form on:submit=submit novalidate=true aria-label="Connect to IdentityIQ">
            {move || (!saved.with(Vec::is_empty)).then(|| view! {
                <div class="inline">
                    <div class="field grow">
                        <label for="iiq-saved">"Saved IdentityIQ connection"</label>
                        <select id="iiq-saved" on:change=move |ev| {
                            let c = event_target_value(&ev).parse::<usize>().ok().and_then(|i| saved.with_untracked(|l| l.get(i).cloned())).unwrap_or_default();
                            remember.set(!c.base.is_empty());
                            base.set(c.base);
                            user.set(c.user);
                        }>
                            {saved.get().iter().enumerate().map(|(i, c)| view! { <option value=i.to_string()>{c.label()}</option> }).collect_view()}
                            <option value="">"New connection"</option>
                        </select>
                    </div>
                    <button type="button" class="secondary" on:click=move |_| {
                        let (b, u) = (base.get_untracked(), user.get_untracked());
                        saved.update(|l| l.retain(|x| x.base != b || x.user != u));
                        saved.with_untracked(|l| store(l));
                        remember.set(false);
                    }>"Forget this connection"</button>
                </div>
            })}
            {field("iiq-base", "SCIM base URL", "text", base, "e.g. https://iiq.example/identityiq/scim/v2 (plain http only for localhost).")}
            {field("iiq-user", "User name", "text", user, "An IdentityIQ user with SCIM rights.")}
            {field("iiq-password", "Password", "password", password, "Kept in this tab's memory only; never stored, logged or put in Activity or curl ($IIQ_PASSWORD).")}
            <div class="field check">
                <input id="iiq-remember" type="checkbox" prop:checked=move || remember.get() on:change=move |ev| remember.set(event_target_checked(&ev))/>
                <label for="iiq-remember">"Remember the SCIM base and user on this device (never the password)"</label>
            </div>
            <div class="field check">
                <input id="iiq-ro" type="checkbox" prop:checked=move || ro.get() on:change=move |ev| ro.set(event_target_checked(&ev))/>
                <label for="iiq-ro">"Read-only: refuse every write"</label>
            </div>
            <div role="alert" id="iiq-failure" tabindex="-1" class="failure">{move || failure.get()}</div>
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>{move || if busy.get() { "Connecting…" } else { "Connect to IdentityIQ" }}</button>
                <button type="button" class="secondary" disabled=move || busy.get()
                    on:click=move |_| go(crate::api::bridge::IiqConnect { demo: true, read_only: ro.get_untracked(), ..Default::default() })>
                    "Use demo IdentityIQ"
                </button>
            </div>
        </form>
    }
}

/// What the server supports, read from `/ServiceProviderConfig`.
#[component]
fn Features() -> impl IntoView {
    let got = load(|| async {
        get_json(iiq::service_provider_config())
            .await
            .and_then(|v| iiq::parse_features(&v.to_string()))
    });
    view! {
        <details class="card">
            <summary>"What this IdentityIQ server supports"</summary>
            {move || match got.get() {
                None => loading("Reading /ServiceProviderConfig…"),
                Some(Err(e)) => view! { <p role="alert">{e}</p> }.into_any(),
                Some(Ok(f)) => view! {
                    <dl class="facts">
                        {f.lines().into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                    </dl>
                }.into_any(),
            }}
        </details>
    }
}

/// The applications: filter by name, page by `startIndex`.
#[component]
pub fn IiqApps() -> impl IntoView {
    let q = crate::route::current_query();
    let typed = RwSignal::new(q.get("name").unwrap_or_default());
    let name = RwSignal::new(typed.get_untracked());
    let start = RwSignal::new(q.get("start").and_then(|s| s.parse().ok()).unwrap_or(1u64));
    let got = load(move || {
        let (n, s) = (name.get(), start.get());
        async move { get_list(iiq::applications(&n, s)).await }
    });
    let keep_url = move || {
        let mut u = "/iiq/applications".to_string();
        let n = name.get_untracked();
        let s = start.get_untracked();
        let mut parts = vec![];
        if !n.trim().is_empty() {
            parts.push(format!(
                "name={}",
                isc_core::http::encode_component(n.trim())
            ));
        }
        if s > 1 {
            parts.push(format!("start={s}"));
        }
        if !parts.is_empty() {
            u = format!("{u}?{}", parts.join("&"));
        }
        crate::route::navigate(&u);
    };
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        name.set(typed.get_untracked());
        start.set(1);
        keep_url();
    };
    view! {
        <Features/>
        <form class="filters" role="search" aria-label="Filter applications" on:submit=search>
            <div class="field">
                <label for="app-name">"Name starts with"</label>
                <input id="app-name" type="search" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
            </div>
            <button type="submit">"Filter"</button>
        </form>
        {move || match got.get() {
            None => loading("Reading the applications…"),
            Some(Err(e)) => view! { <p role="alert">{e}</p> }.into_any(),
            Some(Ok(p)) => {
                let pages = p.total.div_ceil(iiq::PAGE).max(1);
                let page = (p.start_index.max(1) - 1) / iiq::PAGE + 1;
                let apps: Vec<App> = p.resources.iter().map(iiq::parse_app).collect();
                view! {
                    <p role="status">{format!("Applications {}", p.range())}</p>
                    <div class="table-wrap" role="region" aria-label="Applications (scrolls sideways)" tabindex="0">
                    <table>
                        <caption class="sr-only">"Applications"</caption>
                        <thead><tr><th scope="col">"Name"</th><th scope="col">"Type"</th><th scope="col">"Owner"</th><th scope="col">"Accounts"</th></tr></thead>
                        <tbody>
                            {apps.into_iter().map(|a| {
                                let to = crate::route::href(&format!("/iiq/applications/{}", isc_core::http::encode_component(&a.id)));
                                let accounts = crate::route::href(&AccountQuery { application: a.id.clone(), ..Default::default() }.to_url());
                                view! {
                                    <tr>
                                        <td><a href=to><bdi>{isc_core::shown::text(&a.name)}</bdi></a></td>
                                        <td>{a.kind}</td>
                                        <td><bdi>{a.owner}</bdi></td>
                                        <td><a href=accounts aria-label=format!("Accounts of {}", a.name)>"Accounts"</a></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                    <crate::components::table::Pager page=page pages=pages text=format!("Page {page} of {pages}")
                        on_page=Callback::new(move |n: u64| { start.set((n - 1) * iiq::PAGE + 1); keep_url(); })/>
                }.into_any()
            }
        }}
    }
}

/// The schema as a table: what each attribute takes.
fn schema_table(s: &Schema) -> AnyView {
    view! {
        <div class="table-wrap" role="region" aria-label="Account schema (scrolls sideways)" tabindex="0">
        <table>
            <caption>"Account schema"</caption>
            <thead><tr>
                <th scope="col">"Attribute"</th><th scope="col">"Type"</th><th scope="col">"Required"</th>
                <th scope="col">"Multi-valued"</th><th scope="col">"Who sets it"</th><th scope="col">"Allowed values"</th><th scope="col">"Description"</th>
            </tr></thead>
            <tbody>
                {s.attrs.iter().map(|a| view! {
                    <tr>
                        <th scope="row"><code>{a.name.clone()}</code></th>
                        <td>{a.kind.label()}</td>
                        <td>{if a.required { "required" } else { "—" }}</td>
                        <td>{if a.multi { "yes" } else { "no" }}</td>
                        <td>{a.mutability.label()}</td>
                        <td>{if a.canonical.is_empty() { "any".to_string() } else { a.canonical.join(", ") }}</td>
                        <td>{a.description.clone()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}

/// A screen of the application in the address (`/iiq/applications/{id}…`): the heading
/// `what` and the line `reading` while the application and its schema are read (or the
/// error under that heading), then `show`.
fn with_app(
    what: &'static str,
    reading: &'static str,
    show: fn(App, Schema) -> AnyView,
) -> AnyView {
    let id = path_id();
    let got = load(move || app_and_schema(id.clone()));
    view! {
        {move || match got.get() {
            None => view! { <h1>{what}</h1>{loading(reading)} }.into_any(),
            Some(Err(e)) => view! { <h1>{what}</h1><p role="alert">{e}</p> }.into_any(),
            Some(Ok((a, s))) => show(a, s),
        }}
    }
    .into_any()
}

/// One application: its facts, its account schema, and the ways to its accounts.
#[component]
pub fn IiqAppPage() -> impl IntoView {
    with_app(
        "Application",
        "Reading the application and its schema…",
        |a, s| {
            crate::components::page::set_title(&a.name);
            let new = crate::route::href(&format!(
                "/iiq/applications/{}/new",
                isc_core::http::encode_component(&a.id)
            ));
            let accounts = crate::route::href(
                &AccountQuery {
                    application: a.id.clone(),
                    ..Default::default()
                }
                .to_url(),
            );
            view! {
                <crate::components::page::Crumbs name=a.name.clone()/>
                <NameHeading raw=a.name.clone()/>
                <dl class="facts">
                    <dt>"Type"</dt><dd>{a.kind.clone()}</dd>
                    <dt>"Owner"</dt><dd><bdi>{a.owner.clone()}</bdi></dd>
                    <dt>"Id"</dt><dd><code>{a.id.clone()}</code></dd>
                    <dt>"Account schema"</dt><dd><code>{s.id.clone()}</code></dd>
                </dl>
                <div class="actions">
                    <a class="button" href=new>"New account"</a>
                    <a class="button secondary" href=accounts>"Accounts of this application"</a>
                </div>
                {schema_table(&s)}
            }
            .into_any()
        },
    )
}

/// The inputs for the schema's attributes (those the form may set), bound to `form`.
fn attr_inputs(
    schema: &Schema,
    form: RwSignal<AccountForm>,
    errs: RwSignal<Vec<FieldError>>,
    creating: bool,
) -> AnyView {
    schema
        .attrs
        .iter()
        .filter(|a| if creating { a.on_create() } else { a.on_update() })
        .map(|a| {
            let id = format!("attr-{}", a.name);
            let name = a.name.clone();
            let n1 = name.clone();
            let value = move || form.with(|f| f.values.get(&n1).cloned().unwrap_or_default());
            let n2 = name.clone();
            let set = move |v: String| form.update(|f| { f.values.insert(n2.clone(), v); });
            let n3 = name.clone();
            let err = move || errs.with(|e| e.iter().find(|x| x.field == n3).map(|x| x.message.clone()));
            let err2 = err.clone();
            let invalid = move || if err2().is_some() { "true" } else { "false" };
            let mut hint = a.kind.label().to_string();
            if a.multi {
                hint.push_str(", one value per line");
            }
            if a.kind == Kind::DateTime {
                hint.push_str(", like 2026-12-02T09:30:00Z");
            }
            if !a.canonical.is_empty() && (a.multi || a.kind != Kind::String) {
                hint.push_str(&format!("; one of {}", a.canonical.join(", ")));
            }
            if !a.description.is_empty() {
                hint.push_str(&format!(". {}", a.description));
            }
            let described = format!("{id}-hint {id}-err");
            let req = a.required.then_some("true");
            let input = if a.kind == Kind::Boolean || (!a.canonical.is_empty() && !a.multi) {
                let options: Vec<String> = if a.kind == Kind::Boolean {
                    vec!["true".into(), "false".into()]
                } else {
                    a.canonical.clone()
                };
                view! {
                    <select id=id.clone() aria-describedby=described aria-required=req aria-invalid=invalid
                        prop:value=value on:change=move |ev| set(event_target_value(&ev))>
                        <option value="">"— not set —"</option>
                        {options.into_iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
                    </select>
                }
                .into_any()
            } else if a.multi {
                view! {
                    <textarea id=id.clone() rows="3" spellcheck="false" aria-describedby=described aria-required=req aria-invalid=invalid
                        prop:value=value on:input=move |ev| set(event_target_value(&ev))></textarea>
                }
                .into_any()
            } else {
                let mode = if matches!(a.kind, Kind::Integer | Kind::Decimal) { "decimal" } else { "text" };
                view! {
                    <input id=id.clone() type="text" inputmode=mode spellcheck="false" aria-describedby=described aria-required=req aria-invalid=invalid
                        prop:value=value on:input=move |ev| set(event_target_value(&ev))/>
                }
                .into_any()
            };
            view! {
                <div class="field">
                    <label for=id.clone()>{name.clone()}{a.required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
                    {input}
                    <p id=format!("{id}-hint") class="hint">{hint}</p>
                    <p id=format!("{id}-err") class="error">{err}</p>
                </div>
            }
        })
        .collect_view()
        .into_any()
}

fn core_error(
    errs: RwSignal<Vec<FieldError>>,
    field: &'static str,
) -> impl Fn() -> Option<String> + Copy {
    move || {
        errs.with(|e| {
            e.iter()
                .find(|x| x.field == field)
                .map(|x| x.message.clone())
        })
    }
}

/// The identity search: `/Users` by user name, one to pick.
#[component]
fn IdentityPicker(form: RwSignal<AccountForm>, errs: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Result<Vec<iiq::Ref>, String>>);
    let err = core_error(errs, "identity");
    let find = move || {
        let t = text.get_untracked();
        if t.trim().is_empty() {
            found.set(Some(Err("Type the start of a user name.".into())));
            return;
        }
        spawn_local(async move {
            let r = get_list(iiq::users(&t)).await.map(|p| {
                p.resources
                    .iter()
                    .map(|u| {
                        let s =
                            |k: &str| u.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                        iiq::Ref {
                            value: s("id"),
                            display: format!("{} ({})", s("displayName"), s("userName")),
                        }
                    })
                    .collect::<Vec<_>>()
            });
            let _ = found.try_set(Some(r));
        });
    };
    view! {
        <fieldset class="field">
            <legend>"Identity"<span class="req" aria-hidden="true">" *"</span></legend>
            <p class="hint" id="identity-hint">{move || form.with(|f| if f.identity.value.is_empty() { "No identity chosen yet: search by user name.".to_string() } else { format!("Chosen: {}", f.identity.display) })}</p>
            <div class="inline">
                <label for="identity-search" class="sr-only">"Search identities by user name"</label>
                <input id="identity-search" type="search" placeholder="User name starts with…" aria-describedby="identity-hint identity-err"
                    aria-invalid=move || if err().is_some() { "true" } else { "false" }
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { ev.prevent_default(); find() }/>
                <button type="button" class="secondary" on:click=move |_| find()>"Find identity"</button>
            </div>
            <p id="identity-err" class="error">{err}</p>
            {move || match found.get() {
                None => ().into_any(),
                Some(Err(e)) => view! { <p role="alert">{e}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p role="status">"No identity has a user name starting so."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <div role="radiogroup" aria-label="Identities found" class="choices">
                        {list.into_iter().map(|r| {
                            let v = r.value.clone();
                            let id = format!("pick-{}", r.value);
                            let chosen = v.clone();
                            let disp = r.display.clone();
                            view! {
                                <div class="check">
                                    <input type="radio" name="identity" id=id.clone() value=v.clone()
                                        prop:checked=move || form.with(|f| f.identity.value == chosen)
                                        on:change=move |_| form.update(|f| f.identity = r.clone())/>
                                    <label for=id>{disp}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                }.into_any(),
            }}
        </fieldset>
    }
}

/// Reads back, after a create whose answer was lost, whether the account is there.
async fn find_native(app: &str, native: &str) -> Option<String> {
    let q = AccountQuery {
        application: app.to_string(),
        native_identity: native.to_string(),
        ..Default::default()
    };
    let p = get_list(iiq::accounts(&q)).await.ok()?;
    p.resources
        .first()
        .and_then(|a| a.get("id").and_then(Value::as_str).map(str::to_string))
}

/// A new account on an application, from a form made from its schema.
#[component]
pub fn IiqAccountNew() -> impl IntoView {
    with_app(
        "New account",
        "Reading the application's account schema…",
        |a, s| view! { <AccountEditor app=a schema=s current=None/> }.into_any(),
    )
}

/// The create form (no `current`) or the edit form of an account as read.
#[component]
fn AccountEditor(
    app: App,
    schema: Schema,
    current: Option<Value>,
    #[prop(optional)] done: Option<Callback<Value>>,
) -> impl IntoView {
    let ro = expect_context::<crate::state::session::Session>().read_only();
    let creating = current.is_none();
    let form = RwSignal::new(match &current {
        Some(c) => iiq::form_of(c, &schema),
        None => AccountForm::default(),
    });
    let errs = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (app_s, schema_s, current_s) = (
        StoredValue::new(app.clone()),
        StoredValue::new(schema.clone()),
        StoredValue::new(current.clone()),
    );
    let built = Memo::new(move |_| {
        form.with(|f| {
            app_s.with_value(|a| {
                schema_s.with_value(|s| {
                    current_s.with_value(|c| iiq::build_account(a, s, f, c.as_ref()))
                })
            })
        })
    });
    let request = move || {
        let body = built
            .get()
            .unwrap_or_else(|_| serde_json::json!({"(not ready)": "fix the fields marked"}));
        match current_s
            .get_value()
            .and_then(|c| c.get("id").and_then(Value::as_str).map(str::to_string))
        {
            Some(id) => iiq::update_account(&id, &body),
            None => iiq::create_account(&body),
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        if let Err(e) = built.get_untracked() {
            errs.set(e);
            focus_first_error();
            return;
        }
        errs.set(Vec::new());
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let req = request();
        let app = app_s.get_value();
        let native = form.with_untracked(|f| f.native_identity.trim().to_string());
        spawn_local(async move {
            let r = crate::api::call_json(req).await;
            let _ = busy.try_set(false);
            match r {
                Ok((v, _)) if creating => {
                    let id = v.get("id").and_then(Value::as_str).unwrap_or("").to_string();
                    navigate_with(
                        &format!("/iiq/accounts/{}", isc_core::http::encode_component(&id)),
                        format!("Account {native} created on {}: IdentityIQ answered 201 with the account below.", app.name),
                    );
                }
                Ok((v, _)) => {
                    if let Some(d) = done {
                        d.run(v);
                    }
                }
                Err(e) if creating && e.outcome_unknown() => match find_native(&app.id, &native).await {
                    Some(id) => navigate_with(
                        &format!("/iiq/accounts/{}", isc_core::http::encode_component(&id)),
                        format!("The answer was lost ({}), but IdentityIQ did create account {native}: here it is.", e.sentence()),
                    ),
                    None => {
                        let _ = failure.try_set(Some(format!("{} IdentityIQ holds no account {native} on {}: nothing was made. Everything typed is kept; create it again when ready.", fail(&e), app.name)));
                        focus("iiq-save-failure");
                    }
                },
                Err(e) => {
                    let _ = failure.try_set(Some(format!("{} Everything typed is kept.", fail(&e))));
                    focus("iiq-save-failure");
                }
            }
        });
    };
    let native_err = core_error(errs, "nativeIdentity");
    let text_input = move |id: &'static str,
                           label: &'static str,
                           get: fn(&AccountForm) -> String,
                           put: fn(&mut AccountForm, String),
                           hint: &'static str,
                           locked: bool| {
        let err = core_error(
            errs,
            if id == "iiq-native" {
                "nativeIdentity"
            } else {
                ""
            },
        );
        view! {
            <div class="field">
                <label for=id>{label}{(id == "iiq-native").then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
                <input id=id type=if id == "iiq-password" { "password" } else { "text" } spellcheck="false"
                    autocomplete=if id == "iiq-password" { "new-password" } else { "off" }
                    readonly=locked aria-required=(id == "iiq-native").then_some("true")
                    aria-describedby=format!("{id}-hint {id}-err") aria-invalid=move || if err().is_some() { "true" } else { "false" }
                    prop:value=move || form.with(get) on:input=move |ev| form.update(|f| put(f, event_target_value(&ev)))/>
                <p id=format!("{id}-hint") class="hint">{hint}</p>
                <p id=format!("{id}-err") class="error">{err}</p>
            </div>
        }
    };
    let _ = native_err;
    view! {
        {creating.then(|| view! {
            <crate::components::page::Crumbs name=format!("New account on {}", app.name)/>
            <h1>"New account on "<bdi>{app.name.clone()}</bdi></h1>
        })}
        <crate::components::read_only::ReadOnlyNotice/>
        <form class="card" on:submit=submit novalidate=true aria-label=if creating { "New IdentityIQ account" } else { "Edit the account" }>
            <p class="hint">"Fields marked * are required by this application's schema. Every value is checked against the schema before anything is sent."</p>
            {creating.then(|| view! { <IdentityPicker form=form errs=errs/> })}
            {text_input("iiq-native", "Native identity", |f| f.native_identity.clone(), |f, v| f.native_identity = v,
                if creating { "The account's id on the application. It cannot change later." } else { "Cannot change once the account exists." }, !creating)}
            {text_input("iiq-display", "Display name", |f| f.display_name.clone(), |f, v| f.display_name = v, "Optional.", false)}
            {text_input("iiq-password", "Password", |f| f.password.clone(), |f, v| f.password = v,
                "Optional, write-only: sent once, never shown back, never kept, hidden in Activity and curl.", false)}
            <fieldset>
                <legend>{format!("{} attributes", app.name)}</legend>
                {attr_inputs(&schema, form, errs, creating)}
            </fieldset>
            <details>
                <summary>"Request to send"</summary>
                <pre class="wrap"><code>{move || { let r = request(); format!("{} {}\nContent-Type: {}\n\n{}", r.method, crate::api::url_for(&r), iiq::SCIM_JSON, r.redacted_body().unwrap_or_default()) }}</code></pre>
                <CopyButton text=Callback::new(move |_| crate::api::curl_for(&request()))/>
            </details>
            <div role="alert" id="iiq-save-failure" tabindex="-1" class="failure">{move || failure.get()}</div>
            <div class="actions">
                <button type="submit" disabled=move || busy.get() || ro.get()>
                    {move || match (busy.get(), creating) { (true, _) => "Sending…", (false, true) => "Create account", (false, false) => "Save changes" }}
                </button>
            </div>
        </form>
    }
}

/// The accounts: filter by application, display name and native identity; sort; page.
#[component]
pub fn IiqAccounts() -> impl IntoView {
    let q = RwSignal::new(AccountQuery::from_query(&crate::route::current_query()));
    let typed = RwSignal::new(q.get_untracked());
    let apps = load(|| async { get_list(iiq::applications("", 1)).await });
    let got = load(move || {
        let query = q.get();
        async move { get_list(iiq::accounts(&query)).await }
    });
    let apply = move |n: AccountQuery| {
        crate::route::navigate(&n.to_url());
        q.set(n);
    };
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut n = typed.get_untracked();
        n.start_index = 1;
        apply(n);
    };
    view! {
        <form class="filters" role="search" aria-label="Filter accounts" on:submit=search>
            <div class="field">
                <label for="f-app">"Application"</label>
                <select id="f-app" prop:value=move || typed.with(|t| t.application.clone())
                    on:change=move |ev| typed.update(|t| t.application = event_target_value(&ev))>
                    <option value="">"Any application"</option>
                    {move || apps.get().and_then(Result::ok).map(|p| p.resources.iter().map(iiq::parse_app).map(|a| view! {
                        <option value=a.id.clone() selected=typed.with_untracked(|t| t.application == a.id)>{a.name.clone()}</option>
                    }).collect_view())}
                </select>
            </div>
            <div class="field">
                <label for="f-name">"Display name starts with"</label>
                <input id="f-name" type="search" prop:value=move || typed.with(|t| t.display_name.clone())
                    on:input=move |ev| typed.update(|t| t.display_name = event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="f-native">"Native identity is"</label>
                <input id="f-native" type="search" prop:value=move || typed.with(|t| t.native_identity.clone())
                    on:input=move |ev| typed.update(|t| t.native_identity = event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="f-sort">"Sort by"</label>
                <select id="f-sort" prop:value=move || typed.with(|t| format!("{}{}", t.sort_by, if t.descending { ":desc" } else { "" }))
                    on:change=move |ev| { let v = event_target_value(&ev); typed.update(|t| { let (by, d) = v.split_once(':').map_or((v.as_str(), false), |(b, _)| (b, true)); t.sort_by = by.to_string(); t.descending = d; }) }>
                    <option value="">"The server's order"</option>
                    <option value="displayName">"Display name, A to Z"</option>
                    <option value="displayName:desc">"Display name, Z to A"</option>
                    <option value="nativeIdentity">"Native identity, A to Z"</option>
                    <option value="nativeIdentity:desc">"Native identity, Z to A"</option>
                </select>
            </div>
            <button type="submit">"Show accounts"</button>
        </form>
        <p class="hint">{move || { let f = q.with(AccountQuery::filter); if f.is_empty() { "No filter: every account.".to_string() } else { format!("SCIM filter: {f}") } }}</p>
        {move || match got.get() {
            None => loading("Reading the accounts…"),
            Some(Err(e)) => view! { <p role="alert">{e}</p> }.into_any(),
            Some(Ok(p)) => {
                let pages = p.total.div_ceil(iiq::PAGE).max(1);
                let page = (p.start_index.max(1) - 1) / iiq::PAGE + 1;
                let rows: Vec<iiq::AccountRow> = p.resources.iter().map(iiq::parse_account).collect();
                view! {
                    <p role="status">{format!("Accounts {}", p.range())}</p>
                    <div class="table-wrap" role="region" aria-label="Accounts (scrolls sideways)" tabindex="0">
                    <table>
                        <caption class="sr-only">"IdentityIQ accounts"</caption>
                        <thead><tr><th scope="col">"Native identity"</th><th scope="col">"Display name"</th><th scope="col">"Application"</th><th scope="col">"Identity"</th><th scope="col">"Active"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>
                                    <td><a href=crate::route::href(&format!("/iiq/accounts/{}", isc_core::http::encode_component(&r.id)))><bdi>{isc_core::shown::text(&r.native_identity)}</bdi></a></td>
                                    <td><bdi>{isc_core::shown::text(&r.display_name)}</bdi></td>
                                    <td><bdi>{r.application}</bdi></td>
                                    <td><bdi>{r.identity}</bdi></td>
                                    <td>{match r.active { Some(true) => "yes", Some(false) => "no", None => "—" }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                    <crate::components::table::Pager page=page pages=pages text=format!("Page {page} of {pages}")
                        on_page=Callback::new(move |n: u64| { let mut x = q.get_untracked(); x.start_index = (n - 1) * iiq::PAGE + 1; typed.set(x.clone()); apply(x); })/>
                }.into_any()
            }
        }}
    }
}

/// One account, its application's attributes shown by the schema; edit and delete.
#[component]
pub fn IiqAccountPage() -> impl IntoView {
    let id = path_id();
    let version = RwSignal::new(0u32);
    // Kept across a read again: what the last action did.
    let outcome = RwSignal::new(None::<String>);
    let fetch_id = id.clone();
    let got = load(move || {
        version.track();
        let id = fetch_id.clone();
        async move {
            let acc = get_json(iiq::account(&id)).await?;
            let app_id = acc
                .get("application")
                .and_then(|a| a.get("value"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let (app, schema) = app_and_schema(app_id).await?;
            Ok::<_, String>((acc, app, schema))
        }
    });
    view! {
        {move || match got.get() {
            None => view! { <h1>"Account"</h1>{loading("Reading the account…")} }.into_any(),
            Some(Err(e)) => view! { <crate::components::page::Crumbs name="Account".to_string()/><h1>"Account"</h1><p role="alert">{e}</p> }.into_any(),
            Some(Ok((acc, app, schema))) => view! { <AccountView acc=acc app=app schema=schema version=version outcome=outcome/> }.into_any(),
        }}
    }
}

#[component]
fn AccountView(
    acc: Value,
    app: App,
    schema: Schema,
    version: RwSignal<u32>,
    outcome: RwSignal<Option<String>>,
) -> impl IntoView {
    let ro = expect_context::<crate::state::session::Session>().read_only();
    let row = iiq::parse_account(&acc);
    let name = if row.display_name.is_empty() {
        row.native_identity.clone()
    } else {
        row.display_name.clone()
    };
    crate::components::page::set_title(&name);
    let editing = RwSignal::new(false);
    let confirm = RwSignal::new(false);

    let ext = iiq::extension(&acc)
        .map(|(_, m)| m.clone())
        .unwrap_or_default();
    let mut shown: Vec<(String, String)> = schema
        .attrs
        .iter()
        .map(|a| {
            (
                a.name.clone(),
                ext.get(&a.name)
                    .map(|v| iiq::shown_value(v, ", "))
                    .unwrap_or_default(),
            )
        })
        .collect();
    for (k, v) in &ext {
        if !schema.attrs.iter().any(|a| &a.name == k) {
            shown.push((k.clone(), iiq::shown_value(v, ", ")));
        }
    }
    let id = row.id.clone();
    let native = row.native_identity.clone();
    let app_id = app.id.clone();
    let delete = move |_| {
        let (id, native, app_id) = (id.clone(), native.clone(), app_id.clone());
        confirm.set(false);
        spawn_local(async move {
            match crate::api::call(iiq::delete_account(&id)).await {
                Ok(_) => navigate_with(
                    &AccountQuery {
                        application: app_id,
                        ..Default::default()
                    }
                    .to_url(),
                    format!("Account {native} deleted from IdentityIQ (204)."),
                ),
                Err(e) if e.status == 404 || e.outcome_unknown() => {
                    // Read back: gone is what was asked, whoever removed it.
                    let gone = crate::api::call(iiq::account(&id))
                        .await
                        .err()
                        .is_some_and(|x| x.status == 404);
                    if gone {
                        navigate_with(
                            &AccountQuery {
                                application: app_id,
                                ..Default::default()
                            }
                            .to_url(),
                            format!("Account {native} is gone from IdentityIQ."),
                        );
                    } else {
                        let _ = outcome
                            .try_set(Some(format!("{} The account is still there.", fail(&e))));
                        focus("iiq-outcome");
                    }
                }
                Err(e) => {
                    let _ = outcome.try_set(Some(fail(&e)));
                    focus("iiq-outcome");
                }
            }
        });
    };
    // Enable or disable: the whole account again (a PUT), with `active` turned.
    let turn = {
        let (acc, app, schema) = (acc.clone(), app.clone(), schema.clone());
        move |on: bool| {
            let mut f = iiq::form_of(&acc, &schema);
            f.active = Some(on);
            let id = acc
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let body = match iiq::build_account(&app, &schema, &f, Some(&acc)) {
                Ok(b) => b,
                Err(e) => {
                    outcome.set(Some(format!("The account as read does not pass its schema, so it cannot be sent back: {}", e.iter().map(|x| format!("{}: {}", x.field, x.message)).collect::<Vec<_>>().join(" "))));
                    focus("iiq-outcome");
                    return;
                }
            };
            spawn_local(async move {
                let said = match crate::api::call_json(iiq::update_account(&id, &body)).await {
                    Ok((v, _)) => match v.get("active").and_then(Value::as_bool) {
                        Some(a) if a == on => format!(
                            "Account {}: IdentityIQ answered 200.",
                            if on { "enabled" } else { "disabled" }
                        ),
                        _ => {
                            "IdentityIQ answered 200 but the account's active flag did not change."
                                .to_string()
                        }
                    },
                    Err(e) => fail(&e),
                };
                let _ = outcome.try_set(Some(said));
                version.update(|v| *v += 1);
                focus("iiq-outcome");
            });
        }
    };
    let active_now = row.active.unwrap_or(true);
    let saved = Callback::new(move |_v: Value| {
        editing.set(false);
        outcome.set(Some(
            "Changes saved: IdentityIQ answered 200 with the account as shown.".into(),
        ));
        version.update(|v| *v += 1);
    });
    let confirm_text = format!("Delete account {} from {} in IdentityIQ? IdentityIQ removes it from the application; this cannot be undone here.", row.native_identity, app.name);
    let app_link = crate::route::href(&format!(
        "/iiq/applications/{}",
        isc_core::http::encode_component(&app.id)
    ));
    let yes_no = |b: Option<bool>| match b {
        Some(true) => "yes",
        Some(false) => "no",
        None => "—",
    };
    let locked = acc.get("locked").and_then(Value::as_bool);
    let meta = |k: &str| {
        acc.get("meta")
            .and_then(|m| m.get(k))
            .and_then(Value::as_str)
            .unwrap_or("—")
            .to_string()
    };
    view! {
        <crate::components::page::Crumbs name=name.clone()/>
        <NameHeading raw=name.clone()>
            <button type="button" class="secondary" on:click=move |_| { outcome.set(Some("Read again from IdentityIQ.".into())); version.update(|v| *v += 1); }>"Refresh"</button>
        </NameHeading>
        <p id="iiq-outcome" role="status" tabindex="-1" class="outcome">{move || outcome.get()}</p>
        <dl class="facts">
            <dt>"Application"</dt><dd><a href=app_link><bdi>{app.name.clone()}</bdi></a></dd>
            <dt>"Native identity"</dt><dd><code>{row.native_identity.clone()}</code></dd>
            <dt>"Identity"</dt><dd><bdi>{row.identity.clone()}</bdi></dd>
            <dt>"Active"</dt><dd>{yes_no(row.active)}</dd>
            <dt>"Locked"</dt><dd>{yes_no(locked)}</dd>
            <dt>"Id"</dt><dd><code>{row.id.clone()}</code></dd>
            <dt>"Created"</dt><dd>{meta("created")}</dd>
            <dt>"Last modified"</dt><dd>{meta("lastModified")}</dd>
        </dl>
        <div class="table-wrap" role="region" aria-label="Attributes (scrolls sideways)" tabindex="0">
        <table>
            <caption>{format!("{} attributes", app.name)}</caption>
            <thead><tr><th scope="col">"Attribute"</th><th scope="col">"Value"</th></tr></thead>
            <tbody>
                {shown.into_iter().map(|(k, v)| view! {
                    <tr><th scope="row"><code>{k}</code></th><td class:placeholder=v.is_empty()><bdi>{if v.is_empty() { "(not set)".to_string() } else { isc_core::shown::text(&v) }}</bdi></td></tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <crate::components::read_only::ReadOnlyNotice/>
        <div class="actions">
            <button type="button" disabled=move || ro.get() aria-expanded=move || editing.get().to_string()
                on:click=move |_| editing.update(|e| *e = !*e)>{move || if editing.get() { "Close the edit form" } else { "Edit…" }}</button>
            <button type="button" class="secondary" disabled=move || ro.get() on:click=move |_| turn(!active_now)>
                {if active_now { "Disable" } else { "Enable" }}
            </button>
            <button type="button" class="danger" id="iiq-delete-open" disabled=move || ro.get()
                on:click=move |_| { confirm.set(true); focus("iiq-delete-now"); }>"Delete…"</button>
        </div>
        <Show when=move || confirm.get()>
            <div class="notice" role="group" aria-label="Confirm delete">
                <p>{confirm_text.clone()}</p>
                <div class="actions">
                    <button type="button" class="danger" id="iiq-delete-now" on:click=delete.clone()>"Delete account"</button>
                    <button type="button" class="secondary" on:click=move |_| { confirm.set(false); focus("iiq-delete-open"); }>"Cancel"</button>
                </div>
            </div>
        </Show>
        {
            let (app, schema, acc) = (app.clone(), schema.clone(), acc.clone());
            move || editing.get().then(|| view! { <AccountEditor app=app.clone() schema=schema.clone() current=Some(acc.clone()) done=saved/> })
        }
    }
}
