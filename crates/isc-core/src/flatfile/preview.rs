//! The preview: each row checked and compared with what ISC holds, and the counts.

use super::*;

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
