//! The classic and per-service (v1) paths: one state, and 404s where a path is not served.

use super::*;

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
    // Its account schema, defined from a header on v1, is what the classic paths read.
    let tpl = send_built(
        &mut t,
        &tok,
        src::upload_account_template(Generation::V1, &id, ("h.csv", "id,displayName\r\n")),
        1,
    );
    assert_eq!(tpl.status, 200, "{}", tpl.body);
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
fn the_per_service_task_list_holds_running_tasks_and_the_classic_one_completed_tasks_only() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let sid = source_id(&t, "HR Feed (CSV)");
    let r = send(
        &mut t,
        &tok,
        Method::Post,
        "/accounts/v1",
        Some(json!({"attributes": {"sourceId": sid, "id": "list.1", "displayName": "List One"}})),
        10,
    );
    assert_eq!(r.status, 202, "{}", r.body);
    let id = serde_json::from_str::<Value>(&r.body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let running = get(
        &mut t,
        &tok,
        "/task-status/v1",
        &[("filters", "completionStatus isnull")],
        20,
    );
    assert_eq!(running.status, 200, "{}", running.body);
    assert!(running.body.contains(&id), "{}", running.body);
    let classic = get(&mut t, &tok, "/beta/task-status", &[], 20);
    assert!(!classic.body.contains(&id), "{}", classic.body);
    // isnull is a per-service filter only.
    let refused = get(
        &mut t,
        &tok,
        "/beta/task-status",
        &[("filters", "completionStatus isnull")],
        20,
    );
    assert_eq!(refused.status, 400, "{}", refused.body);
    let later = 20 + 2 * accounts::TASK_MS;
    let done = get(
        &mut t,
        &tok,
        "/beta/task-status",
        &[
            ("filters", "completionStatus eq \"SUCCESS\""),
            ("sorters", "-created"),
        ],
        later,
    );
    assert!(done.body.contains(&id), "{}", done.body);
    let still_running = get(
        &mut t,
        &tok,
        "/task-status/v1",
        &[("filters", "completionStatus isnull")],
        later,
    );
    assert!(!still_running.body.contains(&id), "{}", still_running.body);
}
