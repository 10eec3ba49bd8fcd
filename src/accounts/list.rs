//! Accounts: the list (source, filters, sort and page in the URL), with SLIM detail.

use crate::api::lookups::load_sources;
use crate::components::connected::Connected;
use crate::components::load::{load, loading};
use crate::components::table::{Pager, SortHeader, VirtualTable};
use isc_core::api::sources::SourceChoice;
use isc_core::api::{accounts, ListQuery};
use isc_core::filter::Filter;
use isc_core::http::{encode_component, ApiRequest};
use isc_core::paging::{page_count, total_count, PageQuery, Sorter};
use isc_core::ApiError;
use leptos::prelude::*;

#[derive(Clone, Debug, Default, PartialEq)]
struct State {
    source: String,
    name: String,
    native: String,
    identity: String,
    uncorrelated: String,
    sort: Option<Sorter>,
    page: u64,
    /// Load every matching account (`view=all`) instead of one page.
    all: bool,
}

impl State {
    fn from(q: &isc_core::route::Query) -> Self {
        let g = |k: &str| q.get(k).unwrap_or_default();
        State {
            source: g("source"),
            name: g("name"),
            native: g("native"),
            identity: g("identity"),
            uncorrelated: g("uncorrelated"),
            sort: Sorter::parse(&g("sort")),
            page: g("page").parse().ok().filter(|p| *p >= 1).unwrap_or(1),
            all: g("view") == "all",
        }
    }
    fn url(&self) -> String {
        let mut q = vec![];
        for (k, v) in [
            ("source", &self.source),
            ("name", &self.name),
            ("native", &self.native),
            ("identity", &self.identity),
            ("uncorrelated", &self.uncorrelated),
        ] {
            if !v.is_empty() {
                q.push(format!("{k}={}", encode_component(v)));
            }
        }
        if let Some(s) = &self.sort {
            q.push(format!("sort={}", s.to_param()));
        }
        if self.page > 1 {
            q.push(format!("page={}", self.page));
        }
        if self.all {
            q.push("view=all".into());
        }
        if q.is_empty() {
            "/accounts".into()
        } else {
            format!("/accounts?{}", q.join("&"))
        }
    }
    /// The `filters` expression: source, then (for the paged list) the text fields, then
    /// correlation.
    fn filter(&self, with_text: bool) -> Option<Filter> {
        let mut parts = vec![];
        if !self.source.is_empty() {
            parts.push(Filter::eq("sourceId", &self.source));
        }
        if with_text {
            for (field, v) in [
                ("name", &self.name),
                ("nativeIdentity", &self.native),
                ("identity.name", &self.identity),
            ] {
                if !v.trim().is_empty() {
                    parts.push(Filter::sw(field, v.trim()));
                }
            }
        }
        if !self.uncorrelated.is_empty() {
            parts.push(Filter::eq_bool("uncorrelated", self.uncorrelated == "true"));
        }
        Filter::and(parts)
    }

    /// The list call for loading everything: only the filters the tenant must apply
    /// (source, correlation); the rest is done on the loaded rows.
    fn all_request(&self) -> ApiRequest {
        accounts::list(
            crate::api::generation(),
            &ListQuery::new().filters(self.filter(false)),
            true,
        )
    }

    fn request(&self) -> ApiRequest {
        let sorters = self.sort.as_ref().map(Sorter::to_param).unwrap_or_default();
        accounts::list(
            crate::api::generation(),
            &ListQuery::new()
                .page(PageQuery::page(self.page - 1, 250))
                .filters(self.filter(true))
                .sorters(&sorters),
            true,
        )
    }
}

type SourceList = ReadSignal<Option<Result<Vec<SourceChoice>, ApiError>>>;

