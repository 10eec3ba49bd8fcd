//! Changing a source after it is made: PATCH (immutable fields refused), remove-accounts and
//! DELETE (refused while an identity profile reads the source), in both generations, built with
//! the console's own requests.

use super::*;
use isc_core::api::{sources, Generation};

fn call(t: &mut DemoTenant, tok: &Token, mut r: ApiRequest, now: u64) -> ApiResponse {
    r.base = BASE.into();
    r.set_header("Authorization", tok.bearer());
    t.handle(&r, now).response
}

fn task_of(t: &mut DemoTenant, tok: &Token, g: Generation, r: &ApiResponse, now: u64) -> Value {
    assert_eq!(r.status, 202, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["type"], "TASK_RESULT");
    assert!(v["name"].is_null());
    let id = v["id"].as_str().unwrap().to_string();
    let r = call(t, tok, isc_core::api::tasks::get(g, &id), now);
    serde_json::from_str(&r.body).unwrap()
}

#[test]
fn a_patch_changes_the_settings_and_refuses_immutable_fields_in_both_generations() {
    for g in [Generation::V1, Generation::Classic] {
        let mut t = tenant();
        let tok = sign_in(&mut t, 0);
        let sid = source_id(&t, "HR Feed (CSV)");
        let ops = vec![
            json!({"op": "replace", "path": "/deleteThreshold", "value": 25}),
            json!({"op": "replace", "path": "/description", "value": "Daily HR file"}),
            json!({"op": "add", "path": "/connectorAttributes/filterString", "value": "x"}),
        ];
        let r = call(&mut t, &tok, sources::patch(g, &sid, &ops), 5);
        assert_eq!(r.status, 200, "{}", r.body);
        let s: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(s["deleteThreshold"], 25);
        assert_eq!(s["description"], "Daily HR file");
        assert!(isc_core::source_settings::holds(&s, &ops));
        let back: Value =
            serde_json::from_str(&call(&mut t, &tok, sources::get(g, &sid), 6).body).unwrap();
        assert_eq!(back["deleteThreshold"], 25);

        for (op, why) in [
            (
                json!({"op": "replace", "path": "/type", "value": "LDAP"}),
                "type is immutable",
            ),
            (
                json!({"op": "replace", "path": "/deleteThreshold", "value": 101}),
                "0 to 100",
            ),
            (
                json!({"op": "replace", "path": "/features", "value": ["FLY"]}),
                "FLY",
            ),
            (
                json!({"op": "replace", "path": "/owner", "value": {"type": "IDENTITY", "id": "0123456789abcdef0123456789abcdef"}}),
                "owner",
            ),
            (
                json!({"op": "replace", "path": "/name", "value": "contractors (csv)"}),
                "already exists",
            ),
            (
                json!({"op": "replace", "path": "/nothing/here", "value": 1}),
                "does not exist",
            ),
        ] {
            let r = call(
                &mut t,
                &tok,
                sources::patch(g, &sid, std::slice::from_ref(&op)),
                7,
            );
            assert_eq!(r.status, 400, "{op}");
            assert!(r.body.contains(why), "{op}: {}", r.body);
        }
        // Nothing of a refused patch was kept.
        let after: Value =
            serde_json::from_str(&call(&mut t, &tok, sources::get(g, &sid), 8).body).unwrap();
        assert_eq!(after["deleteThreshold"], 25);
        assert_eq!(after["type"], "DelimitedFile");
        // JSON Patch's content type only.
        let mut plain = sources::patch(g, &sid, &ops);
        plain.set_header("Content-Type", "application/json");
        assert_eq!(call(&mut t, &tok, plain, 9).status, 415);
    }
}

#[test]
fn remove_accounts_empties_the_source_when_its_task_completes() {
    for g in [Generation::V1, Generation::Classic] {
        let mut t = tenant();
        let tok = sign_in(&mut t, 0);
        let sid = source_id(&t, "Contractors (CSV)");
        let before = accounts_on(&t, &sid).len();
        assert!(before > 0);
        let r = call(&mut t, &tok, sources::remove_accounts(g, &sid), 5);
        let running = task_of(&mut t, &tok, g, &r, 6);
        assert!(running["completionStatus"].is_null());
        assert_eq!(
            accounts_on(&t, &sid).len(),
            before,
            "not before the task completes"
        );
        let done = task_of(&mut t, &tok, g, &r, 5 + crate::accounts::TASK_MS);
        assert_eq!(done["completionStatus"], "SUCCESS");
        assert_eq!(done["target"]["id"], sid.as_str());
        assert!(done["messages"][0]["localizedText"]["message"]
            .as_str()
            .unwrap()
            .contains(&format!("Removed {before} accounts")));
        assert!(accounts_on(&t, &sid).is_empty());
        assert!(
            t.sources.iter().any(|s| s["id"] == sid.as_str()),
            "the source stays"
        );
    }
}

#[test]
fn delete_is_refused_while_a_profile_reads_the_source_and_else_removes_it_with_its_accounts() {
    for g in [Generation::V1, Generation::Classic] {
        let mut t = tenant();
        let tok = sign_in(&mut t, 0);
        let used = t.identity_profiles[0]["authoritativeSource"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let r = call(&mut t, &tok, sources::delete(g, &used), 5);
        assert_eq!(r.status, 400);
        assert!(
            r.body.contains("authoritative source of identity profile"),
            "{}",
            r.body
        );
        assert!(t.sources.iter().any(|s| s["id"] == used.as_str()));

        let free = t
            .sources
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .find(|id| {
                !t.identity_profiles
                    .iter()
                    .any(|p| p["authoritativeSource"]["id"] == id.as_str())
                    && !accounts_on(&t, id).is_empty()
            })
            .unwrap();
        let r = call(&mut t, &tok, sources::delete(g, &free), 6);
        task_of(&mut t, &tok, g, &r, 7);
        assert!(
            t.sources.iter().any(|s| s["id"] == free.as_str()),
            "not before the task completes"
        );
        let done = task_of(&mut t, &tok, g, &r, 7 + crate::accounts::TASK_MS);
        assert_eq!(done["completionStatus"], "SUCCESS");
        assert!(!t.sources.iter().any(|s| s["id"] == free.as_str()));
        assert!(accounts_on(&t, &free).is_empty());
        assert_eq!(call(&mut t, &tok, sources::get(g, &free), 8).status, 404);
        assert_eq!(
            call(&mut t, &tok, sources::schemas(g, &free), 8).status,
            404
        );
    }
}
