//! The create-source form: per-field rules, and the exact `POST /v3/sources` it sends.

use crate::api::Generation;
use crate::http::ApiRequest;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Every `SourceFeature` value in the spec.
pub const SOURCE_FEATURES: [&str; 26] = [
    "AUTHENTICATE",
    "COMPOSITE",
    "DIRECT_PERMISSIONS",
    "DISCOVER_SCHEMA",
    "ENABLE",
    "MANAGER_LOOKUP",
    "NO_RANDOM_ACCESS",
    "PROXY",
    "SEARCH",
    "TEMPLATE",
    "UNLOCK",
    "UNSTRUCTURED_TARGETS",
    "SHAREPOINT_TARGET",
    "PROVISIONING",
    "GROUP_PROVISIONING",
    "SYNC_PROVISIONING",
    "PASSWORD",
    "CURRENT_PASSWORD",
    "ACCOUNT_ONLY_REQUEST",
    "ADDITIONAL_ACCOUNT_REQUEST",
    "NO_AGGREGATION",
    "GROUPS_HAVE_MEMBERS",
    "NO_PERMISSIONS_PROVISIONING",
    "NO_GROUP_PERMISSIONS_PROVISIONING",
    "NO_UNSTRUCTURED_TARGETS_PROVISIONING",
    "NO_DIRECT_PERMISSIONS_PROVISIONING",
];

/// One plain line for each of [`SOURCE_FEATURES`], in the same order (from the Source
/// model's description of `features`).
pub const FEATURE_MEANINGS: [&str; 26] = [
    "People sign in through this source (pass-through authentication).",
    "Can be used to build composite sources.",
    "Returns direct permissions on accounts.",
    "Can discover its own user and group schemas.",
    "Reports whether an account is enabled or disabled.",
    "Looks managers up as they appear in a feed (the opposite of no random access).",
    "Accounts cannot be read one by one; only whole aggregations.",
    "Can act as a proxy: other sources' connector calls go through it.",
    "Supports searching the target system.",
    "A template source.",
    "Reports whether an account is locked or unlocked.",
    "Returns unstructured targets (files, shares).",
    "Returns unstructured target data for SharePoint (typically AD, LDAP).",
    "Can write accounts as well as read them (provisioning).",
    "Can write groups as well as read them.",
    "Provisions accounts synchronously.",
    "Can set passwords (with provisioning; passwords are never read).",
    "Can check a current password.",
    "Accounts can be requested without entitlements.",
    "More than one account per person can be requested.",
    "Has no aggregation.",
    "Group membership is kept on the group, not the account (affects delta aggregation).",
    "Cannot provision permissions on accounts: such requests become work items.",
    "Cannot provision permissions on groups: such requests become work items.",
    "Older name for the two features above.",
    "Cannot provision direct permissions.",
];

/// The most characters a source name may have.
pub const NAME_MAX: usize = 128;

/// Which connector the source uses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ConnectorChoice {
    #[default]
    None,
    /// A flat file: sent as `provisionAsCsv=true` with no `type`.
    DelimitedFile,
    /// A connector from `GET /v3/connectors`.
    Connector {
        script_name: String,
        name: String,
        kind: String,
    },
}

/// What a person typed into the form, as text where they type text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceForm {
    pub name: String,
    pub description: String,
    pub owner_id: String,
    pub owner_name: String,
    pub connector: ConnectorChoice,
    pub cluster_id: String,
    pub cluster_name: String,
    pub workgroup_id: String,
    pub workgroup_name: String,
    pub features: Vec<String>,
    pub delete_threshold: String,
    pub authoritative: bool,
    /// A JSON object, as typed.
    pub connector_attributes: String,
    pub manager_account_attribute: String,
    pub manager_identity_attribute: String,
    pub correlation_config_id: String,
    pub correlation_rule_id: String,
    pub manager_correlation_rule_id: String,
    pub before_provisioning_rule_id: String,
}

