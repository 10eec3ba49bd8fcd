use super::*;
use isc_core::auth::{parse_token_response, token_request, Token};
use isc_core::error::ApiError;
use isc_core::models::{parse_list, Source};
use serde_json::json;

const BASE: &str = "http://127.0.0.1:9";

fn tenant() -> DemoTenant {
    DemoTenant::new(Config::default())
}

fn sign_in(t: &mut DemoTenant, now: u64) -> Token {
    let r = t
        .handle(
            &token_request(BASE, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET),
            now,
        )
        .response;
    Token::from_answer(&parse_token_response(&r).unwrap(), now)
}

fn get(
    t: &mut DemoTenant,
    tok: &Token,
    path: &str,
    query: &[(&str, &str)],
    now: u64,
) -> ApiResponse {
    let mut r = ApiRequest::new(Method::Get, BASE, path).with_header("Authorization", tok.bearer());
    for (k, v) in query {
        r = r.with_query(k, *v);
    }
    t.handle(&r, now).response
}

#[test]
fn token_checks_the_seeded_secret() {
    let mut t = tenant();
    let bad = t
        .handle(&token_request(BASE, DEMO_CLIENT_ID, "wrong"), 0)
        .response;
    assert_eq!(bad.status, 401);
    let e = parse_token_response(&bad).unwrap_err();
    assert!(e.sentence().contains("Bad credentials"), "{}", e.sentence());
    let tok = sign_in(&mut t, 0);
    assert_eq!(tok.expires_in_s, 749);
}

#[test]
fn no_bearer_or_expired_bearer_is_401_error_shape() {
    let mut t = DemoTenant::new(Config {
        token_ttl_s: 5,
        ..Config::default()
    });
    let r = t
        .handle(&ApiRequest::new(Method::Get, BASE, "/v3/sources"), 0)
        .response;
    assert_eq!(r.status, 401);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert!(v["error"].is_string());
    let tok = sign_in(&mut t, 0);
    assert_eq!(get(&mut t, &tok, "/v3/sources", &[], 4_999).status, 200);
    let r = get(&mut t, &tok, "/v3/sources", &[], 5_000);
    assert_eq!(r.status, 401);
    assert!(r.body.contains("expired"));
}

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

#[test]
fn rate_limit_is_100_per_10s_per_client_and_version() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    for i in 0..100 {
        assert_eq!(get(&mut t, &tok, "/v3/sources", &[], 1_000 + i).status, 200);
    }
    let r = get(&mut t, &tok, "/v3/sources", &[], 1_500);
    assert_eq!(r.status, 429);
    assert_eq!(r.header("Retry-After"), Some("10"));
    let e = ApiError::from_response(Method::Get, "/v3/sources", &r);
    assert_eq!(e.messages, vec!["Rate Limit Exceeded"]);
    // another API version has its own budget
    assert_ne!(get(&mut t, &tok, "/beta/nothing", &[], 1_500).status, 429);
    // the window slides
    assert_eq!(get(&mut t, &tok, "/v3/sources", &[], 11_000).status, 200);
}

#[test]
fn errors_are_error_response_dtos() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let r = get(
        &mut t,
        &tok,
        "/v3/sources/ffffffffffffffffffffffffffffffff",
        &[],
        1,
    );
    assert_eq!(r.status, 404);
    let e = ApiError::from_response(Method::Get, "/v3/sources/x", &r);
    assert_eq!(e.detail_code.as_deref(), Some("404 Not found"));
    assert_eq!(e.tracking_id.as_ref().map(|s| s.len()), Some(32));
}

#[test]
fn faults_inject_and_then_clear() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    t.add_fault(Fault {
        method: Some("GET".into()),
        path_prefix: Some("/v3/sources".into()),
        skip: 1,
        times: 2,
        kind: FaultKind::Status { status: 503 },
    });
    assert_eq!(get(&mut t, &tok, "/v3/sources", &[], 1).status, 200);
    assert_eq!(get(&mut t, &tok, "/v3/sources", &[], 2).status, 503);
    assert_eq!(get(&mut t, &tok, "/v3/sources", &[], 3).status, 503);
    assert_eq!(get(&mut t, &tok, "/v3/sources", &[], 4).status, 200);
    t.add_fault(Fault {
        method: None,
        path_prefix: None,
        skip: 0,
        times: 1,
        kind: FaultKind::Malformed,
    });
    let r = get(&mut t, &tok, "/v3/sources", &[], 5);
    assert!(parse_list::<Source>(&r.body).is_err());
    t.add_fault(Fault {
        method: None,
        path_prefix: None,
        skip: 0,
        times: 1,
        kind: FaultKind::ExpireToken,
    });
    assert_eq!(get(&mut t, &tok, "/v3/sources", &[], 6).status, 401);
    let statuses: Vec<u16> = t.received.iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![200, 200, 503, 503, 200, 200, 401]);
}

