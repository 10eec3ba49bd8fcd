//! Activity: every API call this tab made.

pub mod log;

crate::screen!(
    records,
    activity_screen,
    leptos::view! { <log::ActivityPage/> }
);
