//! One task by id (`/tasks/{id}`): what it does and on what, when, its state, the counts of
//! an aggregation and its messages; read again every 2 s while it runs. Activity, the Tasks
//! list and the outcomes of the screens link here.

use super::list::target_link;
use crate::state::tasks::Tasks;
use isc_core::api::tasks::{self, TaskRow, TaskState};
use leptos::prelude::*;

async fn load(id: String) -> Result<TaskRow, isc_core::ApiError> {
    let (v, _) = crate::api::call_json(tasks::get(crate::api::generation(), &id)).await?;
    Ok(tasks::task_row(&v))
}

/// The task page.
#[component]
pub fn TaskPage() -> impl IntoView {
    crate::components::page::detail_page("Task", "Reading the task…", load, |t, refresh| {
        show(t, refresh).into_any()
    })
}

fn show(t: TaskRow, refresh: crate::components::page::Refresh) -> impl IntoView {
    crate::components::page::set_title(&t.name);
    if t.state == TaskState::Running {
        gloo_timers::callback::Timeout::new(2000, move || refresh.again()).forget();
    }
    let here = expect_context::<Tasks>()
        .entries()
        .with_untracked(|e| e.iter().any(|e| e.id == t.id));
    let counts = (!t.counts.is_empty()).then(|| {
        view! {
            <table class="grid facts-table">
                <caption>"What the task counted"</caption>
                <tbody>{t.counts.iter().map(|(k, v)| view! { <tr><th scope="row">{k.clone()}</th><td>{v.clone()}</td></tr> }).collect_view()}</tbody>
            </table>
        }
    });
    view! {
        <crate::components::page::Crumbs name=t.name.clone()/>
        <h1>{t.name.clone()}</h1>
        <dl class="facts">
            <dt>"State"</dt><dd>{crate::components::page::chips(&t.state.word())}{(t.state == TaskState::Running).then_some(" (read again every 2 s)")}</dd>
            <dt>"Kind"</dt><dd>{t.kind.clone()}</dd>
            <dt>"On"</dt><dd>{t.target.as_ref().map(target_link).unwrap_or_else(|| "—".into_any())}</dd>
            <dt>"Started (UTC)"</dt><dd>{isc_core::dates::table_time(&t.created)}</dd>
            <dt>"Completed (UTC)"</dt><dd>{t.completed.as_deref().map(isc_core::dates::table_time).unwrap_or_else(|| "not yet".into())}</dd>
            <dt>"Task id"</dt><dd><code>{t.id.clone()}</code></dd>
            <dt>"Started in this tab"</dt><dd>{if here { "yes" } else { "no" }}</dd>
        </dl>
        {counts}
        <h2>"Messages"</h2>
        {if t.messages.is_empty() {
            view! { <p class="hint">"The task has no messages."</p> }.into_any()
        } else {
            view! { <ul>{t.messages.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul> }.into_any()
        }}
        <div class="actions">{refresh.view()}<a href=crate::route::href("/tasks")>"All tasks"</a></div>
    }
}