#[test]
fn acted_faults_carry_the_call_out_and_then_lose_or_spoil_the_answer() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let hr = source_id(&t, "HR Feed (CSV)");
    for (k, kind) in [
        FaultKind::ActedThenDrop,
        FaultKind::ActedThenStatus { status: 504 },
        FaultKind::ActedThenGarbled,
    ]
    .into_iter()
    .enumerate()
    {
        t.add_fault(Fault {
            method: Some("POST".into()),
            path_prefix: Some("/v3/accounts".into()),
            skip: 0,
            times: 1,
            kind: kind.clone(),
        });
        let native = format!("acted.{k}");
        let body = json!({"attributes": {"sourceId": hr, "id": native, "displayName": "Acted"}});
        let at = 100 + k as u64 * 10_000;
        let req = ApiRequest::new(Method::Post, BASE, "/v3/accounts")
            .with_header("Authorization", tok.bearer())
            .with_json(&body);
        let reply = t.handle(&req, at);
        match kind {
            FaultKind::ActedThenDrop => assert!(reply.drop_connection),
            FaultKind::ActedThenStatus { status } => assert_eq!(reply.response.status, status),
            _ => {
                assert_eq!(reply.response.status, 200);
                assert!(serde_json::from_str::<Value>(&reply.response.body).is_err());
            }
        }
        // The tenant did the work all the same: the account is there once its task ran.
        get(&mut t, &tok, "/v3/sources", &[], at + accounts::TASK_MS);
        let made = accounts_on(&t, &hr)
            .iter()
            .filter(|a| a["nativeIdentity"] == native.as_str())
            .count();
        assert_eq!(made, 1, "{kind:?}");
    }
}

#[test]
fn control_endpoint_takes_faults_as_json() {
    let mut t = tenant();
    let mut req = ApiRequest::new(Method::Post, BASE, "/__demo/faults");
    req.body = Some(r#"[{"kind":"status","status":500,"path_prefix":"/v3/sources"},{"kind":"delay","ms":300,"times":0}]"#.into());
    assert_eq!(t.control(&req).unwrap().status, 200);
    let tok = sign_in(&mut t, 0);
    let r = t.handle(
        &ApiRequest::new(Method::Get, BASE, "/v3/sources")
            .with_header("Authorization", tok.bearer()),
        1,
    );
    assert_eq!(r.response.status, 500);
}

fn patch_priority(
    t: &mut DemoTenant,
    tok: &Token,
    id: &str,
    v: i64,
    content_type: &str,
) -> ApiResponse {
    let mut r = ApiRequest::new(
        Method::Patch,
        BASE,
        &format!("/beta/identity-profiles/{id}"),
    )
    .with_header("Authorization", tok.bearer())
    .with_header("Content-Type", content_type);
    r.body = Some(json!([{"op": "replace", "path": "/priority", "value": v}]).to_string());
    t.handle(&r, 10).response
}

#[test]
fn identity_profiles_sort_by_priority_and_patch_refuses_duplicates_and_plain_json() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let r = get(
        &mut t,
        &tok,
        "/v3/identity-profiles",
        &[("sorters", "priority"), ("count", "true")],
        1,
    );
    let list: Vec<Value> = serde_json::from_str(&r.body).unwrap();
    let prios: Vec<i64> = list
        .iter()
        .map(|p| p["priority"].as_i64().unwrap())
        .collect();
    assert!(prios.windows(2).all(|w| w[0] < w[1]), "{prios:?}");
    assert!((5..=8).contains(&list.len()));
    let first = list[0]["id"].as_str().unwrap().to_string();
    // a value another profile holds is refused with the tenant's error
    let r = patch_priority(&mut t, &tok, &first, prios[1], isc_core::http::JSON_PATCH);
    assert_eq!(r.status, 400);
    assert!(r.body.contains("already used"));
    // plain JSON is refused
    let r = patch_priority(&mut t, &tok, &first, 5, "application/json");
    assert_eq!(r.status, 405);
    // the right content type and a free value works
    let r = patch_priority(&mut t, &tok, &first, 5, isc_core::http::JSON_PATCH);
    assert_eq!(r.status, 200);
    let r = get(
        &mut t,
        &tok,
        &format!("/beta/identity-profiles/{first}"),
        &[],
        11,
    );
    let p: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(p["priority"], 5);
    // read-only fields
    let mut req = ApiRequest::new(
        Method::Patch,
        BASE,
        &format!("/v3/identity-profiles/{first}"),
    )
    .with_header("Authorization", tok.bearer())
    .with_header("Content-Type", isc_core::http::JSON_PATCH);
    req.body = Some(json!([{"op": "replace", "path": "/identityCount", "value": 1}]).to_string());
    assert_eq!(t.handle(&req, 12).response.status, 400);
}

