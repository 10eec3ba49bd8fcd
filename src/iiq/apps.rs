//! The applications, what the server supports, and an application with its account schema.

use super::*;

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
pub(super) fn IiqApps() -> impl IntoView {
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
                    <crate::components::table::ScrollTable label="Applications" caption="Applications" headers=&["Name", "Type", "Owner", "Accounts"]>
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
                    </crate::components::table::ScrollTable>
                    <crate::components::table::Pager page=page pages=pages text=format!("Page {page} of {pages}")
                        on_page=Callback::new(move |n: u64| { start.set((n - 1) * iiq::PAGE + 1); keep_url(); })/>
                }.into_any()
            }
        }}
    }
}

/// The schema as a table: what each attribute takes.
fn schema_table(s: &Schema) -> AnyView {
    let rows = s.attrs.iter().map(|a| view! {
                    <tr>
                        <th scope="row"><code>{a.name.clone()}</code></th>
                        <td>{a.kind.label()}</td>
                        <td>{if a.required { "required" } else { "—" }}</td>
                        <td>{if a.multi { "yes" } else { "no" }}</td>
                        <td>{a.mutability.label()}</td>
                        <td>{if a.canonical.is_empty() { "any".to_string() } else { a.canonical.join(", ") }}</td>
                        <td>{a.description.clone()}</td>
                    </tr>
                }).collect_view();
    view! {
        <crate::components::table::ScrollTable label="Account schema" caption="Account schema" headers=&["Attribute", "Type", "Required", "Multi-valued", "Who sets it", "Allowed values", "Description"] caption_shown=true>
                {rows}
        </crate::components::table::ScrollTable>
    }
    .into_any()
}

/// A screen of the application in the address (`/iiq/applications/{id}…`): the heading
/// `what` and the line `reading` while the application and its schema are read (or the
/// error under that heading), then `show`.
pub(super) fn with_app(
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
pub(super) fn IiqAppPage() -> impl IntoView {
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
