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

/// The file delimiter of a flat-file source (`connectorAttributes.delimiter`), else `,`.
pub fn source_delimiter(source: &Value) -> char {
    source["connectorAttributes"]["delimiter"]
        .as_str()
        .and_then(|d| {
            let mut c = d.chars();
            match (c.next(), c.next()) {
                (Some(x), None) if x.is_ascii() => Some(x),
                _ => None,
            }
        })
        .unwrap_or(',')
}

/// The names of a CSV template's header (`GET …/sources/{id}/schemas/accounts`).
pub fn template_columns(template: &str) -> Vec<String> {
    let text = template.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    r.records()
        .next()
        .and_then(|x| x.ok())
        .map(|rec| {
            rec.iter()
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The export's columns: the template's order, then any schema attribute it lacks; without a
/// template, the schema's order.
pub fn columns(template: &[String], schema: &AccountSchema) -> Vec<String> {
    let mut out: Vec<String> = template.to_vec();
    for a in &schema.attributes {
        if !out.contains(&a.name) {
            out.push(a.name.clone());
        }
    }
    out
}

/// One value as a cell: text as it is, numbers and booleans written out, a list joined by
/// `sep`, nothing for null.
pub fn cell(v: &Value, sep: &str) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| cell(i, sep))
            .collect::<Vec<_>>()
            .join(sep),
        other => other.to_string(),
    }
}

/// Accounts (as the accounts list returns them) as a CSV file with a header row; CRLF line
/// ends and quotes where a cell needs them (RFC 4180).
pub fn export(columns: &[String], accounts: &[Value], delimiter: char, sep: &str) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter as u8)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record(columns);
    let mut row: Vec<String> = Vec::with_capacity(columns.len());
    for a in accounts {
        row.clear();
        for c in columns {
            row.push(cell(&a["attributes"][c.as_str()], sep));
        }
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Why a file cannot be read at all (nothing is sent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    Empty,
    TooLarge(usize),
    NotUtf8 {
        line: usize,
    },
    HeaderOnly,
    /// The header reads as one column but is separated by this other character.
    OtherDelimiter {
        found: char,
        expected: char,
    },
    Unreadable(String),
    DuplicateColumn(String),
    NoIdentityColumn(String),
}

impl FileError {
    /// The sentence the import shows.
    pub fn sentence(&self) -> String {
        match self {
            FileError::Empty => "The file is empty: a flat file needs a header row and one row per account.".into(),
            FileError::TooLarge(n) => format!(
                "The file is {:.1} MB; the console reads files of at most 20 MB. Split it, or upload it from the vendor's UI.",
                *n as f64 / 1_048_576.0
            ),
            FileError::NotUtf8 { line } => format!(
                "Line {line} is not UTF-8 text. Save the file as UTF-8 (in Excel: CSV UTF-8) and choose it again."
            ),
            FileError::HeaderOnly => "The file has a header row and no accounts. Importing it would change nothing, and aggregating it would remove every account.".into(),
            FileError::OtherDelimiter { found, expected } => format!(
                "The header is separated by {} but this source reads {}: save the file with {} between cells.",
                name_of(*found), name_of(*expected), name_of(*expected)
            ),
            FileError::Unreadable(why) => format!("The file is not readable CSV: {why}."),
            FileError::DuplicateColumn(c) => format!("The header names the column {c} twice."),
            FileError::NoIdentityColumn(c) => format!(
                "The header has no column {c}: it is the source's identity attribute, and every row needs it."
            ),
        }
    }
}

fn name_of(c: char) -> String {
    match c {
        ',' => "commas (,)".into(),
        ';' => "semicolons (;)".into(),
        '\t' => "tabs".into(),
        '|' => "pipes (|)".into(),
        other => format!("'{other}'"),
    }
}

/// One data row of a file: its line in the file (from 1, the header is line 1) and cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A file read into rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub header: Vec<String>,
    pub records: Vec<Record>,
    /// A byte-order mark was removed.
    pub bom: bool,
}

