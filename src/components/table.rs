//! Table parts shared by the lists: sortable column headers and the pager.

use isc_core::paging::Sorter;
use leptos::prelude::*;

/// A column header that sorts by `field` when clicked, with `aria-sort` and an arrow.
#[component]
pub fn SortHeader(
    /// The API field the column sorts by.
    field: &'static str,
    /// The visible label.
    label: &'static str,
    /// The current sort key.
    current: Option<Sorter>,
    /// Called with the new sort key.
    on_sort: Callback<Sorter>,
) -> impl IntoView {
    let sorted = current
        .as_ref()
        .filter(|s| s.field == field)
        .map(|s| {
            if s.descending {
                "descending"
            } else {
                "ascending"
            }
        })
        .unwrap_or("none");
    let arrow = match sorted {
        "ascending" => " ▲",
        "descending" => " ▼",
        _ => "",
    };
    view! {
        <th scope="col" aria-sort=sorted>
            <button type="button" class="sort" on:click=move |_| on_sort.run(Sorter::toggled(current.as_ref(), field))>
                {label}{arrow}
            </button>
        </th>
    }
}

/// Previous / next page buttons around a description of where we are.
#[component]
pub fn Pager(
    /// The page shown, from 1.
    page: u64,
    /// How many pages there are.
    pages: u64,
    /// The text between the buttons.
    text: String,
    /// Called with the page to go to.
    on_page: Callback<u64>,
) -> impl IntoView {
    view! {
        <nav class="pager" aria-label="Pages">
            <button type="button" class="secondary" disabled={page <= 1} on:click=move |_| on_page.run(page - 1)>"Previous page"</button>
            <span>{text}</span>
            <button type="button" class="secondary" disabled={page >= pages} on:click=move |_| on_page.run(page + 1)>"Next page"</button>
        </nav>
    }
}
