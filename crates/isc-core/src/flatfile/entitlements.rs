//! A flat file's entitlements: the entitlement schema (ISC names it `group` unless told
//! otherwise) and an entitlements CSV read against it before `load-entitlements` sends it.
//!
//! The descriptions here have no list of a source's entitlements, so the preview cannot say
//! which rows ISC holds already. It says what can be known: how the header meets the schema,
//! what is wrong with a row (no value, a value twice, cells the header does not name), how many
//! of the source's accounts hold each entitlement, and which values accounts hold that the
//! file does not describe. An entitlement aggregation removes the source's entitlements its
//! file lacks (its task counts them as `groupsDeleted`).

use super::read::{parse, FileError};
use crate::accounts::AccountSchema;
use serde_json::Value;
use std::collections::BTreeMap;

/// The name of a flat file's entitlement schema unless the source has another.
pub const DEFAULT_SCHEMA: &str = "group";

/// A source's entitlement schema, as the preview reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntitlementSchema {
    pub id: String,
    pub name: String,
    /// The attribute whose value identifies an entitlement (the account attribute's value).
    pub identity: String,
    /// The attribute ISC shows as the entitlement's name.
    pub display: String,
    pub attributes: Vec<String>,
}

/// The entitlement schema in `GET …/sources/{id}/schemas`: the one named `group`, else the first
/// that is not the account schema.
pub fn entitlement_schema_of(list: &[Value]) -> Option<&Value> {
    list.iter()
        .find(|s| s["name"] == DEFAULT_SCHEMA)
        .or_else(|| list.iter().find(|s| s["name"] != "account"))
}

/// [`entitlement_schema_of`], read.
pub fn entitlement_schema(list: &[Value]) -> Option<EntitlementSchema> {
    let v = entitlement_schema_of(list)?;
    let text = |k: &str| v[k].as_str().unwrap_or("").to_string();
    Some(EntitlementSchema {
        id: text("id"),
        name: text("name"),
        identity: text("identityAttribute"),
        display: text("displayAttribute"),
        attributes: v["attributes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a["name"].as_str().map(str::to_string))
            .collect(),
    })
}

/// How many of `accounts` hold each value of the account schema's entitlement attributes.
pub fn held_values(accounts: &[Value], schema: &AccountSchema) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for a in accounts {
        for d in schema.attributes.iter().filter(|d| d.is_entitlement) {
            let v = &a["attributes"][d.name.as_str()];
            let values: Vec<&str> = match v {
                Value::Array(l) => l.iter().filter_map(Value::as_str).collect(),
                Value::String(s) => vec![s.as_str()],
                _ => vec![],
            };
            let mut seen: Vec<&str> = Vec::new();
            for s in values.into_iter().filter(|s| !s.is_empty()) {
                if !seen.contains(&s) {
                    seen.push(s);
                    *out.entry(s.to_string()).or_insert(0) += 1;
                }
            }
        }
    }
    out
}

/// One row of an entitlements file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntitlementRow {
    /// Its line in the file (the header is line 1).
    pub line: usize,
    /// The identity attribute's cell: the entitlement's value.
    pub value: String,
    /// The display attribute's cell (the value when the file has no such column).
    pub name: String,
    /// The `description` cell, if the file has that column.
    pub description: String,
    /// How many of the source's accounts hold this value.
    pub holders: usize,
    /// Why ISC would not take the row as it is; empty for a valid row.
    pub problems: Vec<String>,
}

/// An entitlements file read against the schema and the accounts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntitlementPreview {
    pub rows: Vec<EntitlementRow>,
    /// Columns the schema does not have: ISC ignores them.
    pub unknown: Vec<String>,
    /// Schema attributes the file has no column for: left empty on every entitlement.
    pub absent: Vec<String>,
    /// Values accounts hold that no row describes, with how many accounts hold each.
    pub undescribed: Vec<(String, usize)>,
    pub bom: bool,
}

impl EntitlementPreview {
    /// Rows with a problem (the load is refused while there are any).
    pub fn invalid(&self) -> usize {
        self.rows.iter().filter(|r| !r.problems.is_empty()).count()
    }

    /// Valid rows held by at least one account of the source.
    pub fn held(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.problems.is_empty() && r.holders > 0)
            .count()
    }
}

