//! Writing a source's accounts as CSV: the delimiter, the columns and each cell.

use super::*;

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