/// Field name -> message; empty when the form is valid.
pub type FieldErrors = BTreeMap<&'static str, String>;

/// True for the 32-hex ids ISC uses for most objects.
pub fn is_hex32(s: &str) -> bool {
    s.len() == 32 && s.chars().all(|c| c.is_ascii_hexdigit())
}

/// Where a JSON text is wrong, as a sentence with line and column.
pub fn json_object_error(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return None;
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(_)) => None,
        Ok(_) => Some("Connector attributes must be a JSON object: { \"key\": value, … }.".into()),
        Err(e) => Some(format!(
            "Not valid JSON at line {}, column {}: {}.",
            e.line(),
            e.column(),
            strip_position(&e.to_string())
        )),
    }
}

fn strip_position(s: &str) -> String {
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

fn check_ref(errors: &mut FieldErrors, field: &'static str, id: &str, what: &str) {
    let id = id.trim();
    if !id.is_empty() && !is_hex32(id) {
        errors.insert(
            field,
            format!(
                "{what} ids are 32 hexadecimal characters (like 2c9180835d191a86015d28455b4a2329)."
            ),
        );
    }
}

/// Checks every field; an empty map means the form can be sent.
pub fn validate(f: &SourceForm) -> FieldErrors {
    let mut e = FieldErrors::new();
    let name = f.name.trim();
    if name.is_empty() {
        e.insert("name", "A source needs a name.".into());
    } else if name.chars().count() > NAME_MAX {
        e.insert(
            "name",
            format!(
                "At most {NAME_MAX} characters ({} now).",
                name.chars().count()
            ),
        );
    }
    let owner = f.owner_id.trim();
    if owner.is_empty() {
        e.insert(
            "owner",
            "Pick the identity that owns the source, or paste its id.".into(),
        );
    } else {
        check_ref(&mut e, "owner", owner, "Identity");
    }
    if f.connector == ConnectorChoice::None {
        e.insert(
            "connector",
            "Pick a connector, or “Delimited file (CSV)”.".into(),
        );
    }
    check_ref(&mut e, "cluster", &f.cluster_id, "Cluster");
    check_ref(&mut e, "workgroup", &f.workgroup_id, "Workgroup");
    for feat in &f.features {
        if !SOURCE_FEATURES.contains(&feat.as_str()) {
            e.insert("features", format!("{feat} is not a source feature."));
        }
    }
    let t = f.delete_threshold.trim();
    if !t.is_empty() {
        match t.parse::<i64>() {
            Ok(v) if (0..=100).contains(&v) => {}
            _ => {
                e.insert(
                    "delete_threshold",
                    "A whole number from 0 to 100 (percent of accounts).".into(),
                );
            }
        }
    }
    if let Some(msg) = json_object_error(&f.connector_attributes) {
        e.insert("connector_attributes", msg);
    }
    let (a, i) = (
        f.manager_account_attribute.trim(),
        f.manager_identity_attribute.trim(),
    );
    if a.is_empty() != i.is_empty() {
        e.insert(
            "manager_correlation",
            "Give both the account attribute and the identity attribute, or neither.".into(),
        );
    }
    check_ref(
        &mut e,
        "correlation_config",
        &f.correlation_config_id,
        "Correlation config",
    );
    check_ref(&mut e, "correlation_rule", &f.correlation_rule_id, "Rule");
    check_ref(
        &mut e,
        "manager_correlation_rule",
        &f.manager_correlation_rule_id,
        "Rule",
    );
    check_ref(
        &mut e,
        "before_provisioning_rule",
        &f.before_provisioning_rule_id,
        "Rule",
    );
    e
}

fn reference(kind: &str, id: &str, name: &str) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), json!(kind));
    m.insert("id".into(), json!(id.trim()));
    if !name.trim().is_empty() {
        m.insert("name".into(), json!(name.trim()));
    }
    Value::Object(m)
}

