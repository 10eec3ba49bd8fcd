//! Serde models of the API objects the console reads, parsed leniently: the tenant omits
//! "required" fields in slim answers and sends `null` where the spec does not allow it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A reference to another object: `{type, id, name}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Reference {
    /// A reference of a type with an id and an optional name.
    pub fn new(kind: &str, id: &str, name: Option<&str>) -> Self {
        Reference {
            kind: Some(kind.to_string()),
            id: id.to_string(),
            name: name.map(str::to_string),
        }
    }
}

/// Manager correlation: which account attribute finds the manager by which identity attribute.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagerCorrelationMapping {
    #[serde(
        default,
        rename = "accountAttributeName",
        skip_serializing_if = "Option::is_none"
    )]
    pub account_attribute_name: Option<String>,
    #[serde(
        default,
        rename = "identityAttributeName",
        skip_serializing_if = "Option::is_none"
    )]
    pub identity_attribute_name: Option<String>,
}

/// A source as `GET /v3/sources` returns it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub owner: Option<Reference>,
    #[serde(default)]
    pub cluster: Option<Reference>,
    #[serde(default)]
    pub account_correlation_config: Option<Reference>,
    #[serde(default)]
    pub account_correlation_rule: Option<Reference>,
    #[serde(default)]
    pub manager_correlation_mapping: Option<ManagerCorrelationMapping>,
    #[serde(default)]
    pub manager_correlation_rule: Option<Reference>,
    #[serde(default)]
    pub before_provisioning_rule: Option<Reference>,
    #[serde(default)]
    pub schemas: Option<Vec<Reference>>,
    #[serde(default)]
    pub features: Option<Vec<String>>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub connector: Option<String>,
    #[serde(default)]
    pub connector_class: Option<String>,
    #[serde(default)]
    pub connector_attributes: Option<Value>,
    #[serde(default)]
    pub delete_threshold: Option<i64>,
    #[serde(default)]
    pub authoritative: Option<bool>,
    #[serde(default)]
    pub management_workgroup: Option<Reference>,
    #[serde(default)]
    pub healthy: Option<bool>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub connector_id: Option<String>,
    #[serde(default)]
    pub connector_name: Option<String>,
    #[serde(default)]
    pub connection_type: Option<String>,
    #[serde(default)]
    pub connector_implementation_id: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub modified: Option<String>,
}

impl Source {
    /// True for flat-file (DelimitedFile) sources: the only ones that accept account PUT and DELETE.
    pub fn is_flat_file(&self) -> bool {
        crate::api::sources::flat_file(
            self.kind.as_deref(),
            self.connector.as_deref(),
            self.connector_implementation_id.as_deref(),
        )
    }
}

/// A string field, or `None` when it is absent, `null` or not a string.
fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

impl Reference {
    /// Reads a reference object; anything that is not an object is no reference.
    pub fn from_json(v: &Value) -> Option<Reference> {
        v.as_object()?;
        Some(Reference {
            kind: text(v, "type"),
            id: text(v, "id").unwrap_or_default(),
            name: text(v, "name"),
        })
    }
}

impl Source {
    /// Reads a source from its JSON. For well-typed JSON this gives what the `Deserialize`
    /// derive gives; a field of an unexpected type is taken as absent instead of failing the
    /// whole source. The browser app reads sources this way: the derive's code for 28
    /// fields costs about 6 KB of gzipped wasm, this a fraction of it.
    pub fn from_json(v: &Value) -> Source {
        let refer = |k: &str| v.get(k).and_then(Reference::from_json);
        let list = |k: &str| v.get(k).and_then(Value::as_array);
        Source {
            id: text(v, "id").unwrap_or_default(),
            name: text(v, "name").unwrap_or_default(),
            description: text(v, "description"),
            owner: refer("owner"),
            cluster: refer("cluster"),
            account_correlation_config: refer("accountCorrelationConfig"),
            account_correlation_rule: refer("accountCorrelationRule"),
            manager_correlation_mapping: v
                .get("managerCorrelationMapping")
                .filter(|m| m.is_object())
                .map(|m| ManagerCorrelationMapping {
                    account_attribute_name: text(m, "accountAttributeName"),
                    identity_attribute_name: text(m, "identityAttributeName"),
                }),
            manager_correlation_rule: refer("managerCorrelationRule"),
            before_provisioning_rule: refer("beforeProvisioningRule"),
            schemas: list("schemas").map(|a| a.iter().filter_map(Reference::from_json).collect()),
            features: list("features").map(|a| {
                a.iter()
                    .filter_map(|f| f.as_str().map(str::to_string))
                    .collect()
            }),
            kind: text(v, "type"),
            connector: text(v, "connector"),
            connector_class: text(v, "connectorClass"),
            connector_attributes: v
                .get("connectorAttributes")
                .filter(|a| !a.is_null())
                .cloned(),
            delete_threshold: v.get("deleteThreshold").and_then(Value::as_i64),
            authoritative: v.get("authoritative").and_then(Value::as_bool),
            management_workgroup: refer("managementWorkgroup"),
            healthy: v.get("healthy").and_then(Value::as_bool),
            status: text(v, "status"),
            since: text(v, "since"),
            connector_id: text(v, "connectorId"),
            connector_name: text(v, "connectorName"),
            connection_type: text(v, "connectionType"),
            connector_implementation_id: text(v, "connectorImplementationId"),
            created: text(v, "created"),
            modified: text(v, "modified"),
        }
    }
}