/// The labelled source select of both list modes; the URL's source stays selected once
/// the options arrive.
#[component]
fn SourcePicker(
    state: Memo<State>,
    sources: SourceList,
    on_pick: Callback<String>,
) -> impl IntoView {
    view! {
        <label for="a-source">"Source"</label>
        <select id="a-source" prop:value=move || state.get().source on:change=move |ev| on_pick.run(event_target_value(&ev))>
            <option value="">"All sources"</option>
            {move || sources.get().and_then(|r| r.ok()).unwrap_or_default().into_iter().map(|c| {
                let sel = c.id.clone();
                view! { <option value=c.id selected=move || state.with(|s| s.source == sel)>{isc_core::shown::text(&c.name)}</option> }
            }).collect_view()}
        </select>
    }
}

/// The labelled correlation select of both list modes (`uncorrelated` in the URL).
#[component]
fn CorrelationSelect(value: RwSignal<String>) -> impl IntoView {
    view! {
        <div class="field"><label for="a-unc">"Correlation"</label>
            <select id="a-unc" prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">"any"</option><option value="true">"uncorrelated"</option><option value="false">"correlated"</option>
            </select></div>
    }
}

/// The accounts list.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let query = crate::route::query();
    let new_link = move || {
        let s = query.with(|q| q.get("source").unwrap_or_default());
        crate::route::href(&if s.is_empty() {
            "/accounts/new".to_string()
        } else {
            format!("/accounts/new?source={s}")
        })
    };
    let state = Memo::new(move |_| State::from(&query.get()));
    let mode_link = move |all: bool| {
        move || {
            let mut s = state.get();
            s.all = all;
            s.page = 1;
            crate::route::href(&s.url())
        }
    };
    let current = move |all: bool| move || (state.get().all == all).then_some("page");
    // The list is built again only when the mode changes; a new filter or page is read by it.
    let all = Memo::new(move |_| state.with(|s| s.all));
    let export_link = move || {
        let s = query.with(|q| q.get("source").unwrap_or_default());
        (!s.is_empty()).then(|| {
            let h = crate::route::href(&format!(
                "/sources/{}/file?export=1",
                isc_core::http::encode_component(&s)
            ));
            view! { <a href=h class="button secondary">"Download accounts as CSV"</a> }
        })
    };
    view! {
        <div class="titlebar">
            <h1>"Accounts"</h1>
            <a href=new_link class="button">"New account"</a>
            {export_link}
        </div>
        <nav class="modes" aria-label="How to list">
            <a href=mode_link(false) aria-current=current(false)>"One page at a time"</a>
            <a href=mode_link(true) aria-current=current(true)>"All matching accounts"</a>
        </nav>
        <Connected>
            {move || if all.get() { view! { <AllAccountsView/> }.into_any() } else { view! { <AccountTable/> }.into_any() }}
        </Connected>
    }
}

/// Every matching account, loaded in parallel; the tenant-side filters are in the URL.
#[component]
fn AllAccountsView() -> impl IntoView {
    let query = crate::route::query();
    let state = Memo::new(move |_| State::from(&query.get()));
    let base = Memo::new(move |_| state.get().all_request());
    let sources = load(load_sources);
    let uncorrelated = RwSignal::new(state.get_untracked().uncorrelated);
    Effect::new(move |_| uncorrelated.set(state.get().uncorrelated));
    let go = move |s: State| crate::route::navigate(&s.url());
    let on_filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut s = state.get_untracked();
        s.uncorrelated = uncorrelated.get_untracked();
        go(s);
    };
    view! {
        <form class="filters" role="search" aria-label="Which accounts to load" on:submit=on_filter>
            <div class="field">
                <SourcePicker state=state sources=sources on_pick=Callback::new(move |id: String| { let mut s = state.get_untracked(); s.source = id; go(s); })/>
            </div>
            <CorrelationSelect value=uncorrelated/>
            <button type="submit">"Load"</button>
        </form>
        {move || view! { <super::all::AllAccounts base=base.get()/> }}
    }
}

