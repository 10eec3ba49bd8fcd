//! ISC Console: a Leptos single-page app for SailPoint Identity Security Cloud tenants.
//! The app stays thin: logic lives in `isc-core`; this crate maps DOM events and signals
//! onto it and performs the effects (fetch, sleep, storage).

// ApiError keeps status, body and every message on purpose; it is returned, not stored.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod app;
pub mod components;
pub mod lazy;
pub mod pages;
pub mod route;
pub mod state;
pub mod text;