/// The request a valid form sends: `POST …/sources` in generation `g`, with
/// `provisionAsCsv=true` and no `type` for a delimited file. Call [`validate`] first.
pub fn build_request(g: Generation, f: &SourceForm) -> ApiRequest {
    let mut body = Map::new();
    body.insert("name".into(), json!(f.name.trim()));
    if !f.description.trim().is_empty() {
        body.insert("description".into(), json!(f.description.trim()));
    }
    body.insert(
        "owner".into(),
        reference("IDENTITY", &f.owner_id, &f.owner_name),
    );
    let mut as_csv = false;
    match &f.connector {
        ConnectorChoice::DelimitedFile => {
            as_csv = true;
            body.insert("connector".into(), json!("delimited-file"));
        }
        ConnectorChoice::Connector {
            script_name, kind, ..
        } => {
            body.insert("connector".into(), json!(script_name));
            if !kind.is_empty() {
                body.insert("type".into(), json!(kind));
            }
        }
        ConnectorChoice::None => {}
    }
    if !f.cluster_id.trim().is_empty() {
        body.insert(
            "cluster".into(),
            reference("CLUSTER", &f.cluster_id, &f.cluster_name),
        );
    }
    if !f.workgroup_id.trim().is_empty() {
        body.insert(
            "managementWorkgroup".into(),
            reference("GOVERNANCE_GROUP", &f.workgroup_id, &f.workgroup_name),
        );
    }
    if !f.features.is_empty() {
        body.insert("features".into(), json!(f.features));
    }
    if let Ok(t) = f.delete_threshold.trim().parse::<i64>() {
        body.insert("deleteThreshold".into(), json!(t));
    }
    body.insert("authoritative".into(), json!(f.authoritative));
    if let Ok(Value::Object(attrs)) = serde_json::from_str::<Value>(&f.connector_attributes) {
        body.insert("connectorAttributes".into(), Value::Object(attrs));
    }
    if !f.manager_account_attribute.trim().is_empty() {
        body.insert(
            "managerCorrelationMapping".into(),
            json!({"accountAttributeName": f.manager_account_attribute.trim(), "identityAttributeName": f.manager_identity_attribute.trim()}),
        );
    }
    for (field, kind, id) in [
        (
            "accountCorrelationConfig",
            "ACCOUNT_CORRELATION_CONFIG",
            &f.correlation_config_id,
        ),
        ("accountCorrelationRule", "RULE", &f.correlation_rule_id),
        (
            "managerCorrelationRule",
            "RULE",
            &f.manager_correlation_rule_id,
        ),
        (
            "beforeProvisioningRule",
            "RULE",
            &f.before_provisioning_rule_id,
        ),
    ] {
        if !id.trim().is_empty() {
            body.insert(field.into(), reference(kind, id, ""));
        }
    }
    crate::api::sources::create(g, &Value::Object(body), as_csv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    const OWNER: &str = "2c91808568c529c60168cca6f90c1313";

    fn csv_form() -> SourceForm {
        SourceForm {
            name: "Payroll export".into(),
            owner_id: OWNER.into(),
            owner_name: "Ada Lovelace".into(),
            connector: ConnectorChoice::DelimitedFile,
            ..Default::default()
        }
    }

    #[test]
    fn a_minimal_csv_form_is_valid_and_sends_provision_as_csv_without_type() {
        assert!(validate(&csv_form()).is_empty());
        let r = build_request(Generation::Classic, &csv_form());
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.path_and_query(), "/v3/sources?provisionAsCsv=true");
        let body: Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
        assert!(body.get("type").is_none());
        assert_eq!(body["connector"], "delimited-file");
        assert_eq!(
            body["owner"],
            json!({"type": "IDENTITY", "id": OWNER, "name": "Ada Lovelace"})
        );
        assert_eq!(r.header("Content-Type"), Some("application/json"));
    }

    #[test]
    fn a_connector_sends_its_script_name_and_type_and_no_csv_flag() {
        let f = SourceForm {
            connector: ConnectorChoice::Connector {
                script_name: "active-directory".into(),
                name: "Active Directory".into(),
                kind: "Active Directory - Direct".into(),
            },
            cluster_id: "2c9180866166b5b0016167c32ef31a66".into(),
            features: vec!["ENABLE".into(), "UNLOCK".into()],
            delete_threshold: "10".into(),
            authoritative: true,
            connector_attributes: r#"{"healthCheckTimeout": 30}"#.into(),
            manager_account_attribute: "manager".into(),
            manager_identity_attribute: "dn".into(),
            correlation_rule_id: "2c918085708c274401708c2a8a760001".into(),
            ..csv_form()
        };
        assert!(validate(&f).is_empty(), "{:?}", validate(&f));
        let r = build_request(Generation::V1, &f);
        assert!(r.query.is_empty());
        let b: Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
        assert_eq!(b["connector"], "active-directory");
        assert_eq!(b["type"], "Active Directory - Direct");
        assert_eq!(b["cluster"]["type"], "CLUSTER");
        assert_eq!(b["features"], json!(["ENABLE", "UNLOCK"]));
        assert_eq!(b["deleteThreshold"], 10);
        assert_eq!(b["authoritative"], true);
        assert_eq!(b["connectorAttributes"]["healthCheckTimeout"], 30);
        assert_eq!(
            b["managerCorrelationMapping"]["identityAttributeName"],
            "dn"
        );
        assert_eq!(b["accountCorrelationRule"]["type"], "RULE");
    }

    #[test]
    fn every_field_rule() {
        let e = validate(&SourceForm::default());
        assert!(e.contains_key("name") && e.contains_key("owner") && e.contains_key("connector"));
        let long = SourceForm {
            name: "x".repeat(129),
            ..csv_form()
        };
        assert!(validate(&long)["name"].contains("128"));
        assert!(validate(&SourceForm {
            name: "é".repeat(128),
            ..csv_form()
        })
        .is_empty());
        assert!(validate(&SourceForm {
            owner_id: "190100".into(),
            ..csv_form()
        })["owner"]
            .contains("32 hexadecimal"));
        assert!(validate(&SourceForm {
            cluster_id: "nope".into(),
            ..csv_form()
        })
        .contains_key("cluster"));
        assert!(validate(&SourceForm {
            workgroup_id: "nope".into(),
            ..csv_form()
        })
        .contains_key("workgroup"));
        for bad in ["-1", "101", "ten", "1.5"] {
            assert!(
                validate(&SourceForm {
                    delete_threshold: bad.into(),
                    ..csv_form()
                })
                .contains_key("delete_threshold"),
                "{bad}"
            );
        }
        for good in ["0", "100", " 42 "] {
            assert!(
                validate(&SourceForm {
                    delete_threshold: good.into(),
                    ..csv_form()
                })
                .is_empty(),
                "{good}"
            );
        }
        assert!(validate(&SourceForm {
            features: vec!["FLY".into()],
            ..csv_form()
        })
        .contains_key("features"));
        let half = SourceForm {
            manager_account_attribute: "manager".into(),
            ..csv_form()
        };
        assert!(validate(&half).contains_key("manager_correlation"));
        assert!(validate(&SourceForm {
            before_provisioning_rule_id: "x".into(),
            ..csv_form()
        })
        .contains_key("before_provisioning_rule"));
    }

    #[test]
    fn connector_attributes_say_where_the_json_is_wrong() {
        let msg = json_object_error("{\n  \"a\": 1,\n  \"b\": \n}").unwrap();
        assert!(msg.contains("line 4, column 1"), "{msg}");
        assert!(json_object_error("[1, 2]").unwrap().contains("JSON object"));
        assert_eq!(json_object_error("  "), None);
        assert_eq!(json_object_error(r#"{"a": [1]}"#), None);
    }

    #[test]
    fn hex32_ids() {
        assert!(is_hex32("2c91808568c529c60168cca6f90c1313"));
        assert!(!is_hex32("190100"));
        assert!(!is_hex32("2c918085-68c5-29c6-0168-cca6f90c1313"));
    }
}