#[component]
fn AccountTable() -> impl IntoView {
    let query = crate::route::query();
    let state = Memo::new(move |_| State::from(&query.get()));
    let sources = load(load_sources);
    let data = crate::components::load::following(move || {
        let req = state.get().request();
        async move {
            let (v, resp) = crate::api::call_json(req).await?;
            Ok::<_, ApiError>((
                v.as_array().cloned().unwrap_or_default(),
                total_count(&resp),
            ))
        }
    });
    let init = state.get_untracked();
    let name = RwSignal::new(init.name.clone());
    let native = RwSignal::new(init.native.clone());
    let identity = RwSignal::new(init.identity.clone());
    let uncorrelated = RwSignal::new(init.uncorrelated.clone());
    // After a menu link, Back or Forward the fields show what the list shows.
    Effect::new(move |_| {
        let s = state.get();
        name.set(s.name);
        native.set(s.native);
        identity.set(s.identity);
        uncorrelated.set(s.uncorrelated);
    });
    let go = move |s: State| crate::route::navigate(&s.url());
    let on_filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut s = state.get_untracked();
        s.name = name.get_untracked();
        s.native = native.get_untracked();
        s.identity = identity.get_untracked();
        s.uncorrelated = uncorrelated.get_untracked();
        s.page = 1;
        go(s);
    };
    view! {
        <form class="filters" role="search" aria-label="Filter accounts" on:submit=on_filter>
            <div class="field">
                <SourcePicker state=state sources=sources on_pick=Callback::new(move |id: String| { let mut s = state.get_untracked(); s.source = id; s.page = 1; go(s); })/>
            </div>
            <div class="field"><label for="a-name">"Name starts with"</label>
                <input id="a-name" type="search" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/></div>
            <div class="field"><label for="a-native">"Native identity starts with"</label>
                <input id="a-native" type="search" prop:value=move || native.get() on:input=move |ev| native.set(event_target_value(&ev))/></div>
            <div class="field"><label for="a-identity">"Identity name starts with"</label>
                <input id="a-identity" type="search" prop:value=move || identity.get() on:input=move |ev| identity.set(event_target_value(&ev))/></div>
            <CorrelationSelect value=uncorrelated/>
            <button type="submit">"Filter"</button>
        </form>
        {move || data.get().map(|r| match r {
            Err(e) => view! { <p role="alert" class="failure">{e.sentence()}</p> }.into_any(),
            Ok((items, total)) => {
                let st = state.get_untracked();
                let total = total.unwrap_or(items.len() as u64);
                let pages = page_count(total, 250);
                let sp = st.clone();
                view! {
                    <p role="status" class="count">{format!("{total} accounts")}</p>
                    {
                        let rows: std::sync::Arc<Vec<isc_core::grid::GridRow>> = std::sync::Arc::new(items.iter().map(|a| isc_core::grid::account_row(a, crate::text::fold)).collect());
                        let n = rows.len();
                        let (rk, rr) = (rows.clone(), rows.clone());
                        let st_h = st.clone();
                        view! {
                            <VirtualTable label="Accounts; column headers sort".to_string() count=Signal::derive(move || n) columns=5
                                key=move |i| rk.get(i).map(|r| r.id.clone()).unwrap_or_default()
                                row=move |i| rr.get(i).map(|r| super::all::account_tr(i, r))>
                                {[("name", "Name"), ("nativeIdentity", "Native identity"), ("sourceId", "Source"), ("identity.name", "Identity")].into_iter().map(|(f, l)| {
                                    let st = st_h.clone();
                                    let current = st_h.sort.clone();
                                    let on_sort = Callback::new(move |key: Sorter| { let mut s = st.clone(); s.sort = Some(key); s.page = 1; go(s); });
                                    view! { <SortHeader field=f label=l current=current on_sort=on_sort/> }
                                }).collect_view()}
                                <th scope="col">"Status"</th>
                            </VirtualTable>
                        }
                    }
                    <Pager page=st.page pages=pages text=format!("Page {} of {pages}", st.page)
                        on_page=Callback::new(move |p: u64| { let mut s = sp.clone(); s.page = p; go(s); })/>
                }.into_any()
            }
        }).unwrap_or_else(|| loading("Loading accounts…"))}
    }
}