/// Reads `bytes` (CSV with `delimiter`) against `schema` and the `held` values. A file that
/// cannot be read, has no rows, repeats a column or lacks the identity column is refused with
/// the sentence to show; a schema with no attributes is refused too (its template comes first).
pub fn preview(
    bytes: &[u8],
    delimiter: char,
    schema: &EntitlementSchema,
    held: &BTreeMap<String, usize>,
) -> Result<EntitlementPreview, String> {
    if schema.attributes.is_empty() {
        return Err(format!(
            "The entitlement schema {} has no attributes: upload its template (a CSV header) on the source's page first.",
            schema.name
        ));
    }
    let parsed = parse(bytes, delimiter).map_err(|e| match e {
        FileError::HeaderOnly => "The file has a header row and no entitlements. Loading it would remove every entitlement of the source.".to_string(),
        FileError::Empty => "The file is empty: an entitlements file needs a header row and one row per entitlement.".to_string(),
        other => other.sentence(),
    })?;
    let header = &parsed.header;
    for (k, c) in header.iter().enumerate() {
        if header[..k].iter().any(|d| d.eq_ignore_ascii_case(c)) {
            return Err(FileError::DuplicateColumn(c.clone()).sentence());
        }
    }
    let col = |name: &str| header.iter().position(|h| h == name);
    let identity = if schema.identity.is_empty() {
        schema.attributes[0].as_str()
    } else {
        schema.identity.as_str()
    };
    let Some(id_col) = col(identity) else {
        return Err(format!(
            "The header has no column {identity}: it is the entitlement schema's identity attribute (the value accounts hold), and every row needs it."
        ));
    };
    let name_col = col(&schema.display).filter(|_| !schema.display.is_empty());
    let desc_col = col("description");
    let mut rows: Vec<EntitlementRow> = Vec::new();
    let mut first_line: BTreeMap<String, usize> = BTreeMap::new();
    for r in &parsed.records {
        let cell = |i: Option<usize>| {
            i.and_then(|i| r.cells.get(i))
                .map(|c| c.trim().to_string())
                .unwrap_or_default()
        };
        let value = cell(Some(id_col));
        let mut problems = Vec::new();
        if r.cells.len() != header.len() {
            problems.push(format!(
                "It has {} cells; the header has {}.",
                r.cells.len(),
                header.len()
            ));
        }
        if value.is_empty() {
            problems.push(format!(
                "{identity} is empty: every entitlement needs a value."
            ));
        } else if let Some(first) = first_line.get(&value) {
            problems.push(format!(
                "{identity} {value} is on line {first} too: one row per entitlement."
            ));
        } else {
            first_line.insert(value.clone(), r.line);
        }
        let name = Some(cell(name_col))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| value.clone());
        rows.push(EntitlementRow {
            line: r.line,
            holders: held.get(&value).copied().unwrap_or(0),
            description: cell(desc_col),
            value,
            name,
            problems,
        });
    }
    Ok(EntitlementPreview {
        unknown: header
            .iter()
            .filter(|h| !schema.attributes.contains(h))
            .cloned()
            .collect(),
        absent: schema
            .attributes
            .iter()
            .filter(|a| !header.contains(a))
            .cloned()
            .collect(),
        undescribed: held
            .iter()
            .filter(|(v, _)| !first_line.contains_key(*v))
            .map(|(v, n)| (v.clone(), *n))
            .collect(),
        rows,
        bom: parsed.bom,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::account_schema;
    use serde_json::json;

    fn schema() -> EntitlementSchema {
        entitlement_schema(&[
            json!({"name": "account", "attributes": [{"name": "id"}]}),
            json!({"id": "g1", "name": "group", "identityAttribute": "id", "displayAttribute": "displayName",
                   "attributes": [{"name": "id"}, {"name": "displayName"}, {"name": "description"}]}),
        ])
        .unwrap()
    }

    fn held() -> BTreeMap<String, usize> {
        BTreeMap::from([("eng-users".to_string(), 3), ("all-staff".to_string(), 12)])
    }

    #[test]
    fn the_group_schema_is_found_before_any_other_and_never_the_account_schema() {
        let s = schema();
        assert_eq!(
            (s.id.as_str(), s.identity.as_str(), s.display.as_str()),
            ("g1", "id", "displayName")
        );
        assert_eq!(s.attributes, ["id", "displayName", "description"]);
        assert_eq!(
            entitlement_schema(&[json!({"name": "account"})]),
            None,
            "a source with only an account schema has no entitlement schema"
        );
        let other = entitlement_schema(&[json!({"name": "account"}), json!({"name": "role"})]);
        assert_eq!(other.unwrap().name, "role");
    }

    #[test]
    fn accounts_count_once_per_value_they_hold_in_any_entitlement_attribute() {
        let s = account_schema(&[json!({"name": "account", "attributes": [
            {"name": "id", "type": "STRING"},
            {"name": "groups", "type": "STRING", "isMulti": true, "isEntitlement": true},
            {"name": "role", "type": "STRING", "isEntitlement": true}]})])
        .unwrap();
        let accounts = [
            json!({"attributes": {"id": "a", "groups": ["eng", "all", "eng"], "role": "admin"}}),
            json!({"attributes": {"id": "b", "groups": ["all"], "role": ""}}),
            json!({"attributes": {"id": "c"}}),
        ];
        let h = held_values(&accounts, &s);
        assert_eq!(
            h,
            BTreeMap::from([
                ("admin".to_string(), 1),
                ("all".to_string(), 2),
                ("eng".to_string(), 1)
            ])
        );
    }

    #[test]
    fn each_row_says_who_holds_it_and_what_accounts_hold_that_the_file_lacks() {
        let p = preview(
            b"id,displayName,description,colour\neng-users,Engineering,Engineers,blue\nfin-users,Finance,,red\n",
            ',',
            &schema(),
            &held(),
        )
        .unwrap();
        assert_eq!(p.invalid(), 0);
        assert_eq!(p.held(), 1);
        assert_eq!(
            p.rows
                .iter()
                .map(|r| (r.line, r.value.as_str(), r.name.as_str(), r.holders))
                .collect::<Vec<_>>(),
            [
                (2, "eng-users", "Engineering", 3),
                (3, "fin-users", "Finance", 0)
            ]
        );
        assert_eq!(p.rows[0].description, "Engineers");
        assert_eq!(p.unknown, ["colour"]);
        assert!(p.absent.is_empty());
        assert_eq!(p.undescribed, [("all-staff".to_string(), 12)]);
    }

    #[test]
    fn an_empty_or_repeated_value_and_a_short_row_are_problems_of_their_row() {
        let p = preview(
            b"id,displayName\n,Nobody\neng-users,Eng\neng-users,Eng again\nfin-users\n",
            ',',
            &schema(),
            &held(),
        )
        .unwrap();
        let problems: Vec<(usize, Vec<String>)> = p
            .rows
            .iter()
            .filter(|r| !r.problems.is_empty())
            .map(|r| (r.line, r.problems.clone()))
            .collect();
        assert_eq!(
            problems,
            [
                (
                    2,
                    vec!["id is empty: every entitlement needs a value.".to_string()]
                ),
                (
                    4,
                    vec!["id eng-users is on line 3 too: one row per entitlement.".to_string()]
                ),
                (5, vec!["It has 1 cells; the header has 2.".to_string()]),
            ]
        );
        assert_eq!(p.invalid(), 3);
        assert_eq!(
            p.absent,
            ["description"],
            "the schema's description column is missing"
        );
        assert_eq!(p.rows[4 - 2].name, "Eng again");
    }

    #[test]
    fn a_file_the_load_cannot_take_is_refused_with_the_reason() {
        let s = schema();
        let e = |b: &[u8]| preview(b, ',', &s, &held()).unwrap_err();
        assert!(e(b"displayName\nEng\n").starts_with("The header has no column id:"));
        assert!(e(b"id,ID\na,b\n").contains("twice"));
        assert!(e(b"id,displayName\n").contains("would remove every entitlement"));
        assert!(e(b"").contains("empty"));
        let bare = EntitlementSchema {
            name: "group".into(),
            ..Default::default()
        };
        assert!(preview(b"id\na\n", ',', &bare, &held())
            .unwrap_err()
            .contains("has no attributes"));
    }

    #[test]
    fn without_a_display_column_the_value_is_the_name_and_the_delimiter_is_the_sources() {
        let p = preview(b"id;description\nvpn;VPN access\n", ';', &schema(), &held()).unwrap();
        assert_eq!(p.rows[0].name, "vpn");
        assert_eq!(p.rows[0].description, "VPN access");
        assert_eq!(p.absent, ["displayName"]);
    }
}
