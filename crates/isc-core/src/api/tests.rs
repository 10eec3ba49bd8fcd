use super::*;
use crate::http::ApiResponse;
use serde_json::{json, Map, Value};

const SID: &str = "2c91808470f4dc070170f8f3065e44aa";

fn body(r: &ApiRequest) -> Value {
    serde_json::from_str(r.body.as_deref().unwrap()).unwrap()
}

#[test]
fn every_operation_has_its_path_in_both_generations() {
    use Generation::{Classic, V1};
    let q = ListQuery::new();
    let p = PageQuery::page(0, 250);
    let cases: Vec<(ApiRequest, ApiRequest, &str, &str)> = vec![
        (
            sources::list(V1, &q),
            sources::list(Classic, &q),
            "/sources/v1",
            "/v3/sources",
        ),
        (
            sources::get(V1, "s1"),
            sources::get(Classic, "s1"),
            "/sources/v1/s1",
            "/v3/sources/s1",
        ),
        (
            sources::create(V1, &json!({}), false),
            sources::create(Classic, &json!({}), false),
            "/sources/v1",
            "/v3/sources",
        ),
        (
            sources::schemas(V1, "s1"),
            sources::schemas(Classic, "s1"),
            "/sources/v1/s1/schemas",
            "/v3/sources/s1/schemas",
        ),
        (
            sources::account_template(V1, "s1"),
            sources::account_template(Classic, "s1"),
            "/sources/v1/s1/schemas/accounts",
            "/v3/sources/s1/schemas/accounts",
        ),
        (
            sources::entitlement_template(V1, "s1", "group"),
            sources::entitlement_template(Classic, "s1", "group"),
            "/sources/v1/s1/schemas/entitlements",
            "/v3/sources/s1/schemas/entitlements",
        ),
        (
            connectors::list(V1, &q),
            connectors::list(Classic, &q),
            "/connectors/v1",
            "/v3/connectors",
        ),
        (
            clusters::list(V1, &q),
            clusters::list(Classic, &q),
            "/managed-clusters/v1",
            "/v3/managed-clusters",
        ),
        (
            workgroups::list(V1, &q),
            workgroups::list(Classic, &q),
            "/workgroups/v1",
            "/beta/workgroups",
        ),
        (
            identities::list(V1, &q),
            identities::list(Classic, &q),
            "/public-identities/v1",
            "/v3/public-identities",
        ),
        (
            identity_profiles::list(V1, &q),
            identity_profiles::list(Classic, &q),
            "/identity-profiles/v1",
            "/beta/identity-profiles",
        ),
        (
            identity_profiles::set_priority(V1, "p1", 5),
            identity_profiles::set_priority(Classic, "p1", 5),
            "/identity-profiles/v1/p1",
            "/beta/identity-profiles/p1",
        ),
        (
            accounts::list(V1, &q, true),
            accounts::list(Classic, &q, true),
            "/accounts/v1",
            "/v3/accounts",
        ),
        (
            accounts::get(V1, "a1"),
            accounts::get(Classic, "a1"),
            "/accounts/v1/a1",
            "/v3/accounts/a1",
        ),
        (
            accounts::delete(V1, "a1"),
            accounts::delete(Classic, "a1"),
            "/accounts/v1/a1",
            "/v3/accounts/a1",
        ),
        (
            accounts::entitlements(V1, "a1", p),
            accounts::entitlements(Classic, "a1", p),
            "/accounts/v1/a1/entitlements",
            "/v3/accounts/a1/entitlements",
        ),
        (
            accounts::action(V1, "a1", accounts::Action::Reload),
            accounts::action(Classic, "a1", accounts::Action::Reload),
            "/accounts/v1/a1/reload",
            "/v3/accounts/a1/reload",
        ),
        (
            accounts::action(V1, "a1", accounts::Action::Remove),
            accounts::action(Classic, "a1", accounts::Action::Remove),
            "/accounts/v1/a1/remove",
            "/beta/accounts/a1/remove",
        ),
        (
            tasks::get(V1, "t1"),
            tasks::get(Classic, "t1"),
            "/task-status/v1/t1",
            "/beta/task-status/t1",
        ),
        (
            tasks::completed_on_source(V1, SID),
            tasks::completed_on_source(Classic, SID),
            "/task-status/v1",
            "/beta/task-status",
        ),
        (
            sources::by_name(V1, "HR Feed"),
            sources::by_name(Classic, "HR Feed"),
            "/sources/v1",
            "/v3/sources",
        ),
    ];
    for (v1, classic, pv1, pclassic) in cases {
        assert_eq!(v1.path, pv1);
        assert_eq!(classic.path, pclassic);
        // Same method, query and body in both generations: only the path differs.
        assert_eq!(v1.method, classic.method, "{pv1}");
        assert_eq!(v1.query, classic.query, "{pv1}");
        assert_eq!(v1.body, classic.body, "{pv1}");
        assert_eq!(v1.headers, classic.headers, "{pv1}");
    }
    assert_eq!(
        sources::load_accounts_path(V1, "s1"),
        "/sources/v1/s1/load-accounts"
    );
    assert_eq!(
        sources::load_accounts_path(Classic, "s1"),
        "/beta/sources/s1/load-accounts"
    );
}

