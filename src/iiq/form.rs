//! A new account: a form made from the application's schema, every value checked before it is sent.

use super::*;

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
pub(super) fn IiqAccountNew() -> impl IntoView {
    with_app(
        "New account",
        "Reading the application's account schema…",
        |a, s| view! { <AccountEditor app=a schema=s current=None/> }.into_any(),
    )
}

/// The create form (no `current`) or the edit form of an account as read.
#[component]
pub(super) fn AccountEditor(
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
