//! Correlation: the config read and replaced in both generations, the identity attributes it
//! names, and an aggregation correlating the uncorrelated accounts it then finds.

use super::*;
use isc_core::api::{identity_attributes, sources, Generation};
use isc_core::correlation::{body, pairs_of, Pair};

fn call(t: &mut DemoTenant, tok: &Token, mut r: ApiRequest, now: u64) -> ApiResponse {
    r.base = BASE.into();
    r.set_header("Authorization", tok.bearer());
    t.handle(&r, now).response
}

#[test]
fn a_correlation_set_by_put_correlates_the_uncorrelated_account_at_the_next_aggregation() {
    for g in [Generation::V1, Generation::Classic] {
        let mut t = tenant();
        let tok = sign_in(&mut t, 0);
        let names: Vec<String> = serde_json::from_str::<Vec<Value>>(
            &call(&mut t, &tok, identity_attributes::list(g), 1).body,
        )
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_string())
        .collect();
        assert!(names.contains(&"email".to_string()), "{names:?}");

        let sid = source_id(&t, "HR Feed (CSV)");
        let r = call(&mut t, &tok, sources::correlation_config(g, &sid), 2);
        assert_eq!(r.status, 200, "{}", r.body);
        let old: Value = serde_json::from_str(&r.body).unwrap();
        assert!(pairs_of(&old).is_empty());
        let loose = accounts_on(&t, &sid)
            .into_iter()
            .find(|a| a["uncorrelated"] == true)
            .unwrap();

        // A property that is no identity attribute is refused, and nothing kept.
        let bad = body(
            &old,
            &[Pair {
                identity: "shoeSize".into(),
                account: "email".into(),
                ignore_case: false,
            }],
        );
        let r = call(
            &mut t,
            &tok,
            sources::put_correlation_config(g, &sid, &bad),
            3,
        );
        assert_eq!(r.status, 400);
        assert!(r.body.contains("shoeSize"));

        let want = body(
            &old,
            &[Pair {
                identity: "email".into(),
                account: "email".into(),
                ignore_case: true,
            }],
        );
        let r = call(
            &mut t,
            &tok,
            sources::put_correlation_config(g, &sid, &want),
            4,
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let back: Value =
            serde_json::from_str(&call(&mut t, &tok, sources::correlation_config(g, &sid), 5).body)
                .unwrap();
        assert_eq!(back, want);
        assert_eq!(
            t.sources.iter().find(|s| s["id"] == sid.as_str()).unwrap()["accountCorrelationConfig"]
                ["id"],
            old["id"]
        );

        // Still uncorrelated until an aggregation runs.
        let a = t.accounts.iter().find(|a| a["id"] == loose["id"]).unwrap();
        assert!(a["identityId"].is_null());
        let header = "id,displayName,email\r\n";
        let rows: String = accounts_on(&t, &sid)
            .iter()
            .map(|a| {
                format!(
                    "{},{},{}\r\n",
                    a["nativeIdentity"].as_str().unwrap(),
                    a["name"].as_str().unwrap(),
                    a["attributes"]["email"].as_str().unwrap()
                )
            })
            .collect();
        let file = format!("{header}{rows}");
        let r = call(
            &mut t,
            &tok,
            sources::load_accounts(g, &sid, Some(("hr.csv", &file)), false),
            6,
        );
        assert_eq!(r.status, 202, "{}", r.body);
        let _ = call(
            &mut t,
            &tok,
            sources::get(g, &sid),
            6 + crate::accounts::AGGREGATION_MS,
        );
        let a = t.accounts.iter().find(|a| a["id"] == loose["id"]).unwrap();
        let who = t
            .identities
            .iter()
            .find(|i| i["email"] == loose["attributes"]["email"])
            .unwrap();
        assert_eq!(a["identityId"], who["id"], "correlated by email");
        assert_eq!(a["uncorrelated"], false);
    }
}
