//! Shared components.

pub mod connected;
pub mod field;
pub mod nav;
