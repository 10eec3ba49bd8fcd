//! Tasks: what this tab started, followed to completion.

pub mod list;

crate::screen!(records, tasks_screen, leptos::view! { <list::TasksPage/> });
