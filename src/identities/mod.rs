//! Identities: one identity and its accounts.

pub mod identity;

crate::screen!(
    records,
    identity_screen,
    leptos::view! { <identity::IdentityPage/> }
);
