//! Snapshot and restore.

use super::*;

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

#[test]
fn a_tab_adopting_another_tabs_data_sees_its_changes_and_stays_signed_in() {
    // Two tabs of one browser: each runs a demo tenant; B writes, A adopts B's data.
    let mut a = tenant();
    let mut b = tenant();
    let tok_a = sign_in(&mut a, 0);
    let tok_b = sign_in(&mut b, 0);
    let owner = b.identities[0]["id"].clone();
    let r = send(
        &mut b,
        &tok_b,
        Method::Post,
        "/v3/sources",
        Some(
            json!({"name": "Made in tab B", "owner": {"type": "IDENTITY", "id": owner}, "connector": "delimited-file"}),
        ),
        5,
    );
    assert_eq!(r.status, 201, "{}", r.body);
    a.adopt(&b.snapshot()).unwrap();
    let list = get(
        &mut a,
        &tok_a,
        "/v3/sources",
        &[("filters", "name eq \"Made in tab B\"")],
        10,
    );
    assert_eq!(list.status, 200, "tab A's token still works: {}", list.body);
    assert!(list.body.contains("Made in tab B"), "{}", list.body);
    // A bad snapshot changes nothing.
    let before = a.snapshot();
    assert!(a.adopt("{\"version\": 1}").is_err());
    assert_eq!(a.snapshot(), before);
}
