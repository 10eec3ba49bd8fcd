//! App state: the session (who we are connected to) and the activity log.

pub mod activity;
pub mod csp;
pub mod idle;
pub mod session;
pub mod tab;
pub mod tasks;
