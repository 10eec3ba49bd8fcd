//! Editing a source's account schema: the attributes as a person edits them (a [`Draft`]),
//! checked before anything is sent ([`check`]), turned into the fewest JSON Patch operations
//! against the schema the tenant holds ([`patch`]), and the header of a CSV file proposed as the
//! attributes of a flat-file source ([`header_proposal`]), as ISC's schema template upload
//! takes it.

use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The attribute types ISC's account schemas use.
pub const TYPES: [&str; 5] = ["STRING", "INT", "LONG", "BOOLEAN", "DATE"];

/// The longest attribute name accepted.
pub const MAX_NAME: usize = 128;

/// One attribute as the editor holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DraftAttr {
    pub name: String,
    /// One of [`TYPES`].
    pub kind: String,
    pub multi: bool,
    pub entitlement: bool,
    pub description: String,
}

impl DraftAttr {
    /// A new single-valued STRING attribute.
    pub fn string(name: &str) -> Self {
        DraftAttr {
            name: name.to_string(),
            kind: "STRING".into(),
            ..Default::default()
        }
    }
}

/// An account schema as the editor holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub attrs: Vec<DraftAttr>,
    /// The attribute that identifies an account (its native identity).
    pub identity: String,
    /// The attribute an account is shown by.
    pub display: String,
}

/// The draft of a schema the tenant answered (`GET …/schemas/{id}` or an item of the list).
pub fn draft_of(schema: &Value) -> Draft {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    Draft {
        attrs: schema["attributes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| DraftAttr {
                        name: s(&x["name"]),
                        kind: x["type"].as_str().unwrap_or("STRING").to_ascii_uppercase(),
                        multi: x["isMulti"] == true,
                        entitlement: x["isEntitlement"] == true,
                        description: s(&x["description"]),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        identity: s(&schema["identityAttribute"]),
        display: s(&schema["displayAttribute"]),
    }
}

/// What is wrong with an attribute name, if anything: a letter or `_` first, then letters,
/// digits, `_`, `.` or `-`, at most [`MAX_NAME`] characters.
pub fn name_problem(name: &str) -> Option<String> {
    let mut chars = name.chars();
    match chars.next() {
        None => Some("A name is needed.".into()),
        Some(c) if !(c.is_ascii_alphabetic() || c == '_') => Some(format!(
            "“{name}” starts with “{c}”: a name starts with a letter or _."
        )),
        _ if name.chars().count() > MAX_NAME => Some(format!("At most {MAX_NAME} characters.")),
        _ => chars
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
            .map(|c| format!("“{name}” has “{c}”: letters, digits, _ . and - only (no spaces).")),
    }
}

/// Every problem of a draft, by field: `name-{i}`, `type-{i}`, `entitlement-{i}` for the
/// attribute at `i`, `identity`, `display`. Empty: the draft may be sent.
pub fn check(d: &Draft) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, a) in d.attrs.iter().enumerate() {
        if let Some(p) = name_problem(&a.name) {
            out.insert(format!("name-{i}"), p);
        } else if let Some(j) = seen.get(&a.name.to_ascii_lowercase()) {
            out.insert(
                format!("name-{i}"),
                format!(
                    "{} is already the name of attribute {} (names are unique, whatever the case).",
                    a.name,
                    j + 1
                ),
            );
        } else {
            seen.insert(a.name.to_ascii_lowercase(), i);
        }
        if !TYPES.contains(&a.kind.as_str()) {
            out.insert(
                format!("type-{i}"),
                format!(
                    "{} is not a type ISC knows: STRING, INT, LONG, BOOLEAN or DATE.",
                    a.kind
                ),
            );
        }
        if a.entitlement && a.kind != "STRING" {
            out.insert(
                format!("entitlement-{i}"),
                "An entitlement attribute is a STRING.".into(),
            );
        }
    }
    let named = |n: &str| d.attrs.iter().position(|a| a.name == n);
    if !d.attrs.is_empty() {
        match named(&d.identity) {
            _ if d.identity.is_empty() => {
                out.insert(
                    "identity".into(),
                    "Choose the attribute that identifies an account (its native identity).".into(),
                );
            }
            None => {
                out.insert(
                    "identity".into(),
                    format!("{} is not an attribute of this schema.", d.identity),
                );
            }
            Some(i) if d.attrs[i].multi => {
                out.insert(
                    "identity".into(),
                    format!(
                        "{} is multi-valued: the identity attribute holds one value.",
                        d.identity
                    ),
                );
            }
            Some(_) => {}
        }
        if !d.display.is_empty() && named(&d.display).is_none() {
            out.insert(
                "display".into(),
                format!("{} is not an attribute of this schema.", d.display),
            );
        }
    }
    out
}

/// The attribute as the tenant stores it: the old one's other fields (`schema`, `isGroup`)
/// kept, the edited ones written.
fn attr_value(old: Option<&Value>, a: &DraftAttr) -> Value {
    let mut v = old.cloned().unwrap_or_else(|| {
        json!({"name": a.name, "type": a.kind, "schema": null, "description": "", "isMulti": false, "isEntitlement": false, "isGroup": false})
    });
    v["name"] = json!(a.name);
    v["type"] = json!(a.kind);
    v["isMulti"] = json!(a.multi);
    v["isEntitlement"] = json!(a.entitlement);
    v["description"] = json!(a.description);
    v
}

