//! Flat-file aggregation: the CSV template, the file as the truth, the delete threshold and
//! the task list.

use super::*;

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
fn a_skipped_row_is_named_by_its_line_in_the_file() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let sid = source_id(&t, "HR Feed (CSV)");
    let before = accounts_on(&t, &sid);
    let mut file = String::from("id,displayName\n");
    for a in &before {
        let at = &a["attributes"];
        file += &format!(
            "{},\"{}\"\n",
            at["id"].as_str().unwrap(),
            at["displayName"].as_str().unwrap()
        );
    }
    // A blank line, then a row short of a cell: the file's line, not the row's count.
    file += "\nnobody\n";
    let short = before.len() + 3;
    let task = aggregate(&mut t, &tok, &sid, Some(&file), 0);
    let text = task["messages"].to_string();
    assert!(
        text.contains(&format!(
            "Row {short} was skipped: 1 cells, the header has 2"
        )),
        "{text}"
    );
    assert_eq!(accounts_on(&t, &sid).len(), before.len());
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
    // `launcher` is a filter of the per-service list only, as the two descriptions say.
    let r = get(
        &mut t,
        &tok,
        "/beta/task-status",
        &[("filters", r#"launcher eq "x""#)],
        10_000,
    );
    assert_eq!(r.status, 400);
    let r = get(
        &mut t,
        &tok,
        "/task-status/v1",
        &[("filters", r#"launcher eq "x""#)],
        10_000,
    );
    assert_eq!(r.status, 200, "{}", r.body);
}
