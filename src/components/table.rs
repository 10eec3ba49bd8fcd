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

/// Row height of a virtually scrolled table, in px (the CSS for `.vgrid` rows matches it).
pub const ROW_PX: f64 = 34.0;

/// A table that renders only the rows in view (plus a few either side), between two spacer
/// rows that keep the scroll height right. `key(i)` names row `i` (a stable id, so a row
/// keeps its DOM when others move); `row(i)` renders it as a `<tr>`. The scroll area is
/// focusable, so the arrow and page keys scroll it, and the table reports its full row count
/// to screen readers with `aria-rowcount`.
#[component]
pub fn VirtualTable<KF, K, RF, IV>(
    /// Names the scroll area and the table.
    label: String,
    /// How many rows there are.
    count: Signal<usize>,
    /// Columns, for the spacer cells.
    columns: usize,
    /// A stable key for row `i`.
    key: KF,
    /// Renders row `i`.
    row: RF,
    /// The header cells.
    children: Children,
) -> impl IntoView
where
    KF: Fn(usize) -> K + Clone + Send + Sync + 'static,
    K: Eq + std::hash::Hash + Clone + Send + Sync + 'static,
    RF: Fn(usize) -> IV + Clone + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let scroller = NodeRef::<leptos::html::Div>::new();
    let top = RwSignal::new(0.0);
    let view_px = RwSignal::new(640.0);
    let range = Memo::new(move |_| {
        isc_core::grid::window(count.get(), ROW_PX, top.get(), view_px.get(), 8)
    });
    // A browser may send a last scroll event after the table left the page (its scroll
    // position clamped as the rows went): by then its signals are gone, and it is ignored.
    let on_scroll = move |_| {
        if let Some(el) = scroller.try_get_untracked().flatten() {
            let _ = top.try_set(el.scroll_top() as f64);
            let _ = view_px.try_set(el.client_height() as f64);
        }
    };
    let before = move || format!("{}px", range.get().0 * ROW_PX as usize);
    let after = move || {
        let (_, end) = range.get();
        format!("{}px", count.get().saturating_sub(end) * ROW_PX as usize)
    };
    let aria_label = label.clone();
    view! {
        <p class="hint scroll-cue" aria-hidden="true">"The table scrolls sideways →"</p>
        <div class="vscroll" node_ref=scroller on:scroll=on_scroll tabindex="0" role="region" aria-label=label>
            <table class="grid vgrid" aria-label=aria_label aria-rowcount=move || count.get() + 1>
                <thead><tr aria-rowindex="1">{children()}</tr></thead>
                <tbody>
                    <tr class="spacer" aria-hidden="true"><td colspan=columns style:height=before></td></tr>
                    <For
                        each=move || {
                            let (s, e) = range.get();
                            (s..e).map(|i| (key(i), i)).collect::<Vec<_>>()
                        }
                        key=|(k, _)| k.clone()
                        children=move |(_, i)| row(i)
                    />
                    <tr class="spacer" aria-hidden="true"><td colspan=columns style:height=after></td></tr>
                </tbody>
            </table>
        </div>
    }
}

/// A column header that sorts loaded rows on the client (no call to the tenant).
#[component]
pub fn ClientSortHeader(
    /// The column index.
    col: usize,
    /// The visible label.
    label: &'static str,
    /// The current sort: column and descending.
    current: Signal<Option<(usize, bool)>>,
    /// Called with the column clicked.
    on_sort: Callback<usize>,
) -> impl IntoView {
    let sorted = move || match current.get() {
        Some((c, false)) if c == col => "ascending",
        Some((c, true)) if c == col => "descending",
        _ => "none",
    };
    let arrow = move || match sorted() {
        "ascending" => " ▲",
        "descending" => " ▼",
        _ => "",
    };
    view! {
        <th scope="col" aria-sort=sorted>
            <button type="button" class="sort" on:click=move |_| on_sort.run(col)>
                {label}{arrow}
            </button>
        </th>
    }
}

/// A table of rows in a region that scrolls sideways on a narrow screen: `label` names the
/// region, `caption` the table (for screen readers only unless `caption_shown`), `headers` are
/// the column headings, and the children are the body's rows.
#[component]
pub fn ScrollTable(
    label: &'static str,
    caption: &'static str,
    headers: &'static [&'static str],
    #[prop(optional)] caption_shown: bool,
    #[prop(default = "grid")] class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap" role="region" aria-label=format!("{label} (scrolls sideways)") tabindex="0">
        <table class=class>
            <caption class=(!caption_shown).then_some("sr-only")>{caption}</caption>
            <thead><tr>{headers.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead>
            <tbody>{children()}</tbody>
        </table>
        </div>
    }
}