/// The fewest JSON Patch operations that turn the tenant's `old` schema into `d`: an
/// attribute is known by its name (a renamed one is removed and added); removals first, from
/// the last index down, so the indices of the ones after stay right; then the replaced ones at
/// their index after the removals; then the new ones added at the end; then the identity and
/// display attributes. Nothing changed: no operation.
pub fn patch(old: &Value, d: &Draft) -> Vec<Value> {
    let before: Vec<Value> = old["attributes"].as_array().cloned().unwrap_or_default();
    let name_of = |v: &Value| v["name"].as_str().unwrap_or("").to_string();
    let wanted = |n: &str| d.attrs.iter().find(|a| a.name == n);
    let mut ops = Vec::new();
    for (i, v) in before.iter().enumerate().rev() {
        if wanted(&name_of(v)).is_none() {
            ops.push(json!({"op": "remove", "path": format!("/attributes/{i}")}));
        }
    }
    let kept: Vec<&Value> = before
        .iter()
        .filter(|v| wanted(&name_of(v)).is_some())
        .collect();
    for (i, v) in kept.iter().enumerate() {
        let Some(a) = wanted(&name_of(v)) else {
            continue;
        };
        let new = attr_value(Some(v), a);
        if new != **v {
            ops.push(json!({"op": "replace", "path": format!("/attributes/{i}"), "value": new}));
        }
    }
    for a in &d.attrs {
        if !before.iter().any(|v| name_of(v) == a.name) {
            ops.push(json!({"op": "add", "path": "/attributes/-", "value": attr_value(None, a)}));
        }
    }
    for (field, value) in [
        ("identityAttribute", &d.identity),
        ("displayAttribute", &d.display),
    ] {
        if old[field].as_str().unwrap_or("") != value.as_str() {
            ops.push(json!({"op": "replace", "path": format!("/{field}"), "value": value}));
        }
    }
    ops
}

/// What uploading a CSV header as the schema template does to the attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Proposal {
    /// The header's columns, in order: the attributes after the upload.
    pub columns: Vec<String>,
    /// Columns that are attributes already (they keep their type and flags).
    pub kept: Vec<String>,
    /// Columns that become new STRING attributes.
    pub added: Vec<String>,
    /// Attributes no column names: the upload removes them.
    pub removed: Vec<String>,
}

/// Reads the header row of `text` (cells split on `delimiter`, quotes allowed) and proposes
/// it as the attributes of `d`; a header with an empty or a repeated column, or a name ISC
/// refuses, is refused with the column named.
pub fn header_proposal(d: &Draft, text: &str, delimiter: char) -> Result<Proposal, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line = text.lines().next().unwrap_or("").trim_end_matches('\r');
    if line.trim().is_empty() {
        return Err("The file has no header row: its first line names the columns.".into());
    }
    let columns = split_header(line, delimiter);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (k, c) in columns.iter().enumerate() {
        if c.is_empty() {
            return Err(format!("Column {} has no name.", k + 1));
        }
        if let Some(j) = seen.insert(c.to_ascii_lowercase(), k) {
            return Err(format!(
                "The column {c} appears twice (columns {} and {}).",
                j + 1,
                k + 1
            ));
        }
        if let Some(p) = name_problem(c) {
            return Err(format!("Column {}: {p}", k + 1));
        }
    }
    let has = |n: &str| d.attrs.iter().any(|a| a.name == n);
    Ok(Proposal {
        kept: columns.iter().filter(|c| has(c)).cloned().collect(),
        added: columns.iter().filter(|c| !has(c)).cloned().collect(),
        removed: d
            .attrs
            .iter()
            .filter(|a| !columns.contains(&a.name))
            .map(|a| a.name.clone())
            .collect(),
        columns,
    })
}

/// The cells of one CSV line: split on `delimiter` outside quotes, quotes removed, `""` kept
/// as one, spaces around a cell trimmed.
fn split_header(line: &str, delimiter: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

/// The schema after an upload of `columns` as the template, as ISC makes it: the attributes
/// the header names, in its order (a kept one as it was, a new one a STRING), the identity
/// attribute kept when still named (else the first column), the display attribute likewise
/// (else the identity attribute).
pub fn schema_from_header(old: &Value, columns: &[String]) -> Value {
    let before: Vec<Value> = old["attributes"].as_array().cloned().unwrap_or_default();
    let attrs: Vec<Value> = columns
        .iter()
        .map(|c| {
            before
                .iter()
                .find(|v| v["name"] == c.as_str())
                .cloned()
                .unwrap_or_else(|| attr_value(None, &DraftAttr::string(c)))
        })
        .collect();
    let keep = |field: &str, fallback: &str| {
        old[field]
            .as_str()
            .filter(|n| columns.iter().any(|c| c == n))
            .unwrap_or(fallback)
            .to_string()
    };
    let first = columns.first().map(String::as_str).unwrap_or("");
    let identity = keep("identityAttribute", first);
    let display = keep("displayAttribute", &identity);
    let mut s = old.clone();
    s["attributes"] = Value::Array(attrs);
    s["identityAttribute"] = json!(identity);
    s["displayAttribute"] = json!(display);
    s
}

#[cfg(test)]
mod tests;
