//! Account calls: create, update, delete, actions, entitlements, bulk lists and correlation.

use super::*;

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
