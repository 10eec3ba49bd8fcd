//! Accounts: the source's account schema, attribute validation before anything is sent,
//! the `sourceId` rule, the smallest JSON Patch between two versions, and task status.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// An attribute type in an account schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttrType {
    String,
    Int,
    Long,
    Boolean,
    Date,
    Other(String),
}

impl AttrType {
    fn parse(s: &str) -> Self {
        match s.to_ascii_uppercase().as_str() {
            "STRING" => AttrType::String,
            "INT" => AttrType::Int,
            "LONG" => AttrType::Long,
            "BOOLEAN" => AttrType::Boolean,
            "DATE" => AttrType::Date,
            other => AttrType::Other(other.to_string()),
        }
    }
}

/// One attribute of the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttrDef {
    pub name: String,
    pub kind: AttrType,
    pub is_multi: bool,
    pub is_entitlement: bool,
    pub description: String,
}

/// The account schema of a source.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct AccountSchema {
    pub name: String,
    pub identity_attribute: String,
    pub display_attribute: String,
    pub attributes: Vec<AttrDef>,
}

/// Picks the account schema from `GET /v3/sources/{id}/schemas` (the one named "account",
/// else the first).
pub fn account_schema(list: &[Value]) -> Option<AccountSchema> {
    let v = list
        .iter()
        .find(|s| s["name"] == "account")
        .or(list.first())?;
    Some(AccountSchema {
        name: v["name"].as_str().unwrap_or("account").to_string(),
        identity_attribute: v["identityAttribute"].as_str().unwrap_or("").to_string(),
        display_attribute: v["displayAttribute"].as_str().unwrap_or("").to_string(),
        attributes: v["attributes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| AttrDef {
                        name: x["name"].as_str().unwrap_or("").to_string(),
                        kind: AttrType::parse(x["type"].as_str().unwrap_or("STRING")),
                        is_multi: x["isMulti"] == true,
                        is_entitlement: x["isEntitlement"] == true,
                        description: x["description"].as_str().unwrap_or("").to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// Checks a `sourceId` a person pasted: only the 32-hex form works.
pub fn check_source_id(s: &str) -> Result<(), String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("Pick a source.".into());
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "{s} is an old numeric source id from the legacy admin UI (…#admin:connections:sources:{s}); the accounts API needs the source's 32-hex id, e.g. 2c91808470f4dc070170f8f3065e44aa. Pick the source from the list instead."
        ));
    }
    if !crate::source_form::is_hex32(s) {
        return Err(
            "A source id is 32 hexadecimal characters (e.g. 2c91808470f4dc070170f8f3065e44aa)."
                .into(),
        );
    }
    Ok(())
}

pub use crate::dates::is_iso_date;

fn typed(def: &AttrDef, text: &str) -> Result<Value, String> {
    let t = text.trim();
    match def.kind {
        AttrType::Int => t.parse::<i32>().map(|v| json!(v)).map_err(|_| {
            format!(
                "{} is an INT: a whole number from -2147483648 to 2147483647.",
                def.name
            )
        }),
        AttrType::Long => t
            .parse::<i64>()
            .map(|v| json!(v))
            .map_err(|_| format!("{} is a LONG: a whole number.", def.name)),
        AttrType::Boolean => match t.to_ascii_lowercase().as_str() {
            "true" => Ok(json!(true)),
            "false" => Ok(json!(false)),
            _ => Err(format!("{} is a BOOLEAN: true or false.", def.name)),
        },
        AttrType::Date => match crate::dates::date_problem(t) {
            None => Ok(json!(t)),
            Some(why) => Err(format!("{} is a DATE: {why}", def.name)),
        },
        AttrType::String | AttrType::Other(_) => Ok(json!(text)),
    }
}

/// What a person typed for one attribute: text, or lines for a multi-valued one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    One(String),
    Many(Vec<String>),
}

/// Field name -> message.
pub type AttrErrors = BTreeMap<String, String>;

