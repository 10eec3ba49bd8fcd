//! Identity profile priorities: sorting, patching and applying a plan.

use super::*;

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
