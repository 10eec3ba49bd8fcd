//! Sources: flat files, their uploads and loads, and a lost aggregation.

use super::*;

#[test]
fn flat_files_are_found_by_type_or_connector() {
    assert!(sources::is_flat_file(&json!({"type": "DelimitedFile"})));
    assert!(sources::is_flat_file(
        &json!({"connector": "delimited-file"})
    ));
    assert!(sources::is_flat_file(
        &json!({"connectorImplementationId": "delimited-file"})
    ));
    assert!(!sources::is_flat_file(
        &json!({"type": "Active Directory - Direct", "connector": "active-directory"})
    ));
    let c = sources::choices(&[
        json!({"id": "a", "name": "HR", "type": "DelimitedFile"}),
        json!({"id": "b"}),
    ]);
    assert_eq!(
        c[0],
        sources::SourceChoice {
            id: "a".into(),
            name: "HR".into(),
            flat_file: true
        }
    );
    assert_eq!(c[1].name, "");
    assert!(!c[1].flat_file);
}

#[test]
fn load_accounts_is_multipart_with_the_file_and_reads_back() {
    let file = "id,displayName\r\nada,\"A, B\"\r\n";
    let r = sources::load_accounts(
        Generation::Classic,
        "s1",
        Some(("hr \"feed\".csv", file)),
        true,
    );
    assert_eq!(r.path, "/beta/sources/s1/load-accounts");
    let ct = r.header("Content-Type").unwrap().to_string();
    assert!(ct.starts_with("multipart/form-data; boundary=----isc-console-"));
    let body = r.body.clone().unwrap();
    let parts = sources::multipart_parts(&ct, &body).unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(
        parts[0],
        ("file".to_string(), Some("hr _feed_.csv".to_string()), file)
    );
    assert_eq!(parts[1], ("disableOptimization".to_string(), None, "true"));
    // No file: the aggregation of a direct-connect source.
    let r = sources::load_accounts(Generation::V1, "s1", None, false);
    let ct = r.header("Content-Type").unwrap().to_string();
    let body = r.body.clone().unwrap();
    let parts = sources::multipart_parts(&ct, &body).unwrap();
    assert_eq!(parts, [("disableOptimization".to_string(), None, "false")]);
}

#[test]
fn the_entitlement_calls_name_their_schema_and_send_the_file_as_multipart() {
    let t = sources::entitlement_template(Generation::V1, "s1", "group");
    assert_eq!(t.query, [("schemaName".to_string(), "group".to_string())]);
    let up = sources::upload_entitlement_template(
        Generation::Classic,
        "s1",
        "role",
        ("ents.csv", "id,displayName"),
    );
    assert_eq!(
        (up.method, up.path.as_str()),
        (Method::Post, "/v3/sources/s1/schemas/entitlements")
    );
    assert_eq!(up.query, [("schemaName".to_string(), "role".to_string())]);
    let ct = up.header("Content-Type").unwrap().to_string();
    let body = up.body.clone().unwrap();
    assert_eq!(
        sources::multipart_parts(&ct, &body).unwrap(),
        [(
            "file".to_string(),
            Some("ents.csv".to_string()),
            "id,displayName"
        )]
    );
    let file = "id,displayName\r\neng,Engineering\r\n";
    for (g, path) in [
        (Generation::V1, "/sources/v1/s1/load-entitlements"),
        (Generation::Classic, "/beta/sources/s1/load-entitlements"),
    ] {
        let r = sources::load_entitlements(g, "s1", Some(("e.csv", file)));
        assert_eq!((r.method, r.path.as_str()), (Method::Post, path));
        let ct = r.header("Content-Type").unwrap().to_string();
        let parts = sources::multipart_parts(&ct, r.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            parts,
            [("file".to_string(), Some("e.csv".to_string()), file)]
        );
    }
    // A direct-connect source aggregates its entitlements from the connector: no body.
    let r = sources::load_entitlements(Generation::V1, "s1", None);
    assert_eq!((r.body.as_deref(), r.header("Content-Type")), (None, None));
}

#[test]
fn the_multipart_boundary_never_occurs_in_the_file() {
    let first = sources::load_accounts(Generation::V1, "s", None, false);
    let b = first
        .header("Content-Type")
        .unwrap()
        .split("boundary=")
        .nth(1)
        .unwrap()
        .to_string();
    let file = format!("id\r\n--{b}\r\n");
    let r = sources::load_accounts(Generation::V1, "s", Some(("f.csv", &file)), false);
    let ct = r.header("Content-Type").unwrap().to_string();
    assert!(!ct.ends_with(&b));
    let body = r.body.clone().unwrap();
    let parts = sources::multipart_parts(&ct, &body).unwrap();
    assert_eq!(parts[0].2, file);
}

#[test]
fn a_lost_aggregation_is_looked_for_among_the_sources_completed_tasks() {
    let r = tasks::completed_on_source(Generation::V1, SID);
    assert!(r
        .query
        .contains(&("filters".to_string(), format!("sourceId eq \"{SID}\""))));
    assert!(r
        .query
        .contains(&("sorters".to_string(), "-created".to_string())));
    let list = serde_json::json!([{"id": "t2"}, {"id": "t1"}, {"name": "no id"}]);
    assert_eq!(ids(&list), vec!["t2", "t1"]);
    let n = sources::by_name(Generation::V1, "HR \"Feed\"");
    assert!(
        n.query
            .iter()
            .any(|(k, v)| k == "filters" && v.starts_with("name eq ")),
        "{:?}",
        n.query
    );
}
