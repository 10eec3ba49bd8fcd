//! The accounts list, and an account with edit, enable or disable, and delete.

use super::*;

/// The accounts: filter by application, display name and native identity; sort; page.
#[component]
pub(super) fn IiqAccounts() -> impl IntoView {
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
                    <table class="grid">
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
pub(super) fn IiqAccountPage() -> impl IntoView {
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
        <table class="grid">
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
                on:click=move |_| { confirm.set(true); focus("iiq-delete-cancel"); }>"Delete…"</button>
        </div>
        <Show when=move || confirm.get()>
            <div class="notice" role="group" aria-label="Confirm delete">
                <p>{confirm_text.clone()}</p>
                <div class="actions">
                    <button type="button" class="danger" id="iiq-delete-now" on:click=delete.clone()>"Delete account"</button>
                    <button type="button" class="secondary" id="iiq-delete-cancel" on:click=move |_| { confirm.set(false); focus("iiq-delete-open"); }>"Cancel"</button>
                </div>
            </div>
        </Show>
        {
            let (app, schema, acc) = (app.clone(), schema.clone(), acc.clone());
            move || editing.get().then(|| view! { <AccountEditor app=app.clone() schema=schema.clone() current=Some(acc.clone()) done=saved/> })
        }
    }
}
