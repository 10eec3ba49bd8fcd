//! Sources: the list, a source's page (with its recent aggregations), and the create form.

pub mod correlation;
pub mod detail;
pub mod entitlements;
pub mod facts;
pub mod fields;
pub mod list;
pub mod new;
pub mod recent;
pub mod removal;
pub mod schema;
pub mod schema_file;
pub mod settings;

crate::screen!(sources, list_screen, leptos::view! { <list::SourcesPage/> });
crate::screen!(
    sources,
    detail_screen,
    leptos::view! { <detail::SourceDetailPage/> }
);
crate::screen!(sources, new_screen, leptos::view! { <new::SourceNewPage/> });
