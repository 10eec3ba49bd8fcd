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

pub mod entitlements;
mod export;
mod preview;
mod read;
mod report;

pub use export::{cell, columns, export, source_delimiter, template_columns};
pub use preview::{counts, Change, Checker, Counts, Missing, PreviewRow, RowKind};
pub use read::{map_header, parse, FileError, HeaderMap, Parsed, Record};
pub use report::{count_label, put_attributes, report_csv, task_counts, ReportRow};

/// What an aggregation of a file does to the accounts it lacks, against the source's delete
/// threshold (a percentage of its accounts; 10 when the source has none set): ISC skips the
/// whole delete phase when more than that share would go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Removal {
    /// Nothing would go.
    None,
    /// `n` of the source's accounts go.
    Removes(usize),
    /// `n` of the source's `of` accounts would go, `percent` of them, over `threshold`: none
    /// is removed.
    Skipped {
        n: usize,
        of: usize,
        percent: u64,
        threshold: u64,
    },
}

/// The [`Removal`] of `missing` accounts out of `held` on a source with `threshold`.
pub fn removal(missing: usize, held: usize, threshold: Option<u64>) -> Removal {
    let threshold = threshold.unwrap_or(10);
    if missing == 0 {
        Removal::None
    } else if missing as u64 * 100 > threshold * held as u64 {
        Removal::Skipped {
            n: missing,
            of: held,
            percent: (missing as u64 * 100).div_ceil(held.max(1) as u64),
            threshold,
        }
    } else {
        Removal::Removes(missing)
    }
}

impl Removal {
    /// The sentence the aggregation preview says before anything is sent.
    pub fn sentence(&self) -> String {
        match self {
            Removal::None => "Every account ISC holds is in the file: the aggregation removes none.".into(),
            Removal::Removes(n) => format!(
                "The aggregation removes the {} ISC holds that the file lacks.",
                crate::shown::count(*n, "account")
            ),
            Removal::Skipped {
                n,
                of,
                percent,
                threshold,
            } => format!(
                "ISC will skip the removal: {n} of the source's {} ({percent} %) are not in the file, more than its delete threshold of {threshold} %. None is removed; the ones that would have gone are listed.",
                crate::shown::count(*of, "account")
            ),
        }
    }
}

#[cfg(test)]
mod tests;
