//! One module per screen.

pub mod account_detail;
pub mod account_new;
pub mod accounts;
pub mod accounts_all;
pub mod activity;
pub mod connect;
pub mod home;
pub mod identity;
pub mod iiq;
pub mod not_built;
pub mod profiles;
pub mod source_detail;
pub mod source_file;
pub mod source_new;
pub mod sources;
pub mod tasks;
