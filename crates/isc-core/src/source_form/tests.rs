//! Tests of the create-source form's rules and the request it sends.

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
