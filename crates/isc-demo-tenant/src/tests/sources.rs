//! Source lists (paging, filters, sorters), creating sources and the form's lookups.

use super::*;

#[test]
fn lists_sources_with_paging_and_total() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let r = get(
        &mut t,
        &tok,
        "/v3/sources",
        &[("limit", "5"), ("offset", "10"), ("count", "true")],
        1,
    );
    assert_eq!(r.status, 200);
    assert_eq!(isc_core::paging::total_count(&r), Some(12));
    let page: Vec<Source> = parse_list(&r.body).unwrap();
    assert_eq!(page.len(), 2);
    // no count, no header
    let r = get(&mut t, &tok, "/v3/sources", &[], 2);
    assert_eq!(isc_core::paging::total_count(&r), None);
    // limit above 250 is refused
    let r = get(&mut t, &tok, "/v3/sources", &[("limit", "251")], 3);
    assert_eq!(r.status, 400);
    assert!(ApiError::from_response(Method::Get, "/v3/sources", &r)
        .tracking_id
        .is_some());
}

#[test]
fn filters_and_sorters_work_and_unknown_ones_are_refused() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let r = get(
        &mut t,
        &tok,
        "/v3/sources",
        &[
            ("filters", r#"type eq "DelimitedFile""#),
            ("sorters", "-name"),
        ],
        1,
    );
    let names: Vec<String> = parse_list::<Source>(&r.body)
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(
        names,
        vec!["HR Feed (CSV)", "Contractors (CSV)", "Badge Access (CSV)"]
    );
    let r = get(
        &mut t,
        &tok,
        "/v3/sources",
        &[("filters", r#"name sw "w" and authoritative eq true"#)],
        2,
    );
    let names: Vec<String> = parse_list::<Source>(&r.body)
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, vec!["Workday"]);
    for (k, v) in [
        ("filters", r#"connector eq "x""#),
        ("filters", r#"name lt "x""#),
        ("filters", "name eq"),
        ("sorters", "connector"),
    ] {
        let r = get(&mut t, &tok, "/v3/sources", &[(k, v)], 3);
        assert_eq!(r.status, 400, "{k}={v}");
    }
}

fn post_source(t: &mut DemoTenant, tok: &Token, body: Value, csv: bool) -> ApiResponse {
    let mut r = ApiRequest::new(Method::Post, BASE, "/v3/sources")
        .with_header("Authorization", tok.bearer())
        .with_json(&body);
    if csv {
        r = r.with_query("provisionAsCsv", "true");
    }
    t.handle(&r, 20).response
}

#[test]
fn creating_a_csv_source_gives_a_delimited_file_with_an_empty_account_schema() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let owner = t.identities[3]["id"].as_str().unwrap().to_string();
    let r = post_source(
        &mut t,
        &tok,
        json!({"name": "Payroll", "owner": {"type": "IDENTITY", "id": owner}, "connector": "delimited-file"}),
        true,
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let s: Source = serde_json::from_str(&r.body).unwrap();
    assert!(s.is_flat_file());
    assert_eq!(s.kind.as_deref(), Some("DelimitedFile"));
    assert_eq!(s.owner.unwrap().name.as_deref(), Some("Edsger Dijkstra"));
    let r = get(
        &mut t,
        &tok,
        &format!("/v3/sources/{}/schemas", s.id),
        &[],
        21,
    );
    let schemas: Vec<Value> = serde_json::from_str(&r.body).unwrap();
    assert_eq!(schemas[0]["name"], "account");
    // As in ISC: no attribute until the admin defines them.
    assert_eq!(schemas[0]["attributes"], json!([]));
    assert_eq!(schemas[0]["identityAttribute"], "");
    // the list finds it through a filter
    let r = get(
        &mut t,
        &tok,
        "/v3/sources",
        &[("filters", r#"name sw "pay""#)],
        22,
    );
    assert_eq!(parse_list::<Source>(&r.body).unwrap().len(), 1);
}

#[test]
fn source_create_rules_are_enforced() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let owner = t.identities[0]["id"].as_str().unwrap().to_string();
    let cases = [
        json!({"owner": {"id": owner}, "connector": "jdbc"}),
        json!({"name": "X", "connector": "jdbc"}),
        json!({"name": "X", "owner": {"id": owner}}),
        json!({"name": "Workday", "owner": {"id": owner}, "connector": "jdbc"}),
        json!({"name": "X", "owner": {"id": "ffffffffffffffffffffffffffffffff"}, "connector": "jdbc"}),
        json!({"name": "X", "owner": {"id": owner}, "connector": "nope"}),
        json!({"name": "X", "owner": {"id": owner}, "connector": "jdbc", "deleteThreshold": 101}),
        json!({"name": "X", "owner": {"id": owner}, "connector": "jdbc", "features": ["FLY"]}),
    ];
    for body in cases {
        let r = post_source(&mut t, &tok, body.clone(), false);
        assert_eq!(r.status, 400, "{body}");
        assert!(ApiError::from_response(Method::Post, "/v3/sources", &r)
            .tracking_id
            .is_some());
    }
    let r = post_source(
        &mut t,
        &tok,
        json!({"name": "Finance DB 2", "owner": {"id": owner}, "connector": "jdbc", "type": "JDBC"}),
        false,
    );
    assert_eq!(r.status, 201);
}

#[test]
fn lookups_for_the_form() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let r = get(
        &mut t,
        &tok,
        "/v3/public-identities",
        &[("filters", r#"name sw "grace""#)],
        1,
    );
    let l: Vec<Value> = serde_json::from_str(&r.body).unwrap();
    assert_eq!(l.len(), 1);
    assert_eq!(l[0]["name"], "Grace Hopper");
    assert!(l[0].get("firstname").is_none());
    let r = get(
        &mut t,
        &tok,
        "/v3/public-identities",
        &[("filters", r#"lastname sw "hop""#)],
        2,
    );
    assert_eq!(
        serde_json::from_str::<Vec<Value>>(&r.body).unwrap().len(),
        1
    );
    let r = get(
        &mut t,
        &tok,
        "/v3/connectors",
        &[("filters", r#"name co "direct""#)],
        3,
    );
    assert!(serde_json::from_str::<Vec<Value>>(&r.body)
        .unwrap()
        .iter()
        .all(|c| c["name"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("direct")));
    assert_eq!(
        get(&mut t, &tok, "/v3/managed-clusters", &[], 4).status,
        200
    );
    assert_eq!(
        get(&mut t, &tok, "/beta/workgroups", &[("sorters", "name")], 5).status,
        200
    );
}