#[test]
fn a_plan_applied_to_the_tenant_never_meets_a_refusal() {
    use isc_core::priority::{order_of, plan, Profile};
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let read = |t: &mut DemoTenant| -> Vec<Profile> {
        let r = get(t, &tok, "/beta/identity-profiles", &[], 1);
        serde_json::from_str::<Vec<Value>>(&r.body)
            .unwrap()
            .iter()
            .map(|p| Profile {
                id: p["id"].as_str().unwrap().into(),
                priority: p["priority"].as_i64().unwrap(),
            })
            .collect()
    };
    let cur = read(&mut t);
    let mut wanted = order_of(&cur);
    wanted.reverse();
    let p = plan(&cur, &wanted).unwrap();
    for s in &p.steps {
        assert_eq!(
            patch_priority(&mut t, &tok, &s.id, s.to, isc_core::http::JSON_PATCH).status,
            200,
            "{s:?}"
        );
    }
    assert_eq!(order_of(&read(&mut t)), wanted);
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
fn creating_a_csv_source_gives_a_delimited_file_with_a_schema() {
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
    assert!(schemas[0]["identityAttribute"].is_string());
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

fn send(
    t: &mut DemoTenant,
    tok: &Token,
    method: Method,
    path: &str,
    body: Option<Value>,
    now: u64,
) -> ApiResponse {
    let mut r = ApiRequest::new(method, BASE, path).with_header("Authorization", tok.bearer());
    if let Some(b) = body {
        r = if method == Method::Patch {
            r.with_json_patch(&b)
        } else {
            r.with_json(&b)
        };
    }
    t.handle(&r, now).response
}

fn source_id(t: &DemoTenant, name: &str) -> String {
    t.sources.iter().find(|s| s["name"] == name).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn task_done(t: &mut DemoTenant, tok: &Token, resp: &ApiResponse, now: u64) -> Value {
    assert_eq!(resp.status, 202, "{}", resp.body);
    let id = serde_json::from_str::<Value>(&resp.body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = send(
        t,
        tok,
        Method::Get,
        &format!("/beta/task-status/{id}"),
        None,
        now,
    );
    serde_json::from_str(&r.body).unwrap()
}

/// Sends an account action, lets its task complete, and reads the account back.
fn act_and_read(
    t: &mut DemoTenant,
    tok: &Token,
    method: Method,
    path: &str,
    body: Option<Value>,
    at: u64,
    acc: &str,
) -> Value {
    let r = send(t, tok, method, path, body, at);
    task_done(t, tok, &r, at + accounts::TASK_MS);
    serde_json::from_str(
        &get(
            t,
            tok,
            &format!("/v3/accounts/{acc}"),
            &[],
            at + 2 * accounts::TASK_MS,
        )
        .body,
    )
    .unwrap()
}

#[test]
fn account_create_is_a_task_that_adds_the_account_when_it_completes() {
    use isc_core::api::tasks::{task_state, TaskState};
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let hr = source_id(&t, "HR Feed (CSV)");
    let before = t.accounts.len();
    let r = send(
        &mut t,
        &tok,
        Method::Post,
        "/v3/accounts",
        Some(
            json!({"attributes": {"sourceId": hr, "id": "new.person", "displayName": "New Person"}}),
        ),
        100,
    );
    let running = task_done(&mut t, &tok, &r, 200);
    assert_eq!(task_state(&running), TaskState::Running);
    assert_eq!(t.accounts.len(), before);
    let done = task_done(&mut t, &tok, &r, 100 + accounts::TASK_MS);
    assert_eq!(task_state(&done), TaskState::Succeeded);
    assert_eq!(t.accounts.len(), before + 1);
    let r = get(
        &mut t,
        &tok,
        "/v3/accounts",
        &[
            (
                "filters",
                &format!(r#"sourceId eq "{hr}" and nativeIdentity eq "new.person""#),
            ),
            ("detailLevel", "SLIM"),
        ],
        2_000,
    );
    let l: Vec<Value> = serde_json::from_str(&r.body).unwrap();
    assert_eq!(l.len(), 1);
    assert!(
        l[0].get("attributes").is_none(),
        "SLIM leaves attributes out"
    );
    assert_eq!(l[0]["uncorrelated"], true);
}

#[test]
fn a_second_create_while_the_first_is_pending_is_refused() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let hr = source_id(&t, "HR Feed (CSV)");
    let body = json!({"attributes": {"sourceId": hr, "id": "twice.sent", "displayName": "Twice"}});
    let first = send(
        &mut t,
        &tok,
        Method::Post,
        "/v3/accounts",
        Some(body.clone()),
        100,
    );
    assert_eq!(first.status, 202, "{}", first.body);
    // The browser's resend of the same POST, before the first task has run.
    let again = send(&mut t, &tok, Method::Post, "/v3/accounts", Some(body), 150);
    assert_eq!(again.status, 400, "{}", again.body);
    assert!(again.body.contains("already exists"), "{}", again.body);
    task_done(&mut t, &tok, &first, 100 + accounts::TASK_MS);
    let made = accounts_on(&t, &hr)
        .iter()
        .filter(|a| a["nativeIdentity"] == "twice.sent")
        .count();
    assert_eq!(made, 1);
}

#[test]
fn account_create_rules() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let hr = source_id(&t, "HR Feed (CSV)");
    for body in [
        json!({"attributes": {"sourceId": "190100", "id": "x"}}),
        json!({"attributes": {"sourceId": "ffffffffffffffffffffffffffffffff", "id": "x"}}),
        json!({"attributes": {"sourceId": hr, "displayName": "No Id"}}),
        json!({"sourceId": hr, "id": "x"}),
    ] {
        assert_eq!(
            send(
                &mut t,
                &tok,
                Method::Post,
                "/v3/accounts",
                Some(body.clone()),
                1
            )
            .status,
            400,
            "{body}"
        );
    }
}

#[test]
fn put_and_delete_only_on_flat_files_and_flags_really_change() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let ad = source_id(&t, "Active Directory");
    let hr = source_id(&t, "HR Feed (CSV)");
    let ad_acc = t
        .accounts
        .iter()
        .find(|a| a["sourceId"] == ad.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let hr_acc = t
        .accounts
        .iter()
        .find(|a| a["sourceId"] == hr.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = send(
        &mut t,
        &tok,
        Method::Put,
        &format!("/v3/accounts/{ad_acc}"),
        Some(json!({"attributes": {"x": 1}})),
        1,
    );
    assert_eq!(r.status, 400);
    assert!(r.body.contains("only accounts on a DelimitedFile source"));
    assert_eq!(
        send(
            &mut t,
            &tok,
            Method::Delete,
            &format!("/v3/accounts/{ad_acc}"),
            None,
            2
        )
        .status,
        400
    );
    // attributes by PATCH only on flat files; correlation anywhere
    let r = send(
        &mut t,
        &tok,
        Method::Patch,
        &format!("/v3/accounts/{ad_acc}"),
        Some(json!([{"op": "replace", "path": "/attributes/department", "value": "x"}])),
        3,
    );
    assert_eq!(r.status, 400);
    let r = send(
        &mut t,
        &tok,
        Method::Patch,
        &format!("/v3/accounts/{ad_acc}"),
        Some(json!([{"op": "replace", "path": "/manuallyCorrelated", "value": true}])),
        4,
    );
    assert_eq!(r.status, 202);
    let path = format!("/v3/accounts/{hr_acc}");
    let legal = json!([{"op": "replace", "path": "/attributes/department", "value": "Legal"}]);
    let a = act_and_read(&mut t, &tok, Method::Patch, &path, Some(legal), 5, &hr_acc);
    assert_eq!(a["attributes"]["department"], "Legal");
    // disable then enable
    let a = act_and_read(
        &mut t,
        &tok,
        Method::Post,
        &format!("{path}/disable"),
        Some(json!({})),
        4_000,
        &hr_acc,
    );
    assert_eq!(a["disabled"], true);
    let a = act_and_read(
        &mut t,
        &tok,
        Method::Post,
        &format!("{path}/enable"),
        Some(json!({})),
        7_000,
        &hr_acc,
    );
    assert_eq!(a["disabled"], false);
    // delete on the flat file
    let r = send(
        &mut t,
        &tok,
        Method::Delete,
        &format!("/v3/accounts/{hr_acc}"),
        None,
        10_000,
    );
    task_done(&mut t, &tok, &r, 10_000 + accounts::TASK_MS);
    assert_eq!(
        get(&mut t, &tok, &format!("/v3/accounts/{hr_acc}"), &[], 12_000).status,
        404
    );
}

#[test]
fn entitlements_come_from_entitlement_attributes() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let acc = t
        .accounts
        .iter()
        .find(|a| a["hasEntitlements"] == true)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = get(
        &mut t,
        &tok,
        &format!("/v3/accounts/{acc}/entitlements"),
        &[("count", "true")],
        1,
    );
    assert_eq!(r.status, 200);
    assert!(isc_core::paging::total_count(&r).unwrap() >= 1);
}

#[test]
fn hostile_mode_plants_payloads_in_data_and_errors() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    t.plant_hostile();
    assert!(hostile::PAYLOADS.len() >= 50);
    assert!(t.sources.iter().all(|s| hostile::PAYLOADS
        .iter()
        .any(|p| s["name"].as_str().unwrap().starts_with(p))));
    let r = get(&mut t, &tok, "/v3/sources", &[("limit", "999")], 1);
    assert_eq!(r.status, 400);
    assert!(ApiError::from_response(Method::Get, "/v3/sources", &r).causes[0].contains("<script>"));
}

#[test]
fn bulk_accounts_page_by_250_with_a_total_and_latency_is_added_to_answers() {
    let mut t = tenant();
    let ctl = |t: &mut DemoTenant, path: &str, body: &str| {
        let mut r = ApiRequest::new(Method::Post, BASE, path);
        r.body = Some(body.to_string());
        t.control(&r).unwrap()
    };
    let r = ctl(&mut t, "/__demo/bulk", r#"{"accounts": 1000}"#);
    assert_eq!(r.status, 200);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    let sid = v["sourceId"].as_str().unwrap().to_string();
    assert_eq!(v["sourceName"], "HR Feed (CSV)");
    let tok = sign_in(&mut t, 0);
    let filter = format!("sourceId eq \"{sid}\"");
    let mut names = std::collections::HashSet::new();
    let mut total = None;
    for offset in (0..1100).step_by(250) {
        let off = offset.to_string();
        let page = get(
            &mut t,
            &tok,
            "/v3/accounts",
            &[
                ("filters", filter.as_str()),
                ("limit", "250"),
                ("offset", off.as_str()),
                ("count", "true"),
            ],
            1,
        );
        assert_eq!(page.status, 200);
        total = page.header("X-Total-Count").map(str::to_string);
        let list: Vec<Value> = serde_json::from_str(&page.body).unwrap();
        assert!(list.len() <= 250);
        for a in list {
            names.insert(a["nativeIdentity"].as_str().unwrap().to_string());
        }
    }
    let seeded = t
        .accounts
        .iter()
        .filter(|a| a["sourceId"] == sid.as_str())
        .count();
    assert!(seeded > 1000);
    assert_eq!(
        names.len(),
        seeded,
        "every account listed once across the pages"
    );
    assert_eq!(total.as_deref(), Some(seeded.to_string().as_str()));
    assert!(names.contains("bulk.00001") && names.contains("bulk.01000"));
    assert_eq!(
        ctl(
            &mut t,
            "/__demo/bulk",
            r#"{"accounts": 1, "source": "nope"}"#
        )
        .status,
        404
    );
    ctl(&mut t, "/__demo/config", r#"{"latency_ms": 300}"#);
    let req = ApiRequest::new(Method::Get, BASE, "/v3/sources")
        .with_header("Authorization", tok.bearer());
    assert_eq!(t.handle(&req, 2).delay_ms, 300);
}

/// Sends a request built by `isc_core::api` with a bearer.
fn send_built(t: &mut DemoTenant, tok: &Token, req: ApiRequest, now: u64) -> ApiResponse {
    let mut r = req.with_header("Authorization", tok.bearer());
    r.base = BASE.into();
    t.handle(&r, now).response
}

#[test]
fn both_generations_serve_one_state() {
    use isc_core::api::{accounts as acc, sources as src, tasks, Generation, ListQuery};
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    // A source made on the per-service paths is listed on the classic ones.
    let owner = t.identities[0]["id"].clone();
    let made = send_built(
        &mut t,
        &tok,
        src::create(
            Generation::V1,
            &json!({"name": "Made on v1", "owner": {"type": "IDENTITY", "id": owner}, "connector": "delimited-file"}),
            true,
        ),
        0,
    );
    assert_eq!(made.status, 201, "{}", made.body);
    let id = serde_json::from_str::<Value>(&made.body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let classic = send_built(&mut t, &tok, src::get(Generation::Classic, &id), 1);
    assert_eq!(classic.status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&classic.body).unwrap()["name"],
        "Made on v1"
    );
    // An account made on the classic paths completes as a task read on v1, and is read on v1.
    let mut attrs = serde_json::Map::new();
    attrs.insert("id".into(), json!("gen.0001"));
    attrs.insert("displayName".into(), json!("Gen One"));
    let r = send_built(
        &mut t,
        &tok,
        acc::create(Generation::Classic, &id, &attrs),
        2,
    );
    assert_eq!(r.status, 202, "{}", r.body);
    let task = serde_json::from_str::<Value>(&r.body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let st = send_built(
        &mut t,
        &tok,
        tasks::get(Generation::V1, &task),
        2 + accounts::TASK_MS,
    );
    assert_eq!(
        tasks::task_state(&serde_json::from_str(&st.body).unwrap()),
        tasks::TaskState::Succeeded
    );
    let found = send_built(
        &mut t,
        &tok,
        acc::by_native_identity(Generation::V1, &id, "gen.0001"),
        3 + accounts::TASK_MS,
    );
    let list: Vec<Value> = serde_json::from_str(&found.body).unwrap();
    assert_eq!(list.len(), 1);
    // Both generations count the same sources.
    let count = |t: &mut DemoTenant, g| {
        let r = send_built(
            t,
            &tok,
            src::list(
                g,
                &ListQuery::new().page(isc_core::paging::PageQuery::page(0, 250)),
            ),
            4 + accounts::TASK_MS,
        );
        isc_core::paging::total_count(&r)
    };
    assert_eq!(
        count(&mut t, Generation::V1),
        count(&mut t, Generation::Classic)
    );
}

#[test]
fn unknown_paths_of_either_generation_are_404_error_dtos() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    for path in [
        "/v3/workgroups",
        "/beta/accounts",
        "/widgets/v1",
        "/sources/v2/x",
        "/v3/accounts/a/remove",
    ] {
        let r = get(&mut t, &tok, path, &[], 1);
        assert_eq!(r.status, 404, "{path}");
        let e = ApiError::from_response(Method::Get, path, &r);
        assert_eq!(e.detail_code.as_deref(), Some("404 Not found"), "{path}");
    }
}

#[test]
fn a_tenant_without_v1_answers_404_there_and_classic_elsewhere() {
    let mut t = DemoTenant::new(Config {
        serve_v1: false,
        ..Config::default()
    });
    let tok = sign_in(&mut t, 0);
    assert_eq!(get(&mut t, &tok, "/sources/v1", &[], 1).status, 404);
    assert_eq!(get(&mut t, &tok, "/v3/sources", &[], 1).status, 200);
}

#[test]
fn correlating_an_account_brings_the_identity_reference_with_the_id() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let acc = t.accounts[0]["id"].as_str().unwrap().to_string();
    let before = t.accounts[0]["identityId"].clone();
    let other = t
        .identities
        .iter()
        .find(|i| i["id"] != before)
        .unwrap()
        .clone();
    let ops = json!([
        {"op": "replace", "path": "/identityId", "value": other["id"]},
        {"op": "replace", "path": "/manuallyCorrelated", "value": true}
    ]);
    let path = format!("/v3/accounts/{acc}");
    let a = act_and_read(&mut t, &tok, Method::Patch, &path, Some(ops), 5, &acc);
    assert_eq!(a["identityId"], other["id"]);
    assert_eq!(a["identity"]["id"], other["id"]);
    assert_eq!(a["identity"]["name"], other["name"]);
    assert_eq!(a["manuallyCorrelated"], true);
}

#[test]
fn a_snapshot_restores_every_change_and_pending_task_but_no_token() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let sid = source_id(&t, "HR Feed (CSV)");
    let r = send(
        &mut t,
        &tok,
        Method::Post,
        "/v3/accounts",
        Some(json!({"attributes": {"sourceId": sid, "id": "snap.1", "displayName": "Snap One"}})),
        10,
    );
    assert_eq!(r.status, 202, "{}", r.body);
    let raw = t.snapshot();
    assert!(!raw.contains(&tok.access_token), "no token in the snapshot");
    let mut back = DemoTenant::restore(&raw).unwrap();
    // The old token is not known to the restored tenant: it signs in again.
    assert_eq!(get(&mut back, &tok, "/v3/sources", &[], 20).status, 401);
    let tok2 = sign_in(&mut back, 20);
    // The task created before the snapshot completes after it and makes the account.
    task_done(&mut back, &tok2, &r, 10 + accounts::TASK_MS);
    let list = get(
        &mut back,
        &tok2,
        "/v3/accounts",
        &[(
            "filters",
            &format!("sourceId eq \"{sid}\" and nativeIdentity eq \"snap.1\""),
        )],
        20 + 2 * accounts::TASK_MS,
    );
    assert!(list.body.contains("snap.1"), "{}", list.body);
    assert_eq!(back.sources.len(), t.sources.len());
    // The id generator goes on where it was: the next id is the one the original would give.
    assert_eq!(DemoTenant::restore(&raw).unwrap().new_id(), t.new_id());
    assert!(DemoTenant::restore("{\"version\":99}").is_err());
    assert!(DemoTenant::restore("garbage").is_err());
}

fn accounts_on(t: &DemoTenant, sid: &str) -> Vec<Value> {
    t.accounts
        .iter()
        .filter(|a| a["sourceId"] == sid)
        .cloned()
        .collect()
}

/// Uploads `file` to a source's load-accounts, lets the task complete, and reads it.
fn aggregate(t: &mut DemoTenant, tok: &Token, sid: &str, file: Option<&str>, now: u64) -> Value {
    let req = isc_core::api::sources::load_accounts(
        isc_core::api::Generation::V1,
        sid,
        file.map(|f| ("accounts.csv", f)),
        false,
    );
    let mut req = req;
    req.base = BASE.into();
    req.set_header("Authorization", tok.bearer());
    let r = t.handle(&req, now).response;
    assert_eq!(r.status, 202, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["success"], true);
    let id = v["task"]["id"].as_str().unwrap().to_string();
    let later = now + accounts::AGGREGATION_MS;
    let r = send(
        t,
        tok,
        Method::Get,
        &format!("/task-status/v1/{id}"),
        None,
        later,
    );
    serde_json::from_str(&r.body).unwrap()
}

#[test]
fn the_csv_template_is_the_account_schema_of_a_flat_file() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let sid = source_id(&t, "HR Feed (CSV)");
    let r = get(
        &mut t,
        &tok,
        &format!("/v3/sources/{sid}/schemas/accounts"),
        &[],
        0,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Type"), Some("text/csv"));
    assert_eq!(
        r.body,
        "id,displayName,email,department,employeeNumber,startDate,active,groups"
    );
    let ad = source_id(&t, "Active Directory");
    let r = get(
        &mut t,
        &tok,
        &format!("/sources/v1/{ad}/schemas/accounts"),
        &[],
        0,
    );
    assert_eq!(r.status, 400);
}

#[test]
fn an_aggregation_makes_the_file_the_truth_and_removes_what_the_api_made() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let sid = source_id(&t, "HR Feed (CSV)");
    let before = accounts_on(&t, &sid);
    // The seed's trap: an account made through the API...
    let r = send(
        &mut t,
        &tok,
        Method::Post,
        "/v3/accounts",
        Some(json!({"attributes": {"sourceId": sid, "id": "api.made", "displayName": "API Made"}})),
        0,
    );
    task_done(&mut t, &tok, &r, accounts::TASK_MS);
    assert_eq!(accounts_on(&t, &sid).len(), before.len() + 1);
    // ...then the old file aggregated (what the source held, one row changed, one new row).
    let mut file =
        String::from("id,displayName,email,department,employeeNumber,startDate,active,groups\n");
    for (k, a) in before.iter().enumerate() {
        let at = &a["attributes"];
        let name = if k == 0 {
            "Renamed".to_string()
        } else {
            at["displayName"].as_str().unwrap().to_string()
        };
        let groups: Vec<&str> = at["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_str().unwrap())
            .collect();
        file.push_str(&format!(
            "{},{name},{},{},{},{},{},\"{}\"\n",
            at["id"].as_str().unwrap(),
            at["email"].as_str().unwrap_or(""),
            at["department"].as_str().unwrap_or(""),
            at["employeeNumber"],
            at["startDate"].as_str().unwrap_or(""),
            at["active"],
            groups.join(",")
        ));
    }
    file.push_str("new.one,New One,new@acme.example,Sales,77,2026-01-02,true,\n");
    let task = aggregate(&mut t, &tok, &sid, Some(&file), 5_000);
    assert_eq!(task["completionStatus"], "SUCCESS", "{task}");
    let counts = isc_core::flatfile::task_counts(&task);
    let get = |l: &str| {
        counts
            .iter()
            .find(|(k, _)| k == l)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(get("Accounts read"), (before.len() + 1).to_string());
    assert_eq!(get("Created"), "1");
    assert_eq!(get("Updated"), "1");
    assert_eq!(get("Removed"), "1");
    assert_eq!(
        get("Unchanged (skipped by optimization)"),
        (before.len() - 1).to_string()
    );
    let after = accounts_on(&t, &sid);
    assert!(
        !after.iter().any(|a| a["nativeIdentity"] == "api.made"),
        "the API-made account is gone"
    );
    let new = after
        .iter()
        .find(|a| a["nativeIdentity"] == "new.one")
        .unwrap();
    assert_eq!(new["attributes"]["employeeNumber"], 77);
    assert_eq!(new["attributes"]["active"], true);
    assert_eq!(new["origin"], "AGGREGATED");
    let renamed = after
        .iter()
        .find(|a| a["nativeIdentity"] == before[0]["nativeIdentity"])
        .unwrap();
    assert_eq!(renamed["name"], "Renamed");
    assert_eq!(
        renamed["attributes"]["groups"],
        before[0]["attributes"]["groups"]
    );
}

#[test]
fn past_the_delete_threshold_the_delete_phase_is_skipped() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let sid = source_id(&t, "HR Feed (CSV)");
    let before = accounts_on(&t, &sid);
    let first = &before[0]["attributes"];
    let file = format!(
        "id,displayName\n{},{}\n",
        first["id"].as_str().unwrap(),
        first["displayName"].as_str().unwrap()
    );
    let task = aggregate(&mut t, &tok, &sid, Some(&file), 0);
    assert_eq!(task["completionStatus"], "WARNING");
    let text = task["messages"].to_string();
    assert!(text.contains("Delete threshold exceeded"), "{text}");
    assert!(text.contains("delete threshold of 10%"), "{text}");
    assert_eq!(
        accounts_on(&t, &sid).len(),
        before.len(),
        "nothing was removed"
    );
}

#[test]
fn a_flat_file_aggregation_needs_the_file_and_its_identity_column() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let sid = source_id(&t, "HR Feed (CSV)");
    let mut req = isc_core::api::sources::load_accounts(
        isc_core::api::Generation::Classic,
        &sid,
        None,
        false,
    );
    req.base = BASE.into();
    req.set_header("Authorization", tok.bearer());
    let r = t.handle(&req, 0).response;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("include the CSV file"), "{}", r.body);
    let task = aggregate(&mut t, &tok, &sid, Some("displayName\nNobody\n"), 0);
    assert_eq!(task["completionStatus"], "ERROR");
    assert!(task["messages"].to_string().contains("no column id"));
    // A direct-connect source aggregates from its connector without a file.
    let ad = source_id(&t, "Active Directory");
    let n = accounts_on(&t, &ad).len();
    let task = aggregate(&mut t, &tok, &ad, None, 0);
    assert_eq!(task["completionStatus"], "SUCCESS");
    assert_eq!(accounts_on(&t, &ad).len(), n);
}

