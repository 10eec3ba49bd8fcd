//! A source's recent aggregations on its page: read from the tenant's task list (filtered by
//! the source), each with its state and counts, linked to its task page.

use isc_core::api::tasks::{self, TaskQuery, TaskRow};
use isc_core::paging::PageQuery;
use leptos::prelude::*;

/// How many of the source's newest tasks are read.
const NEWEST: u32 = 10;

async fn fetch(sid: String) -> Result<Vec<TaskRow>, String> {
    let q = TaskQuery {
        source_id: Some(sid),
        state: None,
    };
    let req = tasks::list(crate::api::generation(), &q, PageQuery::page(0, NEWEST))?;
    let (v, _) = crate::api::call_json(req).await.map_err(|e| e.sentence())?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .map(tasks::task_row)
                .filter(|r| r.kind == "Aggregation")
                .collect()
        })
        .unwrap_or_default())
}

/// The section: the newest aggregations of `sid`, or why they could not be read.
#[component]
pub fn RecentAggregations(sid: String) -> impl IntoView {
    let all = crate::route::href(&format!(
        "/tasks?source={}&kind=aggregation",
        isc_core::http::encode_component(&sid)
    ));
    let data = crate::components::load::following(move || fetch(sid.clone()));
    view! {
        <section class="card wide" aria-labelledby="src-aggs">
            <h2 id="src-aggs">"Recent aggregations"</h2>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <p role="alert" class="failure">{e}</p> }.into_any(),
                Ok(rows) if rows.is_empty() => view! { <p class="hint">"No aggregation of this source in the tenant's task list (ISC keeps 90 days)."</p> }.into_any(),
                Ok(rows) => view! {
                    <crate::components::table::ScrollTable label="Recent aggregations" caption="Recent aggregations of this source, newest first" headers=&["Started (UTC)", "State", "Counts", "Task"] class="grid tasks-list">
                            {rows.into_iter().map(|r| {
                                let counts = r.counts.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ");
                                view! { <tr>
                                    <td>{isc_core::dates::table_time(&r.created)}</td>
                                    <td>{crate::components::page::chips(&r.state.word())}</td>
                                    <td>{counts}</td>
                                    <td><a href=crate::route::href(&format!("/tasks/{}", isc_core::http::encode_component(&r.id)))>{format!("Task {}", r.id)}</a></td>
                                </tr> }
                            }).collect_view()}
                    </crate::components::table::ScrollTable>
                }.into_any(),
            }).unwrap_or_else(|| crate::components::load::loading("Reading the source's tasks…"))}
            <p><a href=all>"Every task of this source"</a></p>
        </section>
    }
}
