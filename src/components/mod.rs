//! Shared components.

pub mod connected;
pub mod nav;
