//! Reading a file: parsing the CSV, and mapping its header to the account schema.

use super::*;

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
