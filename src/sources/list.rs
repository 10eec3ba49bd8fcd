//! Sources: the list (paging, sorting and filters kept in the URL), one source with its
//! account schema, and the create form.

use crate::components::connected::Connected;
use crate::components::load::loading;
use crate::components::table::{Pager, SortHeader, VirtualTable};
use isc_core::api::{sources, ListQuery};
use isc_core::filter::Filter;
use isc_core::http::ApiRequest;
use isc_core::models::{parse_sources, Source};
use isc_core::paging::{page_count, sorters_param, total_count, PageQuery, Sorter};
use isc_core::route::Query;
use isc_core::source_facts::Facts;
use isc_core::ApiError;
use leptos::prelude::*;

/// The list's state as it lives in the URL.
#[derive(Clone, Debug, Default, PartialEq)]
struct ListState {
    page: u64,
    size: u32,
    sort: Option<Sorter>,
    name: String,
    name_op: String,
    kind: String,
    conn: String,
    auth: String,
}

impl ListState {
    fn from_query(q: &Query) -> Self {
        let get = |k: &str| q.get(k).unwrap_or_default();
        ListState {
            page: get("page")
                .parse::<u64>()
                .ok()
                .filter(|p| *p >= 1)
                .unwrap_or(1),
            size: get("size")
                .parse::<u32>()
                .ok()
                .filter(|s| [5, 25, 50, 100, 250].contains(s))
                .unwrap_or(250),
            sort: Sorter::parse(&get("sort")),
            name: get("name"),
            name_op: if get("op") == "sw" {
                "sw".into()
            } else {
                "co".into()
            },
            kind: get("type"),
            conn: get("conn"),
            auth: get("auth"),
        }
    }

    fn to_url(&self) -> String {
        let mut q: Vec<(String, String)> = vec![];
        if self.page > 1 {
            q.push(("page".into(), self.page.to_string()));
        }
        if self.size != 250 {
            q.push(("size".into(), self.size.to_string()));
        }
        if let Some(s) = &self.sort {
            q.push(("sort".into(), s.to_param()));
        }
        for (k, v) in [
            ("name", &self.name),
            ("type", &self.kind),
            ("conn", &self.conn),
            ("auth", &self.auth),
        ] {
            if !v.is_empty() {
                q.push((k.into(), v.clone()));
            }
        }
        if !self.name.is_empty() && self.name_op == "sw" {
            q.push(("op".into(), "sw".into()));
        }
        let qs: Vec<String> = q
            .iter()
            .map(|(k, v)| format!("{k}={}", isc_core::http::encode_component(v)))
            .collect();
        if qs.is_empty() {
            "/sources".into()
        } else {
            format!("/sources?{}", qs.join("&"))
        }
    }

    fn request(&self) -> ApiRequest {
        let mut parts = vec![];
        if !self.name.trim().is_empty() {
            parts.push(if self.name_op == "sw" {
                Filter::sw("name", self.name.trim())
            } else {
                Filter::co("name", self.name.trim())
            });
        }
        if !self.kind.is_empty() {
            parts.push(Filter::eq("type", &self.kind));
        }
        if !self.conn.is_empty() {
            parts.push(Filter::eq("connectionType", &self.conn));
        }
        if !self.auth.is_empty() {
            parts.push(Filter::eq_bool("authoritative", self.auth == "true"));
        }
        // A fact is sorted on the page as read: the API knows no such sorter.
        let sorters = self
            .sort
            .as_ref()
            .filter(|s| !isc_core::source_facts::is_fact(&s.field))
            .map(|s| sorters_param(std::slice::from_ref(s)))
            .unwrap_or_default();
        sources::list(
            crate::api::generation(),
            &ListQuery::new()
                .page(PageQuery::page(self.page - 1, self.size))
                .filters(Filter::and(parts))
                .sorters(&sorters),
        )
    }
}

#[derive(Clone)]
struct SourcePage {
    items: Vec<Source>,
    total: Option<u64>,
}

async fn fetch(req: ApiRequest) -> Result<SourcePage, ApiError> {
    let (items, resp) = crate::api::call_read(req, |r| parse_sources(&r.body)).await?;
    Ok(SourcePage {
        total: total_count(&resp),
        items,
    })
}

/// The sources list.
#[component]
pub fn SourcesPage() -> impl IntoView {
    view! {
        <div class="titlebar">
            <h1>"Sources"</h1>
            <a href=crate::route::href("/sources/new") class="button">"New source"</a>
        </div>
        <Connected>
            <SourceTable/>
        </Connected>
    }
}

