//! Pure ISC API machinery with no web dependencies: request and response values, tenant
//! addresses, PAT sign-in, errors, retry and rate-limit policy, paging and filters.
//!
//! The browser app maps DOM events onto these functions and performs the effects (fetch,
//! sleep, storage); everything here is tested natively with `cargo test`.

// ApiError keeps status, body and every message on purpose; it is returned, not stored.
#![allow(clippy::result_large_err)]

pub mod accounts;
pub mod activity;
pub mod api;
pub mod auth;
pub mod connections;
pub mod correlation;
pub mod dates;
pub mod error;
pub mod filter;
pub mod flatfile;
pub mod grid;
pub mod http;
pub mod iiq;
pub mod limiter;
pub mod models;
pub mod paging;
pub mod priority;
pub mod reconcile;
pub mod retry;
pub mod route;
pub mod schema_edit;
pub mod shown;
pub mod source_facts;
pub mod source_form;
pub mod source_settings;
pub mod tenant;

pub use error::ApiError;
pub use http::{ApiRequest, ApiResponse, Method};
