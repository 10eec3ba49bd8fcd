//! Tasks: the tenant's task list (what this tab started marked and followed live) and one
//! task by id.

pub mod list;
pub mod task;

crate::screen!(records, tasks_screen, leptos::view! { <list::TasksPage/> });
crate::screen!(records, task_screen, leptos::view! { <task::TaskPage/> });