/// The columns; the last three are facts read per source, which sort the page as read.
const COLUMNS: [(&str, &str); 8] = [
    ("name", "Name"),
    ("type", "Type"),
    ("connectionType", "Connection"),
    ("authoritative", "Authoritative"),
    ("owner.name", "Owner"),
    ("accounts", "Accounts"),
    ("lastAggregation", "Last aggregation"),
    ("health", "Health"),
];

#[component]
fn SourceTable() -> impl IntoView {
    let query = crate::route::query();
    let state = Memo::new(move |_| ListState::from_query(&query.get()));
    let data = crate::components::load::following(move || fetch(state.get().request()));
    // The facts of the sources shown: read when asked (two calls a source, which a page of 250
    // would spend against the rate limit on every open), or when the list is sorted by one.
    let facts = RwSignal::new(std::collections::HashMap::<String, Facts>::new());
    let facts_read = RwSignal::new(0usize);
    let facts_on = RwSignal::new(false);
    // A sort by a fact reads the same sources again: their facts are not read again.
    let facts_of = StoredValue::new(Vec::<String>::new());
    Effect::new(move |_| {
        let by_fact = state.with(|s| {
            s.sort
                .as_ref()
                .is_some_and(|s| isc_core::source_facts::is_fact(&s.field))
        });
        if !(facts_on.get() || by_fact) {
            return;
        }
        if let Some(Ok(page)) = data.get() {
            let ids: Vec<String> = page.items.iter().map(|s| s.id.clone()).collect();
            if facts_of.with_value(|f| *f != ids) {
                facts_of.set_value(ids.clone());
                facts_on.set(true);
                super::facts::read(ids, facts, facts_read);
            }
        }
    });
    // The filter inputs, applied on submit.
    let name = RwSignal::new(state.get_untracked().name);
    let name_op = RwSignal::new(state.get_untracked().name_op);
    let kind = RwSignal::new(state.get_untracked().kind);
    let conn = RwSignal::new(state.get_untracked().conn);
    let auth = RwSignal::new(state.get_untracked().auth);
    // After a menu link, Back or Forward the fields show what the list shows.
    Effect::new(move |_| {
        let s = state.get();
        name.set(s.name);
        name_op.set(s.name_op);
        kind.set(s.kind);
        conn.set(s.conn);
        auth.set(s.auth);
    });
    let go = move |s: ListState| crate::route::navigate(&s.to_url());
    // The list as shown, with the filters typed so far (applied or not), from page 1.
    let typed = move || {
        let mut s = state.get_untracked();
        s.name = name.get_untracked();
        s.name_op = name_op.get_untracked();
        s.kind = kind.get_untracked();
        s.conn = conn.get_untracked();
        s.auth = auth.get_untracked();
        s.page = 1;
        s
    };
    let on_filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go(typed());
    };
    view! {
        <form class="filters" role="search" aria-label="Filter sources" on:submit=on_filter>
            <div class="field">
                <label for="f-name">"Name"</label>
                <input id="f-name" type="search" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="f-op">"Match"</label>
                <select id="f-op" prop:value=move || name_op.get() on:change=move |ev| name_op.set(event_target_value(&ev))>
                    <option value="co">"contains"</option>
                    <option value="sw">"starts with"</option>
                </select>
            </div>
            <div class="field">
                <label for="f-type">"Type"</label>
                <input id="f-type" type="search" placeholder="e.g. DelimitedFile" prop:value=move || kind.get() on:input=move |ev| kind.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="f-conn">"Connection type"</label>
                <select id="f-conn" prop:value=move || conn.get() on:change=move |ev| conn.set(event_target_value(&ev))>
                    <option value="">"any"</option>
                    <option value="direct">"direct"</option>
                    <option value="file">"file"</option>
                </select>
            </div>
            <div class="field">
                <label for="f-auth">"Authoritative"</label>
                <select id="f-auth" prop:value=move || auth.get() on:change=move |ev| auth.set(event_target_value(&ev))>
                    <option value="">"any"</option>
                    <option value="true">"yes"</option>
                    <option value="false">"no"</option>
                </select>
            </div>
            <div class="field">
                <label for="f-size">"Per page"</label>
                <select id="f-size" prop:value=move || state.get().size.to_string()
                    on:change=move |ev| {
                        // The filters typed so far go with it: a new page size never throws them away.
                        let mut s = typed();
                        s.size = event_target_value(&ev).parse().unwrap_or(250);
                        go(s);
                    }>
                    <option value="5">"5"</option>
                    <option value="25">"25"</option>
                    <option value="50">"50"</option>
                    <option value="100">"100"</option>
                    <option value="250">"250"</option>
                </select>
            </div>
            <button type="submit">"Filter"</button>
        </form>
        {move || data.get().map(|r| match r {
            Err(e) => view! { <p role="alert" class="failure">{e.sentence()}</p> }.into_any(),
            Ok(page) => {
                let st = state.get_untracked();
                let total = page.total.unwrap_or(page.items.len() as u64);
                let pages = page_count(total, st.size);
                let first = if total == 0 { 0 } else { (st.page - 1) * st.size as u64 + 1 };
                let last = ((st.page - 1) * st.size as u64 + page.items.len() as u64).min(total);
                let st_page = st.clone();
                let st_sort = st.sort.clone();
                let n_items = page.items.len();
                view! {
                    <p role="status" class="count">{isc_core::shown::count(total as usize, "source")}</p>
                    <p class="hint" role="status">{move || {
                        let done = facts_read.get();
                        if !facts_on.get() { String::new() } else if done < n_items { format!("Reading account counts and health: {done} of {n_items} sources…") } else { format!("Accounts, last aggregation and health read for {}; sorting by them sorts this page.", isc_core::shown::count(n_items, "source")) }
                    }}</p>
                    <div class="actions" hidden=move || facts_on.get()>
                        <button type="button" class="secondary" on:click=move |_| facts_on.set(true)>{format!("Read accounts, health and last aggregation ({} calls)", 2 * n_items + 1)}</button>
                    </div>
                    {
                        let items = std::sync::Arc::new(page.items);
                        let n = items.len();
                        let ids: Vec<String> = items.iter().map(|s| s.id.clone()).collect();
                        // The rows' order: the API's, or by a fact once read.
                        let fact_sort = st.sort.clone().filter(|s| isc_core::source_facts::is_fact(&s.field));
                        let order = Memo::new(move |_| match &fact_sort {
                            Some(by) => facts.with(|f| isc_core::source_facts::order(&ids, f, by)),
                            None => (0..n).collect::<Vec<usize>>(),
                        });
                        let at = move |i: usize| order.with(|o| o.get(i).copied().unwrap_or(i));
                        let (ik, ir) = (items.clone(), items.clone());
                        let st_h = st.clone();
                        view! {
                            <VirtualTable label="Sources; column headers sort".to_string() count=Signal::derive(move || n) columns=COLUMNS.len()
                                key=move |i| ik.get(at(i)).map(|s| s.id.clone()).unwrap_or_default()
                                row=move |i| ir.get(at(i)).cloned().map(|s| {
                                    let id = s.id.clone();
                                    let fact = move || facts.with(|f| f.get(&id).cloned().unwrap_or_default());
                                    let f2 = fact.clone();
                                    let f3 = fact.clone();
                                    let f4 = fact.clone();
                                    view! {
                                    <tr aria-rowindex=i + 2>
                                        <td title=isc_core::shown::text(&s.name)><a href=crate::route::href(&format!("/sources/{}", s.id))><bdi>{isc_core::shown::text(&s.name)}</bdi></a></td>
                                        <td title=s.kind.clone().unwrap_or_default()>{s.kind.clone().unwrap_or_default()}</td>
                                        <td>{s.connection_type.clone().unwrap_or_default()}</td>
                                        <td>{if s.authoritative == Some(true) { "yes" } else { "no" }}</td>
                                        <td>{s.owner.as_ref().map(|o| crate::components::show::link_or_text(&o.id, "/identities/", o.name.clone().unwrap_or_default()))}</td>
                                        <td class="num">{move || fact().accounts.map(|n| n.to_string()).unwrap_or_else(|| if facts_on.get() { "…".into() } else { "—".into() })}</td>
                                        <td>{move || match f2().last_aggregation {
                                            Some(t) => view! { <a href=crate::route::href(&format!("/tasks/{}", t.id)) title=t.state.word()>{isc_core::dates::table_time(t.completed.as_deref().unwrap_or(&t.created))}</a> }.into_any(),
                                            None => "—".into_any(),
                                        }}</td>
                                        <td title=move || f4().health.unwrap_or_default()>{move || match f3().health { Some(h) => crate::components::page::chips(isc_core::source_facts::health_word(&h)).into_any(), None => (if facts_on.get() { "…" } else { "—" }).into_any() }}</td>
                                    </tr>
                                }})>
                                {COLUMNS.iter().map(|(field, label)| {
                                    let st = st_h.clone();
                                    let on_sort = Callback::new(move |key: Sorter| { let mut s = st.clone(); s.sort = Some(key); s.page = 1; go(s); });
                                    view! { <SortHeader field=*field label=*label current=st_sort.clone() on_sort=on_sort/> }
                                }).collect_view()}
                            </VirtualTable>
                        }
                    }
                    <Pager page=st.page pages=pages text=format!("Page {} of {pages} · showing {first}–{last} of {total}", st.page)
                        on_page=Callback::new(move |p: u64| { let mut s = st_page.clone(); s.page = p; go(s); })/>
                }.into_any()
            }
        }).unwrap_or_else(|| loading("Loading sources…"))}
    }
}