/// Reads a file's bytes as CSV with `delimiter`.
pub fn parse(bytes: &[u8], delimiter: char) -> Result<Parsed, FileError> {
    if bytes.len() > MAX_BYTES {
        return Err(FileError::TooLarge(bytes.len()));
    }
    let (bom, bytes) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        return Err(FileError::NotUtf8 { line });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(FileError::Empty);
    }
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter as u8)
        .from_reader(bytes);
    let mut header = None;
    let mut records = Vec::new();
    let mut rec = csv::StringRecord::new();
    // Lines are counted here from each record's first byte (the reader's own count lags a
    // line behind at a record's start).
    let (mut counted_to, mut newlines) = (0usize, 0usize);
    loop {
        match r.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let mut start = rec.position().map(|p| p.byte() as usize).unwrap_or(0);
                while start < bytes.len() && (bytes[start] == b'\r' || bytes[start] == b'\n') {
                    start += 1;
                }
                let start = start.max(counted_to);
                newlines += bytes[counted_to..start]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                counted_to = start;
                let line = newlines + 1;
                // A line with nothing on it (a trailing blank line) is no row.
                if rec.len() == 1 && rec[0].trim().is_empty() {
                    continue;
                }
                if header.is_none() {
                    header = Some(rec.iter().map(|c| c.trim().to_string()).collect::<Vec<_>>());
                } else {
                    records.push(Record {
                        line,
                        cells: rec.iter().map(str::to_string).collect(),
                    });
                }
            }
            Err(e) => return Err(FileError::Unreadable(e.to_string())),
        }
    }
    let header = header.ok_or(FileError::Empty)?;
    if header.len() == 1 {
        for found in [',', ';', '\t', '|'] {
            if found != delimiter && header[0].contains(found) {
                return Err(FileError::OtherDelimiter {
                    found,
                    expected: delimiter,
                });
            }
        }
    }
    if records.is_empty() {
        return Err(FileError::HeaderOnly);
    }
    Ok(Parsed {
        header,
        records,
        bom,
    })
}

/// How a file's header meets the account schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderMap {
    /// For each column of the file, the attribute it carries (`None`: not in the schema).
    pub columns: Vec<Option<String>>,
    /// Columns the schema does not have (ignored; an aggregation ignores them too).
    pub unknown: Vec<String>,
    /// Schema attributes no column carries (left as ISC holds them by a row update; an
    /// aggregation of this file would empty them).
    pub missing: Vec<String>,
    /// The column of the identity attribute.
    pub identity: usize,
}

/// Maps a header onto the schema (names compared exactly, as the connector does).
pub fn map_header(header: &[String], schema: &AccountSchema) -> Result<HeaderMap, FileError> {
    let mut seen = HashSet::new();
    for h in header {
        if !h.is_empty() && !seen.insert(h.as_str()) {
            return Err(FileError::DuplicateColumn(h.clone()));
        }
    }
    let columns: Vec<Option<String>> = header
        .iter()
        .map(|h| {
            schema
                .attributes
                .iter()
                .any(|a| &a.name == h)
                .then(|| h.clone())
        })
        .collect();
    let identity = header
        .iter()
        .position(|h| *h == schema.identity_attribute)
        .ok_or_else(|| FileError::NoIdentityColumn(schema.identity_attribute.clone()))?;
    Ok(HeaderMap {
        unknown: header
            .iter()
            .zip(&columns)
            .filter(|(_, c)| c.is_none())
            .map(|(h, _)| h.clone())
            .collect(),
        missing: schema
            .attributes
            .iter()
            .filter(|a| !header.contains(&a.name))
            .map(|a| a.name.clone())
            .collect(),
        columns,
        identity,
    })
}

/// One attribute that a row changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub attribute: String,
    pub old: String,
    pub new: String,
}

/// What a row of the file is, against what ISC holds.
#[derive(Clone, Debug, PartialEq)]
pub enum RowKind {
    New,
    Changed(Vec<Change>),
    Unchanged,
    /// Each message names the row and the column.
    Invalid(Vec<String>),
}

/// A row of the preview.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewRow {
    pub line: usize,
    pub native: String,
    pub kind: RowKind,
    /// The typed attributes to send (empty for an invalid row).
    pub attributes: Map<String, Value>,
    /// The ISC account this row is, when there is one.
    pub account_id: Option<String>,
}

/// An account ISC holds that the file lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    pub account_id: String,
    pub native: String,
    pub name: String,
}

