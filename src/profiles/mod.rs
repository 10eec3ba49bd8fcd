//! Identity profiles: the priority list and its plan.

pub mod editor;
mod run;

crate::screen!(
    profiles,
    profiles_screen,
    leptos::view! { <editor::ProfilesPage/> }
);