/// The items of a JSON array answer.
fn json_items(body: &str) -> Result<Vec<Value>, String> {
    match serde_json::from_str(body).map_err(|e| format!("not JSON: {e}"))? {
        Value::Array(items) => Ok(items),
        _ => Err("expected a JSON array".to_string()),
    }
}

/// Parses a `GET /v3/sources` answer with [`Source::from_json`].
pub fn parse_sources(body: &str) -> Result<Vec<Source>, String> {
    Ok(json_items(body)?.iter().map(Source::from_json).collect())
}

/// Parses a JSON array answer into models, leniently per item.
pub fn parse_list<T: for<'de> Deserialize<'de>>(body: &str) -> Result<Vec<T>, String> {
    json_items(body)?
        .into_iter()
        .enumerate()
        .map(|(i, item)| serde_json::from_value(item).map_err(|e| format!("item {i}: {e}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_spec_example_source_with_nulls() {
        let body = r#"[{
            "id": "2c91808568c529c60168cca6f90c1324", "name": "My Source",
            "description": "This is the corporate directory.",
            "owner": {"type": "IDENTITY", "id": "2c91808568c529c60168cca6f90c1313", "name": "MyName"},
            "cluster": null, "managerCorrelationMapping": null, "passwordPolicies": null,
            "features": ["PROVISIONING", "NO_PERMISSIONS_PROVISIONING"],
            "type": "OpenLDAP - Direct", "connector": "active-directory",
            "connectorAttributes": {"healthCheckTimeout": 30},
            "deleteThreshold": 10, "authoritative": false, "healthy": true,
            "status": "SOURCE_STATE_HEALTHY", "connectionType": "file",
            "category": null, "someFutureField": {"x": 1}
        }]"#;
        let list: Vec<Source> = parse_list(body).unwrap();
        assert_eq!(list[0].name, "My Source");
        assert_eq!(
            list[0].owner.as_ref().unwrap().name.as_deref(),
            Some("MyName")
        );
        assert_eq!(list[0].delete_threshold, Some(10));
        assert!(!list[0].is_flat_file());
    }

    #[test]
    fn slim_items_and_bad_bodies() {
        let list: Vec<Source> = parse_list(r#"[{"id":"a"}]"#).unwrap();
        assert_eq!(list[0].id, "a");
        assert!(parse_list::<Source>("{}").is_err());
        assert!(parse_list::<Source>("<html>").is_err());
        assert!(parse_list::<Source>(r#"[{"name": 5}]"#)
            .unwrap_err()
            .contains("item 0"));
    }

    #[test]
    fn flat_file_is_recognised() {
        let s = Source {
            kind: Some("DelimitedFile".into()),
            ..Default::default()
        };
        assert!(s.is_flat_file());
    }

    #[test]
    fn reading_a_source_by_hand_gives_what_the_derive_gives() {
        let full = serde_json::json!({
            "id": "2c91808568c529c60168cca6f90c1324", "name": "My Source",
            "description": "The corporate directory.",
            "owner": {"type": "IDENTITY", "id": "2c91808568c529c60168cca6f90c1313", "name": "MyName"},
            "cluster": {"type": "CLUSTER", "id": "c1", "name": "Main"},
            "accountCorrelationConfig": {"type": "ACCOUNT_CORRELATION_CONFIG", "id": "ac1"},
            "accountCorrelationRule": {"type": "RULE", "id": "r1", "name": "Corr"},
            "managerCorrelationMapping": {"accountAttributeName": "manager", "identityAttributeName": "uid"},
            "managerCorrelationRule": {"type": "RULE", "id": "r2"},
            "beforeProvisioningRule": null,
            "schemas": [{"type": "CONNECTOR_SCHEMA", "id": "s1", "name": "account"}],
            "features": ["PROVISIONING", "AUTHENTICATE"],
            "type": "DelimitedFile", "connector": "delimited-file", "connectorClass": "x.y.Z",
            "connectorAttributes": {"healthCheckTimeout": 30, "nested": [1, 2]},
            "deleteThreshold": 10, "authoritative": true,
            "managementWorkgroup": {"type": "GOVERNANCE_GROUP", "id": "w1"},
            "healthy": false, "status": "SOURCE_STATE_HEALTHY", "since": "2026-01-01T00:00:00Z",
            "connectorId": "delimited-file", "connectorName": "Delimited File",
            "connectionType": "file", "connectorImplementationId": "delimited-file",
            "created": "2026-01-01T00:00:00Z", "modified": "2026-02-01T00:00:00Z",
            "passwordPolicies": null, "someFutureField": {"x": 1}
        });
        let slim = serde_json::json!({"id": "a", "name": "b", "owner": null, "features": []});
        for v in [full, slim, serde_json::json!({})] {
            let derived: Source = serde_json::from_value(v.clone()).unwrap();
            assert_eq!(Source::from_json(&v), derived, "{v}");
        }
        let list = parse_sources(r#"[{"id":"a"},{"id":"b","type":"DelimitedFile"}]"#).unwrap();
        assert_eq!(list.len(), 2);
        assert!(list[1].is_flat_file());
        assert!(parse_sources("{}").is_err());
        assert!(parse_sources("<html>").is_err());
    }

    #[test]
    fn a_field_of_the_wrong_type_is_taken_as_absent() {
        let v = serde_json::json!({"id": "a", "name": 5, "owner": "nobody", "deleteThreshold": "ten",
            "features": ["A", 3]});
        let s = Source::from_json(&v);
        assert_eq!(s.id, "a");
        assert_eq!(s.name, "");
        assert_eq!(s.owner, None);
        assert_eq!(s.delete_threshold, None);
        assert_eq!(s.features, Some(vec!["A".to_string()]));
    }
}