/// A value as compared: text, a list's items sorted (order in a cell is not meaning).
fn norm(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let mut parts: Vec<String> = items.iter().map(norm).collect();
            parts.sort();
            parts.join("\u{1f}")
        }
        other => other.to_string(),
    }
}

/// Checks the rows of a file and compares them with the source's accounts; made once, then
/// [`Checker::check`] row by row (the page does it in slices, to stay responsive), then
/// [`Checker::missing`].
pub struct Checker<'a> {
    schema: &'a AccountSchema,
    map: &'a HeaderMap,
    sep: String,
    /// Native identity → the ISC account.
    held: HashMap<&'a str, &'a Value>,
    /// Native identity → the lines that carry it, for those on more than one.
    twice: HashMap<String, Vec<usize>>,
    seen: HashSet<String>,
}

impl<'a> Checker<'a> {
    /// `accounts`: what the accounts list returns for the source now.
    pub fn new(
        schema: &'a AccountSchema,
        map: &'a HeaderMap,
        sep: &str,
        records: &[Record],
        accounts: &'a [Value],
    ) -> Self {
        let mut lines: HashMap<&str, Vec<usize>> = HashMap::new();
        for r in records {
            if let Some(n) = r.cells.get(map.identity) {
                let n = n.trim();
                if !n.is_empty() {
                    lines.entry(n).or_default().push(r.line);
                }
            }
        }
        let twice = lines
            .into_iter()
            .filter(|(_, l)| l.len() > 1)
            .map(|(n, l)| (n.to_string(), l))
            .collect();
        let held = accounts
            .iter()
            .filter_map(|a| a["nativeIdentity"].as_str().map(|n| (n, a)))
            .collect();
        Checker {
            schema,
            map,
            sep: sep.to_string(),
            held,
            twice,
            seen: HashSet::new(),
        }
    }

    /// The preview of one row.
    pub fn check(&mut self, r: &Record) -> PreviewRow {
        let native = r
            .cells
            .get(self.map.identity)
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        self.seen.insert(native.clone());
        let invalid = |msgs: Vec<String>| PreviewRow {
            line: r.line,
            native: native.clone(),
            kind: RowKind::Invalid(msgs),
            attributes: Map::new(),
            account_id: None,
        };
        let width = self.map.columns.len();
        if r.cells.len() != width {
            return invalid(vec![format!(
                "Row {}: {} cells where the header has {} columns{}.",
                r.line,
                r.cells.len(),
                width,
                if r.cells.len() > width {
                    " (an unquoted delimiter inside a value?)"
                } else {
                    ""
                }
            )]);
        }
        if let Some(lines) = self.twice.get(&native) {
            let others: Vec<String> = lines
                .iter()
                .filter(|l| **l != r.line)
                .map(|l| l.to_string())
                .collect();
            return invalid(vec![format!(
                "Row {}, column {}: {native} is also on row {}; a native identity names one account.",
                r.line,
                self.schema.identity_attribute,
                others.join(", ")
            )]);
        }
        let mut input = BTreeMap::new();
        for (i, col) in self.map.columns.iter().enumerate() {
            let Some(name) = col else { continue };
            let text = &r.cells[i];
            let multi = self
                .schema
                .attributes
                .iter()
                .any(|a| &a.name == name && a.is_multi);
            let value = if multi && !self.sep.is_empty() {
                Input::Many(
                    text.split(self.sep.as_str())
                        .map(|s| s.trim().to_string())
                        .collect(),
                )
            } else {
                Input::One(text.clone())
            };
            input.insert(name.clone(), value);
        }
        let attributes = match validate_attributes(self.schema, &input) {
            Ok(a) => a,
            Err(errors) => {
                return invalid(
                    errors
                        .into_iter()
                        .map(|(col, m)| format!("Row {}, column {col}: {m}", r.line))
                        .collect(),
                )
            }
        };
        let Some(held) = self.held.get(native.as_str()) else {
            return PreviewRow {
                line: r.line,
                native,
                kind: RowKind::New,
                attributes,
                account_id: None,
            };
        };
        let mut changes = Vec::new();
        for name in self.map.columns.iter().flatten() {
            let old = &held["attributes"][name.as_str()];
            let new = attributes.get(name).unwrap_or(&Value::Null);
            if norm(old) != norm(new) {
                changes.push(Change {
                    attribute: name.clone(),
                    old: cell(old, &self.sep),
                    new: cell(new, &self.sep),
                });
            }
        }
        PreviewRow {
            line: r.line,
            native,
            kind: if changes.is_empty() {
                RowKind::Unchanged
            } else {
                RowKind::Changed(changes)
            },
            attributes,
            account_id: held["id"].as_str().map(str::to_string),
        }
    }

