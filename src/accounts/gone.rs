//! An account the tenant no longer holds (a 404 for its id), said in words: what takes an
//! account out of ISC, and, when this tab saw the account and the tenant's tasks say so, the
//! aggregation of its source that removed accounts since.

use crate::components::page::Crumbs;
use isc_core::api::tasks::{self, StateFilter, TaskQuery, TaskRow};
use isc_core::paging::PageQuery;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// Where this tab keeps the source of each account it showed (session storage; ids and names
/// only), so that a later 404 can name what removed it.
const SEEN: &str = "isc-console.seen-accounts";
/// How many accounts are remembered at the most.
const SEEN_MAX: usize = 500;

/// Account id → (source id, source name, when it was last seen, ISO 8601).
type Seen = BTreeMap<String, (String, String, String)>;

fn seen() -> Seen {
    crate::state::tab::session_storage()
        .and_then(|s| s.get_item(SEEN).ok().flatten())
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .unwrap_or_default()
}

/// Notes that account `id` was on the source `sid` (named `name`) now.
pub fn remember(id: &str, sid: &str, name: &str) {
    let mut all = seen();
    if all.len() >= SEEN_MAX && !all.contains_key(id) {
        if let Some(oldest) = all
            .iter()
            .min_by(|a, b| a.1 .2.cmp(&b.1 .2))
            .map(|(k, _)| k.clone())
        {
            all.remove(&oldest);
        }
    }
    let now = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    all.insert(id.to_string(), (sid.to_string(), name.to_string(), now));
    if let (Some(s), Ok(raw)) = (
        crate::state::tab::session_storage(),
        serde_json::to_string(&all),
    ) {
        let _ = s.set_item(SEEN, &raw);
    }
}

/// The newest completed aggregation of `sid` since `since` that removed accounts.
async fn removed_by(sid: String, since: String) -> Option<(TaskRow, String)> {
    let q = TaskQuery {
        source_id: Some(sid),
        state: Some(StateFilter::Success),
    };
    let req = tasks::list(crate::api::generation(), &q, PageQuery::page(0, 50)).ok()?;
    let (v, _) = crate::api::call_json(req).await.ok()?;
    v.as_array()?
        .iter()
        .map(tasks::task_row)
        .filter(|r| {
            r.kind == "Aggregation" && r.completed.as_deref().unwrap_or("") >= since.as_str()
        })
        .find_map(|r| {
            let n = r
                .counts
                .iter()
                .find(|(k, _)| k == "Removed")
                .map(|(_, n)| n.clone())
                .filter(|n| n != "0")?;
            Some((r, n))
        })
}

/// The page for account `id`, which the tenant answers 404 for.
pub fn gone(id: &str) -> AnyView {
    crate::components::page::set_title("Account not in ISC");
    let known = seen().get(id).cloned();
    let found = RwSignal::new(None::<Option<(TaskRow, String)>>);
    if let Some((sid, _, at)) = known.clone() {
        leptos::task::spawn_local(async move {
            let r = removed_by(sid, at).await;
            let _ = found.try_set(Some(r));
        });
    }
    view! {
        <Crumbs name="Account"/>
        <h1>"Account not in ISC"</h1>
        <p role="alert" class="failure">{format!("Account {id} is not in ISC any more, or never was: the tenant answers 404 for its id.")}</p>
        {known.map(|(sid, name, _)| {
            let source = crate::route::href(&format!("/sources/{}", isc_core::http::encode_component(&sid)));
            view! {
                <p>"This tab showed it on the source "<a href=source><bdi>{isc_core::shown::text(&name)}</bdi></a>"."</p>
                <p role="status">{move || match found.get() {
                    None => view! { "Reading the source's recent aggregations…" }.into_any(),
                    Some(Some((t, n))) => {
                        let task = crate::route::href(&format!("/tasks/{}", isc_core::http::encode_component(&t.id)));
                        view! { {format!("The tasks say so: an aggregation of this source completed {} removed {} since this tab last showed it. ", isc_core::dates::table_time(t.completed.as_deref().unwrap_or("")), isc_core::shown::count(n.parse().unwrap_or(0), "account"))}<a href=task>"Open that aggregation's task"</a> }.into_any()
                    }
                    Some(None) => view! { "No aggregation of this source removed an account since this tab last showed it: a Delete or a Remove from ISC may have." }.into_any(),
                }}</p>
            }
        })}
        <p>"An account leaves ISC by a Delete (flat files), a Remove from ISC, or an aggregation of a file or a system that lacks it. The tenant's recent aggregations and account actions are in Tasks."</p>
        <p class="actions">
            <a href=crate::route::href("/tasks?kind=aggregation")>"Recent aggregations"</a>
            <a href=crate::route::href("/tasks")>"All tasks"</a>
            <a href=crate::route::href("/accounts")>"Accounts"</a>
        </p>
    }
    .into_any()
}