/// Checks typed values against the schema and gives the typed attributes to send. Empty
/// optional fields are left out; the identity attribute is required; a name the schema
/// does not have is refused with a message naming the schema.
pub fn validate_attributes(
    schema: &AccountSchema,
    input: &BTreeMap<String, Input>,
) -> Result<Map<String, Value>, AttrErrors> {
    let mut out = Map::new();
    let mut errors = AttrErrors::new();
    for (name, value) in input {
        let Some(def) = schema.attributes.iter().find(|a| &a.name == name) else {
            errors.insert(
                name.clone(),
                format!(
                    "{name} is not in the source's {} schema; only its attributes can be sent.",
                    schema.name
                ),
            );
            continue;
        };
        match value {
            Input::One(t) if t.trim().is_empty() => {}
            Input::One(t) if def.is_multi => match typed(def, t) {
                Ok(v) => {
                    out.insert(name.clone(), json!([v]));
                }
                Err(e) => {
                    errors.insert(name.clone(), e);
                }
            },
            Input::One(t) => match typed(def, t) {
                Ok(v) => {
                    out.insert(name.clone(), v);
                }
                Err(e) => {
                    errors.insert(name.clone(), e);
                }
            },
            Input::Many(items) => {
                let items: Vec<&String> = items.iter().filter(|s| !s.trim().is_empty()).collect();
                if items.is_empty() {
                    continue;
                }
                if !def.is_multi && items.len() > 1 {
                    errors.insert(name.clone(), format!("{name} takes one value."));
                    continue;
                }
                let mut vals = Vec::new();
                for (i, it) in items.iter().enumerate() {
                    match typed(def, it) {
                        Ok(v) => vals.push(v),
                        Err(e) => {
                            errors.insert(name.clone(), format!("Value {}: {e}", i + 1));
                            break;
                        }
                    }
                }
                if !errors.contains_key(name) {
                    out.insert(
                        name.clone(),
                        if def.is_multi {
                            Value::Array(vals)
                        } else {
                            vals.remove(0)
                        },
                    );
                }
            }
        }
    }
    let id = &schema.identity_attribute;
    if !id.is_empty() && !out.contains_key(id) && !errors.contains_key(id) {
        errors.insert(
            id.clone(),
            format!("{id} is the source's identity attribute: every account needs it."),
        );
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn escape_pointer(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// The smallest JSON Patch from `original` to `edited` attributes, plus correlation changes.
/// Attribute operations are only produced for flat-file accounts (the tenant refuses them
/// elsewhere); `identityId` and `manuallyCorrelated` may change on any account.
pub fn minimal_patch(
    original: &Map<String, Value>,
    edited: &Map<String, Value>,
    identity_change: Option<(&str, bool)>,
    flat_file: bool,
) -> Result<Vec<Value>, String> {
    let mut ops = Vec::new();
    let attr_changes = original.iter().any(|(k, v)| edited.get(k) != Some(v))
        || edited.keys().any(|k| !original.contains_key(k));
    if attr_changes && !flat_file {
        return Err("Attributes can be changed through the API only on flat-file (DelimitedFile) accounts; on this source change them in the target system and aggregate.".into());
    }
    for (k, v) in edited {
        match original.get(k) {
            Some(o) if o == v => {}
            Some(_) => ops.push(json!({"op": "replace", "path": format!("/attributes/{}", escape_pointer(k)), "value": v})),
            None => ops.push(json!({"op": "add", "path": format!("/attributes/{}", escape_pointer(k)), "value": v})),
        }
    }
    for k in original.keys() {
        if !edited.contains_key(k) {
            ops.push(json!({"op": "remove", "path": format!("/attributes/{}", escape_pointer(k))}));
        }
    }
    if let Some((identity_id, manual)) = identity_change {
        ops.push(json!({"op": "replace", "path": "/identityId", "value": identity_id}));
        ops.push(json!({"op": "replace", "path": "/manuallyCorrelated", "value": manual}));
    }
    Ok(ops)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> AccountSchema {
        account_schema(&[json!({
        "name": "account", "identityAttribute": "id", "displayAttribute": "displayName",
        "attributes": [
            {"name": "id", "type": "STRING"}, {"name": "displayName", "type": "STRING"},
            {"name": "employeeNumber", "type": "INT"}, {"name": "fte", "type": "LONG"},
            {"name": "active", "type": "BOOLEAN"}, {"name": "startDate", "type": "DATE"},
            {"name": "groups", "type": "STRING", "isMulti": true, "isEntitlement": true}
        ]})])
        .unwrap()
    }

    fn one(v: &str) -> Input {
        Input::One(v.into())
    }

    #[test]
    fn each_type_is_checked_and_typed() {
        let mut input = BTreeMap::new();
        input.insert("id".into(), one("jdoe"));
        input.insert("employeeNumber".into(), one("42"));
        input.insert("fte".into(), one("10000000000"));
        input.insert("active".into(), one("TRUE"));
        input.insert("startDate".into(), one("2024-05-01"));
        input.insert(
            "groups".into(),
            Input::Many(vec!["A".into(), "".into(), "B".into()]),
        );
        input.insert("displayName".into(), one(""));
        let out = validate_attributes(&schema(), &input).unwrap();
        assert_eq!(out["employeeNumber"], json!(42));
        assert_eq!(out["fte"], json!(10_000_000_000i64));
        assert_eq!(out["active"], json!(true));
        assert_eq!(out["startDate"], json!("2024-05-01"));
        assert_eq!(out["groups"], json!(["A", "B"]));
        assert!(
            !out.contains_key("displayName"),
            "empty optional fields are left out"
        );
    }

    #[test]
    fn wrong_values_missing_identity_and_extra_attributes_are_refused() {
        let mut input = BTreeMap::new();
        input.insert("employeeNumber".into(), one("4x2"));
        input.insert("fte".into(), one("1.5"));
        input.insert("active".into(), one("yes"));
        input.insert("startDate".into(), one("01/05/2024"));
        input.insert("city".into(), one("Austin"));
        let e = validate_attributes(&schema(), &input).unwrap_err();
        assert!(e["employeeNumber"].contains("INT"));
        assert!(e["fte"].contains("LONG"));
        assert!(e["active"].contains("BOOLEAN"));
        assert!(e["startDate"].contains("DATE"));
        assert!(e["city"].contains("account schema"));
        assert!(e["id"].contains("identity attribute"));
        let mut big = BTreeMap::new();
        big.insert("id".into(), one("x"));
        big.insert("employeeNumber".into(), one("2147483648"));
        assert!(validate_attributes(&schema(), &big)
            .unwrap_err()
            .contains_key("employeeNumber"));
        let mut multi = BTreeMap::new();
        multi.insert("id".into(), Input::Many(vec!["a".into(), "b".into()]));
        assert!(validate_attributes(&schema(), &multi).unwrap_err()["id"].contains("one value"));
    }

    #[test]
    fn dates() {
        for ok in [
            "2024-05-01",
            "2024-05-01T09:30:00Z",
            "2024-05-01T09:30:00.123+02:00",
        ] {
            assert!(is_iso_date(ok), "{ok}");
        }
        for bad in [
            "2024-13-01",
            "2024-5-1",
            "01/05/2024",
            "2024-05-01T9:30",
            "2024-05-01 09:30:00",
            "2024-05-01T09:30:00+0200",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }

    #[test]
    fn the_legacy_numeric_id_is_explained() {
        let e = check_source_id("190100").unwrap_err();
        assert!(e.contains("old numeric") && e.contains("32-hex"), "{e}");
        assert!(check_source_id("2c91808470f4dc070170f8f3065e44aa").is_ok());
        assert!(check_source_id("2c918084-70f4").is_err());
        assert!(check_source_id("").is_err());
    }

    #[test]
    fn the_patch_is_the_smallest_difference() {
        let o: Map<String, Value> =
            serde_json::from_value(json!({"a": 1, "b": "x", "c/d": [1], "gone": true})).unwrap();
        let e: Map<String, Value> =
            serde_json::from_value(json!({"a": 1, "b": "y", "c/d": [1, 2], "new": "n"})).unwrap();
        let ops = minimal_patch(&o, &e, None, true).unwrap();
        assert_eq!(
            ops,
            vec![
                json!({"op": "replace", "path": "/attributes/b", "value": "y"}),
                json!({"op": "replace", "path": "/attributes/c~1d", "value": [1, 2]}),
                json!({"op": "add", "path": "/attributes/new", "value": "n"}),
                json!({"op": "remove", "path": "/attributes/gone"}),
            ]
        );
        assert!(minimal_patch(&o, &o, None, true).unwrap().is_empty());
        // not a flat file: attributes refused, correlation allowed
        assert!(minimal_patch(&o, &e, None, false).is_err());
        let ops = minimal_patch(
            &o,
            &o,
            Some(("2c9180857d0a9e3a017d0b5d3a5e0002", true)),
            false,
        )
        .unwrap();
        assert_eq!(ops.len(), 2);
        assert_eq!(ops[0]["path"], "/identityId");
    }
}
