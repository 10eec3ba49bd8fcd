//! The requests every API area builds, in both generations.

use super::*;
use crate::http::ApiResponse;
use serde_json::{json, Map, Value};

const SID: &str = "2c91808470f4dc070170f8f3065e44aa";

fn body(r: &ApiRequest) -> Value {
    serde_json::from_str(r.body.as_deref().unwrap()).unwrap()
}

#[test]
fn every_operation_has_its_path_in_both_generations() {
    use Generation::{Classic, V1};
    let q = ListQuery::new();
    let p = PageQuery::page(0, 250);
    let cases: Vec<(ApiRequest, ApiRequest, &str, &str)> = vec![
        (
            sources::list(V1, &q),
            sources::list(Classic, &q),
            "/sources/v1",
            "/v3/sources",
        ),
        (
            sources::get(V1, "s1"),
            sources::get(Classic, "s1"),
            "/sources/v1/s1",
            "/v3/sources/s1",
        ),
        (
            sources::create(V1, &json!({}), false),
            sources::create(Classic, &json!({}), false),
            "/sources/v1",
            "/v3/sources",
        ),
        (
            sources::schemas(V1, "s1"),
            sources::schemas(Classic, "s1"),
            "/sources/v1/s1/schemas",
            "/v3/sources/s1/schemas",
        ),
        (
            sources::account_template(V1, "s1"),
            sources::account_template(Classic, "s1"),
            "/sources/v1/s1/schemas/accounts",
            "/v3/sources/s1/schemas/accounts",
        ),
        (
            sources::entitlement_template(V1, "s1", "group"),
            sources::entitlement_template(Classic, "s1", "group"),
            "/sources/v1/s1/schemas/entitlements",
            "/v3/sources/s1/schemas/entitlements",
        ),
        (
            connectors::list(V1, &q),
            connectors::list(Classic, &q),
            "/connectors/v1",
            "/v3/connectors",
        ),
        (
            clusters::list(V1, &q),
            clusters::list(Classic, &q),
            "/managed-clusters/v1",
            "/v3/managed-clusters",
        ),
        (
            workgroups::list(V1, &q),
            workgroups::list(Classic, &q),
            "/workgroups/v1",
            "/beta/workgroups",
        ),
        (
            identities::list(V1, &q),
            identities::list(Classic, &q),
            "/public-identities/v1",
            "/v3/public-identities",
        ),
        (
            identity_profiles::list(V1, &q),
            identity_profiles::list(Classic, &q),
            "/identity-profiles/v1",
            "/beta/identity-profiles",
        ),
        (
            identity_profiles::set_priority(V1, "p1", 5),
            identity_profiles::set_priority(Classic, "p1", 5),
            "/identity-profiles/v1/p1",
            "/beta/identity-profiles/p1",
        ),
        (
            accounts::list(V1, &q, true),
            accounts::list(Classic, &q, true),
            "/accounts/v1",
            "/v3/accounts",
        ),
        (
            accounts::get(V1, "a1"),
            accounts::get(Classic, "a1"),
            "/accounts/v1/a1",
            "/v3/accounts/a1",
        ),
        (
            accounts::delete(V1, "a1"),
            accounts::delete(Classic, "a1"),
            "/accounts/v1/a1",
            "/v3/accounts/a1",
        ),
        (
            accounts::entitlements(V1, "a1", p),
            accounts::entitlements(Classic, "a1", p),
            "/accounts/v1/a1/entitlements",
            "/v3/accounts/a1/entitlements",
        ),
        (
            accounts::action(V1, "a1", accounts::Action::Reload),
            accounts::action(Classic, "a1", accounts::Action::Reload),
            "/accounts/v1/a1/reload",
            "/v3/accounts/a1/reload",
        ),
        (
            accounts::action(V1, "a1", accounts::Action::Remove),
            accounts::action(Classic, "a1", accounts::Action::Remove),
            "/accounts/v1/a1/remove",
            "/beta/accounts/a1/remove",
        ),
        (
            tasks::get(V1, "t1"),
            tasks::get(Classic, "t1"),
            "/task-status/v1/t1",
            "/beta/task-status/t1",
        ),
        (
            tasks::completed_on_source(V1, SID),
            tasks::completed_on_source(Classic, SID),
            "/task-status/v1",
            "/beta/task-status",
        ),
        (
            sources::by_name(V1, "HR Feed"),
            sources::by_name(Classic, "HR Feed"),
            "/sources/v1",
            "/v3/sources",
        ),
    ];
    for (v1, classic, pv1, pclassic) in cases {
        assert_eq!(v1.path, pv1);
        assert_eq!(classic.path, pclassic);
        // Same method, query and body in both generations: only the path differs.
        assert_eq!(v1.method, classic.method, "{pv1}");
        assert_eq!(v1.query, classic.query, "{pv1}");
        assert_eq!(v1.body, classic.body, "{pv1}");
        assert_eq!(v1.headers, classic.headers, "{pv1}");
    }
    assert_eq!(
        sources::load_accounts_path(V1, "s1"),
        "/sources/v1/s1/load-accounts"
    );
    assert_eq!(
        sources::load_accounts_path(Classic, "s1"),
        "/beta/sources/s1/load-accounts"
    );
}

#[test]
fn list_queries_carry_page_filters_and_sorters() {
    let q = ListQuery::new()
        .page(PageQuery::page(1, 50))
        .filters(Some(crate::filter::Filter::eq("sourceId", SID)))
        .sorters("name,-created");
    let r = accounts::list(Generation::V1, &q, true);
    assert_eq!(
        r.path_and_query(),
        format!(
            "/accounts/v1?limit=50&offset=50&count=true&filters=sourceId%20eq%20%22{SID}%22&sorters=name%2C-created&detailLevel=SLIM"
        )
    );
    // An empty sorter string asks for none.
    assert!(ListQuery::new().sorters("").sorters.is_none());
    // Another page of the same list keeps the rest of the query.
    let next = at_page(
        &r,
        PageQuery {
            limit: 250,
            offset: 500,
            count: false,
        },
    );
    assert_eq!(
        next.path_and_query(),
        format!(
            "/accounts/v1?filters=sourceId%20eq%20%22{SID}%22&sorters=name%2C-created&detailLevel=SLIM&limit=250&offset=500"
        )
    );
}

mod account_calls;
mod source_calls;
mod task_calls;
