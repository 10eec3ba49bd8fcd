//! The Tasks panel: every task this session started, with live status.

use crate::components::show::Show;
use crate::state::tasks::Tasks;
use leptos::prelude::*;

/// The tasks page.
#[component]
pub fn TasksPage() -> impl IntoView {
    let tasks = expect_context::<Tasks>().entries();
    view! {
        <h1>"Tasks"</h1>
        <p class="hint">"Account calls answer with a task id; the console follows each at /beta/task-status until it completes."</p>
        <Show when=move || tasks.with(|t| t.is_empty())><p class="hint">"No tasks started in this session."</p></Show>
        <ul class="tasks" aria-label="Tasks started in this session">
            <For each=move || tasks.get() key=|t| (t.id.clone(), t.status.clone(), t.messages.len(), t.link.is_some()) let:t>
                <li id=format!("task-{}", t.id) class:done=t.done>
                    <strong>{t.label.clone()}</strong>" — "
                    <span class="status">{crate::components::page::chips(&t.status)}</span>
                    <div><code>{t.id.clone()}</code></div>
                    <ul>{t.messages.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
                    {t.link.clone().filter(|_| t.done).map(|l| view! { <a href=crate::route::href(&l) aria-label=format!("Open the account: {}", t.label)>"Open the account"</a> })}
                </li>
            </For>
        </ul>
    }
}