#[test]
fn completed_tasks_are_listed_by_source_newest_first() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let wd = source_id(&t, "Workday");
    let f = format!(r#"sourceId eq "{wd}""#);
    let list = |t: &mut DemoTenant, at: u64| -> Vec<Value> {
        let r = get(
            t,
            &tok,
            "/beta/task-status",
            &[("filters", &f), ("sorters", "-created")],
            at,
        );
        assert_eq!(r.status, 200, "{}", r.body);
        serde_json::from_str(&r.body).unwrap()
    };
    let before = list(&mut t, 10).len();
    let mut req =
        isc_core::api::sources::load_accounts(isc_core::api::Generation::V1, &wd, None, false);
    req.base = BASE.into();
    req.set_header("Authorization", tok.bearer());
    let r = t.handle(&req, 100).response;
    assert_eq!(r.status, 202, "{}", r.body);
    let id = serde_json::from_str::<Value>(&r.body).unwrap()["task"]["id"].clone();
    // Running: not listed yet.
    assert_eq!(list(&mut t, 200).len(), before);
    let done = list(&mut t, 100 + accounts::AGGREGATION_MS + 10);
    assert_eq!(done.len(), before + 1);
    assert_eq!(done[0]["id"], id);
    assert!(
        done[0].get("sourceId").is_none(),
        "the TaskStatus shape, as the API answers it"
    );
    let r = get(
        &mut t,
        &tok,
        "/task-status/v1",
        &[("filters", r#"launcher eq "x""#)],
        10_000,
    );
    assert_eq!(r.status, 400);
}
