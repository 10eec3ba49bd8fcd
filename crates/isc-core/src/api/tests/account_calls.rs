//! Accounts and identities: creates, look-ups, patches and actions.

use super::*;

#[test]
fn create_puts_source_id_inside_attributes() {
    let mut attrs = Map::new();
    attrs.insert("id".into(), json!("jdoe"));
    attrs.insert("employeeNumber".into(), json!(1234));
    attrs.insert("active".into(), json!(true));
    attrs.insert("groups".into(), json!(["a", "b"]));
    let r = accounts::create(Generation::Classic, SID, &attrs);
    // Every value a string as the description declares; multi-valued ones arrays of strings.
    assert_eq!(
        body(&r),
        json!({"attributes": {"id": "jdoe", "employeeNumber": "1234", "active": "true", "groups": ["a", "b"], "sourceId": SID}})
    );
    assert_eq!(r.path, "/v3/accounts");
    assert_eq!(r.header("Content-Type"), Some("application/json"));
}

#[test]
fn an_account_is_found_by_native_identity_on_its_source() {
    let r = accounts::by_native_identity(Generation::V1, SID, "tc.0001");
    assert_eq!(
        r.path_and_query(),
        format!("/accounts/v1?filters=sourceId%20eq%20%22{SID}%22%20and%20nativeIdentity%20eq%20%22tc.0001%22")
    );
}

#[test]
fn patches_are_json_patch_and_actions_carry_their_bodies() {
    for g in Generation::ALL {
        let r = identity_profiles::set_priority(g, "p", 30);
        assert_eq!(
            r.header("Content-Type"),
            Some("application/json-patch+json")
        );
        assert_eq!(
            body(&r),
            json!([{"op": "replace", "path": "/priority", "value": 30}])
        );
        let r = accounts::patch(
            g,
            "a",
            &[json!({"op": "replace", "path": "/identityId", "value": "i"})],
        );
        assert_eq!(r.method, Method::Patch);
        assert_eq!(
            r.header("Content-Type"),
            Some("application/json-patch+json")
        );
        let r = accounts::action(g, "a", accounts::Action::Unlock { unlock_idn: true });
        assert_eq!(
            body(&r),
            json!({"unlockIDNAccount": true, "forceProvisioning": false})
        );
        let r = accounts::action(g, "a", accounts::Action::Disable);
        assert!(r.path.ends_with("/a/disable"));
        assert_eq!(body(&r), json!({"forceProvisioning": false}));
        assert!(accounts::action(g, "a", accounts::Action::Reload)
            .body
            .is_none());
        let r = sources::create(g, &json!({"name": "HR"}), true);
        assert_eq!(
            r.query,
            vec![("provisionAsCsv".to_string(), "true".to_string())]
        );
    }
}

#[test]
fn identity_search_falls_back_to_first_and_last_name() {
    let r = identities::search(Generation::V1, "Ada");
    assert_eq!(
        r.path_and_query(),
        "/public-identities/v1?limit=20&offset=0&filters=name%20sw%20%22Ada%22"
    );
    let [f, l] = identities::search_fallback(Generation::Classic, "Ada");
    assert!(f.path_and_query().contains("firstname%20sw"));
    assert!(l.path_and_query().contains("lastname%20sw"));
    assert_eq!(f.path, "/v3/public-identities");
    assert_eq!(
        identities::by_id(Generation::V1, "abc").path_and_query(),
        "/public-identities/v1?filters=id%20eq%20%22abc%22"
    );
}