#[test]
fn list_queries_carry_page_filters_and_sorters() {
    let q = ListQuery::new()
        .page(PageQuery::page(1, 50))
        .filters(Some(crate::filter::Filter::eq("sourceId", SID)))
        .sorters("name,-created");
    let r = accounts::list(Generation::V1, &q, true);
    assert_eq!(
        r.path_and_query(),
        format!(
            "/accounts/v1?limit=50&offset=50&count=true&filters=sourceId%20eq%20%22{SID}%22&sorters=name%2C-created&detailLevel=SLIM"
        )
    );
    // An empty sorter string asks for none.
    assert!(ListQuery::new().sorters("").sorters.is_none());
    // Another page of the same list keeps the rest of the query.
    let next = at_page(
        &r,
        PageQuery {
            limit: 250,
            offset: 500,
            count: false,
        },
    );
    assert_eq!(
        next.path_and_query(),
        format!(
            "/accounts/v1?filters=sourceId%20eq%20%22{SID}%22&sorters=name%2C-created&detailLevel=SLIM&limit=250&offset=500"
        )
    );
}

#[test]
fn create_puts_source_id_inside_attributes() {
    let mut attrs = Map::new();
    attrs.insert("id".into(), json!("jdoe"));
    attrs.insert("employeeNumber".into(), json!(1234));
    attrs.insert("active".into(), json!(true));
    attrs.insert("groups".into(), json!(["a", "b"]));
    let r = accounts::create(Generation::Classic, SID, &attrs);
    // Every value a string as the description declares; multi-valued ones arrays of strings.
    assert_eq!(
        body(&r),
        json!({"attributes": {"id": "jdoe", "employeeNumber": "1234", "active": "true", "groups": ["a", "b"], "sourceId": SID}})
    );
    assert_eq!(r.path, "/v3/accounts");
    assert_eq!(r.header("Content-Type"), Some("application/json"));
}

#[test]
fn an_account_is_found_by_native_identity_on_its_source() {
    let r = accounts::by_native_identity(Generation::V1, SID, "tc.0001");
    assert_eq!(
        r.path_and_query(),
        format!("/accounts/v1?filters=sourceId%20eq%20%22{SID}%22%20and%20nativeIdentity%20eq%20%22tc.0001%22")
    );
}

#[test]
fn patches_are_json_patch_and_actions_carry_their_bodies() {
    for g in Generation::ALL {
        let r = identity_profiles::set_priority(g, "p", 30);
        assert_eq!(
            r.header("Content-Type"),
            Some("application/json-patch+json")
        );
        assert_eq!(
            body(&r),
            json!([{"op": "replace", "path": "/priority", "value": 30}])
        );
        let r = accounts::patch(
            g,
            "a",
            &[json!({"op": "replace", "path": "/identityId", "value": "i"})],
        );
        assert_eq!(r.method, Method::Patch);
        assert_eq!(
            r.header("Content-Type"),
            Some("application/json-patch+json")
        );
        let r = accounts::action(g, "a", accounts::Action::Unlock { unlock_idn: true });
        assert_eq!(
            body(&r),
            json!({"unlockIDNAccount": true, "forceProvisioning": false})
        );
        let r = accounts::action(g, "a", accounts::Action::Disable);
        assert!(r.path.ends_with("/a/disable"));
        assert_eq!(body(&r), json!({"forceProvisioning": false}));
        assert!(accounts::action(g, "a", accounts::Action::Reload)
            .body
            .is_none());
        let r = sources::create(g, &json!({"name": "HR"}), true);
        assert_eq!(
            r.query,
            vec![("provisionAsCsv".to_string(), "true".to_string())]
        );
    }
}

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
fn identity_search_falls_back_to_first_and_last_name() {
    let r = identities::search(Generation::V1, "Ada");
    assert_eq!(
        r.path_and_query(),
        "/public-identities/v1?limit=20&offset=0&filters=name%20sw%20%22Ada%22"
    );
    let [f, l] = identities::search_fallback(Generation::Classic, "Ada");
    assert!(f.path_and_query().contains("firstname%20sw"));
    assert!(l.path_and_query().contains("lastname%20sw"));
    assert_eq!(f.path, "/v3/public-identities");
    assert_eq!(
        identities::by_id(Generation::V1, "abc").path_and_query(),
        "/public-identities/v1?filters=id%20eq%20%22abc%22"
    );
}

