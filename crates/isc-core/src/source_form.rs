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
mod tests;
