//! A flat file's entitlements: the entitlement schema template and the entitlement
//! aggregation (`load-entitlements`), in both generations, and what an account's entitlements
//! then say.

use super::*;
use isc_core::api::{sources, Generation};

fn call(t: &mut DemoTenant, tok: &Token, mut r: ApiRequest, now: u64) -> ApiResponse {
    r.base = BASE.into();
    r.set_header("Authorization", tok.bearer());
    t.handle(&r, now).response
}

fn gens() -> [(Generation, &'static str); 2] {
    [
        (Generation::V1, "/sources/v1"),
        (Generation::Classic, "/v3/sources"),
    ]
}

/// The entitlements `GET …/accounts/{id}/entitlements` answers for the first account of `sid`
/// holding `value`: (name, description).
fn described(
    t: &mut DemoTenant,
    tok: &Token,
    sid: &str,
    value: &str,
    now: u64,
) -> Vec<(String, Value)> {
    let acc = accounts_on(t, sid)
        .into_iter()
        .find(|a| {
            a["attributes"]["groups"]
                .as_array()
                .is_some_and(|l| l.iter().any(|v| v == value))
        })
        .expect("an account holds it");
    let r = get(
        t,
        tok,
        &format!("/v3/accounts/{}/entitlements", acc["id"].as_str().unwrap()),
        &[],
        now,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    serde_json::from_str::<Vec<Value>>(&r.body)
        .unwrap()
        .into_iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap_or("").to_string(),
                e["description"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_seeded_flat_file_has_a_group_schema_whose_template_is_its_header() {
    for (g, prefix) in gens() {
        let mut t = tenant();
        let tok = sign_in(&mut t, 0);
        let sid = source_id(&t, "HR Feed (CSV)");
        let list: Vec<Value> = serde_json::from_str(
            &get(&mut t, &tok, &format!("{prefix}/{sid}/schemas"), &[], 1).body,
        )
        .unwrap();
        assert_eq!(
            list.iter()
                .map(|s| s["name"].as_str().unwrap())
                .collect::<Vec<_>>(),
            ["account", "group"]
        );
        let r = call(
            &mut t,
            &tok,
            sources::entitlement_template(g, &sid, "group"),
            2,
        );
        assert_eq!(
            (r.status, r.body.as_str()),
            (200, "id,displayName,description"),
            "{prefix}"
        );
        assert_eq!(r.header("Content-Type"), Some("text/csv"));
        // An unknown schema name, and a source that is no flat file, are refused.
        let r = call(
            &mut t,
            &tok,
            sources::entitlement_template(g, &sid, "role"),
            3,
        );
        assert_eq!(r.status, 400, "{}", r.body);
        let ad = t
            .sources
            .iter()
            .find(|s| !DemoTenant::flat_file(s))
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(
            call(
                &mut t,
                &tok,
                sources::entitlement_template(g, &ad, "group"),
                3
            )
            .status,
            400
        );
    }
}

#[test]
fn an_uploaded_header_becomes_the_group_schema_and_a_new_flat_file_starts_with_an_empty_one() {
    for (g, prefix) in gens() {
        let mut t = tenant();
        let tok = sign_in(&mut t, 0);
        let owner = t.identities[1]["id"].clone();
        let made = t.handle(
            &ApiRequest::new(Method::Post, BASE, prefix)
                .with_header("Authorization", tok.bearer())
                .with_query("provisionAsCsv", "true")
                .with_json(&json!({"name": "Groups file", "owner": {"type": "IDENTITY", "id": owner}, "connector": "delimited-file"})),
            1,
        ).response;
        let sid = serde_json::from_str::<Value>(&made.body).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let list: Vec<Value> = serde_json::from_str(
            &get(&mut t, &tok, &format!("{prefix}/{sid}/schemas"), &[], 2).body,
        )
        .unwrap();
        assert_eq!(list[1]["name"], "group");
        assert_eq!(
            list[1]["attributes"],
            json!([]),
            "{prefix}: no attributes until defined"
        );
        let r = call(
            &mut t,
            &tok,
            sources::upload_entitlement_template(
                g,
                &sid,
                "group",
                ("g.csv", "id,displayName,owner\r\n"),
            ),
            3,
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let s: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(
            (
                s["identityAttribute"].as_str(),
                s["displayAttribute"].as_str()
            ),
            (Some("id"), Some("id")),
            "the first column, as for the account template"
        );
        let r = call(
            &mut t,
            &tok,
            sources::entitlement_template(g, &sid, "group"),
            4,
        );
        assert_eq!(r.body, "id,displayName,owner");
        // The account schema is untouched.
        assert_eq!(t.account_schema(&sid)["attributes"], json!([]));
        // A repeated column is refused, and nothing changes.
        let r = call(
            &mut t,
            &tok,
            sources::upload_entitlement_template(g, &sid, "group", ("g.csv", "id,ID\r\n")),
            5,
        );
        assert_eq!(r.status, 400, "{}", r.body);
        assert_eq!(
            call(
                &mut t,
                &tok,
                sources::entitlement_template(g, &sid, "group"),
                6
            )
            .body,
            "id,displayName,owner"
        );
    }
}

#[test]
fn an_entitlement_load_creates_updates_and_removes_and_accounts_show_what_they_hold() {
    for (g, _) in gens() {
        let mut t = tenant();
        let tok = sign_in(&mut t, 0);
        let sid = source_id(&t, "HR Feed (CSV)");
        assert_eq!(
            described(&mut t, &tok, &sid, "eng-users", 1)
                .iter()
                .find(|(n, _)| n == "Engineering")
                .map(|(_, d)| d.clone()),
            Some(json!(
                "Source code, build servers and the engineering wiki."
            )),
            "seeded entitlements describe what accounts hold"
        );
        // eng-users changed, all-staff as it was, vpn new; fin-, sales- and hr-users gone.
        let file = "id,displayName,description,colour\r\neng-users,Engineering,Builds and code,blue\r\nall-staff,All staff,\"Everyone employed: intranet, mail and the staff handbook.\",\r\nvpn,VPN,Remote access,\r\n";
        let r = call(
            &mut t,
            &tok,
            sources::load_entitlements(g, &sid, Some(("ents.csv", file))),
            2,
        );
        assert_eq!(r.status, 202, "{}", r.body);
        let answer: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(
            answer["returns"][1]["displayLabel"],
            "TASK_OUT_ACCOUNT_GROUP_AGGREGATION_TOTAL"
        );
        // Nothing changes before the task completes.
        assert_eq!(
            described(&mut t, &tok, &sid, "eng-users", 3)
                .iter()
                .find(|(n, _)| n == "Engineering")
                .unwrap()
                .1,
            json!("Source code, build servers and the engineering wiki.")
        );
        let task = task_done(&mut t, &tok, &r, 10_000);
        assert_eq!(task["completionStatus"], "SUCCESS", "{task}");
        let counts: Vec<(&str, &Value)> =
            ["total", "groupsCreated", "groupsUpdated", "groupsDeleted"]
                .iter()
                .map(|k| (*k, &task["attributes"][*k]))
                .collect();
        assert_eq!(
            counts,
            [
                ("total", &json!(3)),
                ("groupsCreated", &json!(1)),
                ("groupsUpdated", &json!(1)),
                ("groupsDeleted", &json!(3))
            ],
            "{task}"
        );
        assert_eq!(
            isc_core::flatfile::task_counts(&task)[1],
            ("Entitlements read".to_string(), "3".to_string())
        );
        let now = described(&mut t, &tok, &sid, "eng-users", 10_001);
        assert!(
            now.contains(&("Engineering".to_string(), json!("Builds and code"))),
            "{now:?}"
        );
        // fin-users left the catalogue: the account still holds it, bare.
        let fin = described(&mut t, &tok, &sid, "fin-users", 10_002);
        assert!(
            fin.contains(&("fin-users".to_string(), Value::Null)),
            "{fin:?}"
        );
        // The column the schema lacks is not kept.
        let held = &t.entitlements[&sid];
        assert!(held.iter().all(|e| e["attributes"].get("colour").is_none()));
    }
}

#[test]
fn a_load_without_its_file_or_without_its_identity_column_is_refused_or_fails_its_task() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let sid = source_id(&t, "HR Feed (CSV)");
    let r = call(
        &mut t,
        &tok,
        sources::load_entitlements(Generation::V1, &sid, None),
        1,
    );
    assert_eq!(r.status, 400, "{}", r.body);
    let r = call(
        &mut t,
        &tok,
        sources::load_entitlements(
            Generation::V1,
            &sid,
            Some(("e.csv", "displayName\r\nEng\r\n")),
        ),
        2,
    );
    let task = task_done(&mut t, &tok, &r, 10_000);
    assert_eq!(task["completionStatus"], "ERROR", "{task}");
    assert_eq!(
        t.entitlements[&sid].len(),
        5,
        "a failed load changes nothing"
    );
    // The classic generation has it under /beta only.
    let mut r = sources::load_entitlements(Generation::V1, &sid, None);
    r.path = format!("/v3/sources/{sid}/load-entitlements");
    assert_eq!(call(&mut t, &tok, r, 3).status, 404);
}

#[test]
fn entitlements_survive_a_snapshot_and_leave_with_their_source() {
    let mut t = tenant();
    let sid = source_id(&t, "Badge Access (CSV)");
    let back = DemoTenant::restore(&t.snapshot()).unwrap();
    assert_eq!(back.entitlements[&sid], t.entitlements[&sid]);
    let tok = sign_in(&mut t, 0);
    let r = send(
        &mut t,
        &tok,
        Method::Post,
        &format!("/sources/v1/{sid}/remove-accounts"),
        None,
        1,
    );
    task_done(&mut t, &tok, &r, 10_000);
    let r = send(
        &mut t,
        &tok,
        Method::Delete,
        &format!("/sources/v1/{sid}"),
        None,
        10_001,
    );
    task_done(&mut t, &tok, &r, 20_000);
    assert!(!t.entitlements.contains_key(&sid));
}
