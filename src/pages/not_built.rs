//! A screen that is planned but not built yet, said plainly.

use leptos::prelude::*;

/// Says that a section is not built yet.
#[component]
pub fn NotBuiltPage(
    /// The section's name.
    title: &'static str,
) -> impl IntoView {
    view! {
        <h1>{title}</h1>
        <p class="notice" role="status">{format!("{title} is not built yet in this version of the console.")}</p>
    }
}
