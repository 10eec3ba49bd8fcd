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

/// What an account schema change does (edited, or taken from a CSV header), told before and
/// after it is sent.
const SCHEMA_EFFECT: &str = "New account and the flat-file import use the schema at once. Accounts ISC holds keep their values: an attribute removed is no longer shown or checked, and the next aggregation reads the attributes the schema has.";

crate::screen!(sources, list_screen, leptos::view! { <list::SourcesPage/> });
crate::screen!(
    sources,
    detail_screen,
    leptos::view! { <detail::SourceDetailPage/> }
);
crate::screen!(sources, new_screen, leptos::view! { <new::SourceNewPage/> });
