//! Error answers, injected faults, the control endpoint and hostile mode.

use super::*;

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