#[test]
fn task_ids_come_from_202_answers_and_task_reads_only() {
    let answer = |status: u16| ApiResponse {
        status,
        headers: vec![],
        body: json!({"id": "t1"}).to_string(),
    };
    let post = accounts::create(Generation::V1, SID, &Map::new());
    assert_eq!(
        tasks::task_id_of(&post, &answer(202)).as_deref(),
        Some("t1")
    );
    // A 201 source create carries the source's id, not a task's.
    let src = sources::create(Generation::V1, &json!({}), false);
    assert_eq!(tasks::task_id_of(&src, &answer(201)), None);
    for g in Generation::ALL {
        assert_eq!(
            tasks::task_id_of(&tasks::get(g, "t1"), &answer(200)).as_deref(),
            Some("t1")
        );
    }
}

#[test]
fn task_status_is_read_ignoring_case() {
    use tasks::{task_messages, task_state, TaskState};
    assert_eq!(
        task_state(&json!({"id": "t", "completed": null})),
        TaskState::Running
    );
    assert_eq!(task_state(&json!({"id": "t"})), TaskState::Running);
    assert_eq!(
        task_state(&json!({"completed": "2024-01-01T00:00:00Z", "completionStatus": "SUCCESS"})),
        TaskState::Succeeded
    );
    assert_eq!(
        task_state(&json!({"completed": "2024-01-01T00:00:00Z", "completionStatus": "Success"})),
        TaskState::Succeeded
    );
    assert_eq!(
        task_state(&json!({"completed": "2024-01-01T00:00:00Z", "completionStatus": "ERROR"})),
        TaskState::Failed("ERROR".into())
    );
    let msgs = task_messages(
        &json!({"messages": [{"type": "INFO", "localizedText": {"locale": "en-US", "message": "Account created"}, "key": "k"}]}),
    );
    assert_eq!(msgs, vec!["INFO: Account created"]);
}

#[test]
fn a_404_on_the_probe_means_classic() {
    let r = probe_request();
    assert_eq!(r.path_and_query(), "/sources/v1?limit=1&offset=0");
    assert_eq!(generation_from_probe(404), Generation::Classic);
    assert_eq!(generation_from_probe(200), Generation::V1);
    // A refusal (403) says the path exists: the tenant speaks v1.
    assert_eq!(generation_from_probe(403), Generation::V1);
    for g in Generation::ALL {
        assert_eq!(Generation::from_key(g.key()), Some(g));
    }
    assert_eq!(Generation::from_key("v2025"), None);
}

#[test]
fn profile_rows_are_sorted_by_priority() {
    let rows = identity_profiles::rows(&[
        json!({"id": "b", "name": "B", "priority": 20, "authoritativeSource": {"id": "s", "name": "HR"}}),
        json!({"id": "a", "name": "A", "priority": 10, "identityCount": 3}),
    ]);
    assert_eq!(rows[0].id, "a");
    assert_eq!(rows[0].identities, Some(3));
    assert_eq!(rows[1].source_name.as_deref(), Some("HR"));
    assert_eq!(rows[1].source_id.as_deref(), Some("s"));
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

#[test]
fn help_texts_name_the_call_of_the_generation_in_use() {
    use crate::api::accounts::{action, replace, Action};
    use Generation::{Classic, V1};
    assert_eq!(
        call_name(&action(Classic, "{id}", Action::Remove)),
        "POST /beta/accounts/{id}/remove"
    );
    assert_eq!(
        call_name(&action(V1, "{id}", Action::Remove)),
        "POST /accounts/v1/{id}/remove"
    );
    let attrs = serde_json::Map::new();
    assert_eq!(
        call_name(&replace(Classic, "{id}", &attrs)),
        "PUT /v3/accounts/{id}"
    );
    assert_eq!(
        call_name(&replace(V1, "{id}", &attrs)),
        "PUT /accounts/v1/{id}"
    );
}
