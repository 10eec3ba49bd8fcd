//! The flat-file round trip: a source's accounts as CSV (columns in the order of the source's
//! CSV template, RFC 4180 quoting, multi-valued cells joined by a separator), a CSV read back
//! (header mapped to the account schema, every row checked with the account form's rules),
//! the preview of what it changes against what ISC holds (new, changed per attribute,
//! unchanged, invalid, and the accounts an aggregation of this file would remove), the calls
//! that apply it row by row, and the report of how each row went.
//!
//! The parsing is the `csv` crate's. The file must be UTF-8, at most [`MAX_BYTES`], with a
//! header row; a byte-order mark is removed; CRLF and quoted newlines are read as the RFC says.

use crate::accounts::{validate_attributes, AccountSchema, Input};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The largest file read (the upload limit of the console's proxy, and far beyond any flat
/// file a browser tab should hold twice).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// The multi-valued separator the Delimited File connector uses unless told otherwise: the
/// file's own delimiter, inside a quoted cell (`"a,b"`).
pub const DEFAULT_SEPARATOR: &str = ",";

mod export;
mod preview;
mod read;
mod report;

pub use export::{cell, columns, export, source_delimiter, template_columns};
pub use preview::{counts, Change, Checker, Counts, Missing, PreviewRow, RowKind};
pub use read::{map_header, parse, FileError, HeaderMap, Parsed, Record};
pub use report::{count_label, put_attributes, report_csv, task_counts, ReportRow};

#[cfg(test)]
mod tests;
