//! The Tasks page: the tenant's tasks, newest first, read from its task status list (the
//! truth, reloadable), filtered by source, state and kind in the address; what this tab
//! started is marked, and followed live below.

use crate::components::connected::Connected;
use crate::components::load::{following, loading};
use crate::components::show::Show;
use crate::components::table::Pager;
use crate::state::tasks::Tasks;
use isc_core::api::tasks::{self, StateFilter, TaskQuery, TaskRow, TaskState};
use isc_core::paging::{page_count, total_count, PageQuery};
use isc_core::route::Query;
use leptos::prelude::*;

const SIZE: u32 = 50;

/// What the list shows, as the address keeps it (`/tasks?source=…&state=…&kind=…&page=…`).
#[derive(Clone, Debug, Default, PartialEq)]
struct ListState {
    source: String,
    state: String,
    /// Read on the loaded page: `aggregation` or `account` (the API has no such filter).
    kind: String,
    /// Started on or after this day (`YYYY-MM-DD`), read on the loaded page (the API filters
    /// no date; the list is newest first).
    since: String,
    page: u64,
}

impl ListState {
    fn from_query(q: &Query) -> Self {
        ListState {
            source: q.get("source").unwrap_or_default(),
            state: q.get("state").unwrap_or_default(),
            kind: q.get("kind").unwrap_or_default(),
            since: q.get("since").unwrap_or_default(),
            page: q
                .get("page")
                .and_then(|p| p.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
        }
    }

    fn to_url(&self) -> String {
        let mut parts = vec![];
        for (k, v) in [
            ("source", &self.source),
            ("state", &self.state),
            ("kind", &self.kind),
            ("since", &self.since),
        ] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", isc_core::http::encode_component(v)));
            }
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() {
            "/tasks".into()
        } else {
            format!("/tasks?{}", parts.join("&"))
        }
    }

    fn query(&self) -> TaskQuery {
        TaskQuery {
            source_id: (!self.source.is_empty()).then(|| self.source.clone()),
            state: StateFilter::from_key(&self.state),
        }
    }
}

#[derive(Clone)]
struct Listed {
    rows: Vec<TaskRow>,
    total: Option<u64>,
}

async fn fetch(st: ListState) -> Result<Listed, String> {
    let g = crate::api::generation();
    let req = tasks::list(g, &st.query(), PageQuery::page(st.page - 1, SIZE))?;
    let (v, resp) = crate::api::call_json(req).await.map_err(|e| e.sentence())?;
    let rows = v
        .as_array()
        .map(|a| a.iter().map(tasks::task_row).collect())
        .unwrap_or_default();
    Ok(Listed {
        rows,
        total: total_count(&resp),
    })
}

/// Where a task's target is shown in the console.
pub(super) fn target_link(t: &(String, String, String)) -> AnyView {
    let (kind, id, name) = t;
    let at = match kind.as_str() {
        "SOURCE" => Some(format!("/sources/{id}")),
        "ACCOUNT" => Some(format!("/accounts/{id}")),
        _ => None,
    };
    match at {
        Some(at) => {
            view! { <a href=crate::route::href(&at)><bdi>{isc_core::shown::text(name)}</bdi></a> }
                .into_any()
        }
        None => view! { <bdi>{isc_core::shown::text(name)}</bdi> }.into_any(),
    }
}

/// The tasks page.
#[component]
pub fn TasksPage() -> impl IntoView {
    view! {
        <h1>"Tasks"</h1>
        <Connected>
            <TenantTasks/>
            <StartedHere/>
        </Connected>
    }
}

