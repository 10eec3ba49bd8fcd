//! Shared components.

pub mod attr_form;
pub mod busy;
pub mod connected;
pub mod download;
pub mod field;
pub mod load;
pub mod nav;
pub mod page;
pub mod read_only;
pub mod said;
pub mod show;
pub mod table;
