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
        self.kind.as_deref() == Some("DelimitedFile")
            || self.connector.as_deref() == Some("delimited-file")
            || self.connector_implementation_id.as_deref() == Some("delimited-file")
    }
}

/// Parses a JSON array answer into models, leniently per item.
pub fn parse_list<T: for<'de> Deserialize<'de>>(body: &str) -> Result<Vec<T>, String> {
    let v: Value = serde_json::from_str(body).map_err(|e| format!("not JSON: {e}"))?;
    let arr = v
        .as_array()
        .ok_or_else(|| "expected a JSON array".to_string())?;
    arr.iter()
        .enumerate()
        .map(|(i, item)| serde_json::from_value(item.clone()).map_err(|e| format!("item {i}: {e}")))
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
}