#[component]
fn TenantTasks() -> impl IntoView {
    let query = crate::route::query();
    let state = Memo::new(move |_| ListState::from_query(&query.get()));
    let sources = crate::components::load::load(crate::api::lookups::load_sources);
    let started = expect_context::<Tasks>().entries();
    // Read again every 3 s while a task shown is running (one call: under the rate limit).
    let tick = RwSignal::new(0u32);
    let data = following(move || {
        tick.track();
        fetch(state.get())
    });
    Effect::new(move |_| {
        let running = data.with(|d| {
            d.as_ref()
                .and_then(|r| r.as_ref().ok())
                .is_some_and(|l| l.rows.iter().any(|r| r.state == TaskState::Running))
        });
        if running {
            let t = tick;
            gloo_timers::callback::Timeout::new(3000, move || {
                let _ = t.try_update(|n| *n += 1);
            })
            .forget();
        }
    });
    let go = move |f: &dyn Fn(&mut ListState)| {
        let mut s = state.get_untracked();
        f(&mut s);
        crate::route::navigate(&s.to_url());
    };
    let since_problem = RwSignal::new(None::<String>);
    let g = crate::api::generation();
    let path = tasks::list(g, &TaskQuery::default(), PageQuery::page(0, 1))
        .map(|r| r.path)
        .unwrap_or_default();
    view! {
        <p class="hint">{format!("The tenant's tasks, newest first, read from GET {path} (ISC keeps 90 days). Tasks this tab started are marked; a running task is read again every 3 s.")}</p>
        {(g == isc_core::api::Generation::Classic).then(|| view! { <p class="hint">{tasks::CLASSIC_LISTS_COMPLETED}</p> })}
        <form class="filters" role="search" aria-label="Filter tasks" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="t-source">"Source"</label>
                <select id="t-source" prop:value=move || state.get().source on:change=move |ev| { let v = event_target_value(&ev); go(&|s| { s.source = v.clone(); s.page = 1; }); }>
                    <option value="">"Any source"</option>
                    {move || sources.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|s| {
                        let id = s.id.clone();
                        view! { <option value=id.clone() selected=move || state.with(|st| st.source == id)>{isc_core::shown::text(&s.name)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="t-state">"State"</label>
                <select id="t-state" prop:value=move || state.get().state on:change=move |ev| { let v = event_target_value(&ev); go(&|s| { s.state = v.clone(); s.page = 1; }); }>
                    <option value="">"Any state"</option>
                    {StateFilter::ALL.map(|(_, k, l)| view! { <option value=k>{l}</option> })}
                </select>
            </div>
            <div class="field">
                <label for="t-since">"Started on or after"</label>
                <input id="t-since" type="date" prop:value=move || state.get().since
                    aria-invalid=move || if since_problem.get().is_some() { "true" } else { "false" }
                    aria-describedby="t-since-err"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        match isc_core::dates::date_problem(&v).filter(|_| !v.is_empty()) {
                            Some(why) => since_problem.set(Some(why)),
                            None => { since_problem.set(None); go(&|s| s.since = v.clone()); }
                        }
                    }/>
                <p id="t-since-err" class="error" role="alert">{move || since_problem.get()}</p>
            </div>
            <div class="field">
                <label for="t-kind">"Kind"</label>
                <select id="t-kind" prop:value=move || state.get().kind on:change=move |ev| { let v = event_target_value(&ev); go(&|s| s.kind = v.clone()); }>
                    <option value="">"Any kind"</option>
                    <option value="aggregation">"Aggregations"</option>
                    <option value="account">"Account actions"</option>
                </select>
            </div>
        </form>
        {move || data.get().map(|r| match r {
            Err(e) => view! { <p role="alert" class="failure">{e}</p> }.into_any(),
            Ok(l) => {
                let st = state.get_untracked();
                let total = l.total.unwrap_or(l.rows.len() as u64);
                let pages = page_count(total, SIZE);
                let on_page = l.rows.len();
                let mine: Vec<String> = started.with_untracked(|t| t.iter().map(|e| e.id.clone()).collect());
                let rows: Vec<TaskRow> = l.rows.into_iter().filter(|r| match st.kind.as_str() {
                    "aggregation" => r.kind == "Aggregation",
                    "account" => r.kind == "Account action",
                    _ => true,
                }).filter(|r| st.since.is_empty() || r.created.get(0..10).is_some_and(|d| d >= st.since.as_str())).collect();
                let shown = rows.len();
                let st_page = st.clone();
                view! {
                    <p role="status" class="count">{if st.kind.is_empty() && st.since.is_empty() {
                        isc_core::shown::count(total as usize, "task")
                    } else {
                        format!("{} of the {on_page} on this page (kind and date are read on the page)", isc_core::shown::count(shown, "task"))
                    }}</p>
                    <p class="hint scroll-cue" aria-hidden="true">"The table scrolls sideways →"</p>
                    <div class="table-wrap" role="region" aria-label="Tasks (scrolls sideways)" tabindex="0">
                    <table class="grid tasks-list">
                        <caption class="sr-only">"Tasks of the tenant, newest first"</caption>
                        <thead><tr>
                            <th scope="col">"Task"</th><th scope="col">"Kind"</th><th scope="col">"On"</th>
                            <th scope="col">"Started (UTC)"</th><th scope="col">"State"</th><th scope="col">"Counts"</th>
                        </tr></thead>
                        <tbody>
                        {rows.into_iter().map(|r| {
                            let here = mine.contains(&r.id);
                            let counts = r.counts.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ");
                            view! {
                                <tr>
                                    <td><a href=crate::route::href(&format!("/tasks/{}", isc_core::http::encode_component(&r.id)))>{r.name.clone()}</a>
                                        {here.then(|| view! { " "<span class="chip info">"started in this tab"</span> })}</td>
                                    <td>{r.kind.clone()}</td>
                                    <td>{r.target.as_ref().map(target_link)}</td>
                                    <td>{isc_core::dates::table_time(&r.created)}</td>
                                    <td>{crate::components::page::chips(&r.state.word())}</td>
                                    <td>{counts}</td>
                                </tr>
                            }
                        }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                    <Pager page=st.page pages=pages.max(1) text=format!("Page {} of {}", st.page, pages.max(1))
                        on_page=Callback::new(move |p: u64| { let mut s = st_page.clone(); s.page = p; crate::route::navigate(&s.to_url()); })/>
                }.into_any()
            }
        }).unwrap_or_else(|| loading("Reading the tenant's tasks…"))}
    }
}

/// What this tab started, followed live (kept while the tab is open).
#[component]
fn StartedHere() -> impl IntoView {
    let tasks = expect_context::<Tasks>().entries();
    view! {
        <h2>"Started in this tab"</h2>
        <Show when=move || tasks.with(|t| t.is_empty())><p class="hint">"No account action started in this tab yet."</p></Show>
        <ul class="tasks" aria-label="Tasks started in this tab">
            <For each=move || tasks.get() key=|t| (t.id.clone(), t.status.clone(), t.messages.len(), t.link.is_some()) let:t>
                <li id=format!("task-{}", t.id) class:done=t.done>
                    <a href=crate::route::href(&format!("/tasks/{}", isc_core::http::encode_component(&t.id)))><strong>{t.label.clone()}</strong></a>" — "
                    <span class="status">{crate::components::page::chips(&t.status)}</span>
                    <div><code>{t.id.clone()}</code></div>
                    <ul>{t.messages.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
                    {t.link.clone().filter(|_| t.done).map(|l| view! { <a href=crate::route::href(&l) aria-label=format!("Open the account: {}", t.label)>"Open the account"</a> })}
                </li>
            </For>
        </ul>
    }
}
