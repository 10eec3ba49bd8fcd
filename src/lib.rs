//! ISC Console: a Leptos single-page app for SailPoint Identity Security Cloud tenants.
//! The app stays thin: logic lives in `isc-core`; this crate maps DOM events and signals
//! onto it and performs the effects (fetch, sleep, storage).
//!
//! One folder per area (its route's screens and the pieces only it uses); `components/` holds
//! what several areas share; `api/` and `state/` import no screen. Every screen but the
//! connection's is behind a split point (`lazy`), fetched the first time it opens.

// ApiError keeps status, body and every message on purpose; it is returned, not stored.
#![allow(clippy::result_large_err)]

pub mod accounts;
pub mod activity;
pub mod api;
pub mod app;
pub mod components;
pub mod connection;
pub mod flatfile;
pub mod identities;
pub mod iiq;
pub mod lazy;
pub mod profiles;
pub mod route;
pub mod sources;
pub mod state;
pub mod tasks;
pub mod text;
