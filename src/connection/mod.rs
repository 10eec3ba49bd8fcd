//! Connection: the start page (the demo tenant by default) and the Connection page. The form
//! is in the main module (a first visit shows it); the card shown while connected is fetched
//! with its chunk.

pub mod connect;
pub mod connected;
pub mod home;
pub mod scenario;

crate::screen!(
    client,
    connected_screen,
    leptos::view! { <connected::ConnectedCard/> }
);