    /// The accounts ISC holds that no row checked so far names: what an aggregation of this
    /// file would remove.
    pub fn missing(&self) -> Vec<Missing> {
        let mut out: Vec<Missing> = self
            .held
            .iter()
            .filter(|(n, _)| !self.seen.contains(**n))
            .map(|(n, a)| Missing {
                account_id: a["id"].as_str().unwrap_or("").to_string(),
                native: n.to_string(),
                name: a["name"].as_str().unwrap_or("").to_string(),
            })
            .collect();
        out.sort_by(|a, b| a.native.cmp(&b.native));
        out
    }
}

/// The counts of a preview.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub invalid: usize,
}

/// Counts the rows of a preview by kind.
pub fn counts(rows: &[PreviewRow]) -> Counts {
    let mut c = Counts::default();
    for r in rows {
        match r.kind {
            RowKind::New => c.new += 1,
            RowKind::Changed(_) => c.changed += 1,
            RowKind::Unchanged => c.unchanged += 1,
            RowKind::Invalid(_) => c.invalid += 1,
        }
    }
    c
}

/// The attributes a row update sends: what ISC holds, with every column of the file over it
/// (a PUT replaces them all, so an attribute the file has no column for is kept).
pub fn put_attributes(
    held: &Map<String, Value>,
    row: &PreviewRow,
    map: &HeaderMap,
) -> Map<String, Value> {
    let mut out = held.clone();
    for name in map.columns.iter().flatten() {
        match row.attributes.get(name) {
            Some(v) => {
                out.insert(name.clone(), v.clone());
            }
            None => {
                out.remove(name);
            }
        }
    }
    out
}

/// How one row of an apply run went, for the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRow {
    pub line: usize,
    pub native: String,
    /// "create" or "update".
    pub action: String,
    /// "done", "failed", "not sent", "unknown", "skipped (invalid)" …
    pub outcome: String,
    pub task_id: String,
    pub message: String,
}

/// The report of an apply run as CSV.
pub fn report_csv(rows: &[ReportRow]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = w.write_record([
        "row",
        "nativeIdentity",
        "action",
        "outcome",
        "taskId",
        "message",
    ]);
    for r in rows {
        let line = r.line.to_string();
        let _ = w.write_record([
            line.as_str(),
            &r.native,
            &r.action,
            &r.outcome,
            &r.task_id,
            &r.message,
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The English of an aggregation's return label (`TASK_OUT_ACCOUNT_AGGREGATION_TOTAL`);
/// another label as it is.
pub fn count_label(label: &str) -> String {
    match label.strip_prefix("TASK_OUT_ACCOUNT_AGGREGATION_") {
        Some("TOTAL") => "Accounts read".into(),
        Some("CREATED") => "Created".into(),
        Some("UPDATED") => "Updated".into(),
        Some("DELETED") => "Removed".into(),
        Some("OPTIMIZED") => "Unchanged (skipped by optimization)".into(),
        Some("IGNORED") => "Ignored".into(),
        Some("APPLICATIONS") => "Sources".into(),
        Some(other) => other.replace('_', " ").to_lowercase(),
        None => label.to_string(),
    }
}

/// The counts an aggregation task reports: each of its `returns` (a label, `name` in a task
/// status and `displayLabel` in the load-accounts answer, and the attribute that holds the
/// figure) with the figure from its `attributes`.
pub fn task_counts(task: &Value) -> Vec<(String, String)> {
    task["returns"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| {
            let label = count_label(r["name"].as_str().or(r["displayLabel"].as_str())?);
            let label = label.as_str();
            let key = r["attributeName"].as_str()?;
            let v = &task["attributes"][key];
            (!v.is_null()).then(|| (label.to_string(), cell(v, ", ")))
        })
        .collect()
}

#[cfg(test)]
mod tests;
