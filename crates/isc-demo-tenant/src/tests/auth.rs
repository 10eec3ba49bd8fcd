//! Tokens, bearer checks and the rate limit.

use super::*;

#[test]
fn token_checks_the_seeded_secret() {
    let mut t = tenant();
    let bad = t
        .handle(&token_request(BASE, DEMO_CLIENT_ID, "wrong"), 0)
        .response;
    assert_eq!(bad.status, 401);
    let e = parse_token_response(&bad).unwrap_err();
    assert!(e.sentence().contains("Bad credentials"), "{}", e.sentence());
    let tok = sign_in(&mut t, 0);
    assert_eq!(tok.expires_in_s, 749);
}

#[test]
fn no_bearer_or_expired_bearer_is_401_error_shape() {
    let mut t = DemoTenant::new(Config {
        token_ttl_s: 5,
        ..Config::default()
    });
    let r = t
        .handle(&ApiRequest::new(Method::Get, BASE, "/v3/sources"), 0)
        .response;
    assert_eq!(r.status, 401);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert!(v["error"].is_string());
    let tok = sign_in(&mut t, 0);
    assert_eq!(get(&mut t, &tok, "/v3/sources", &[], 4_999).status, 200);
    let r = get(&mut t, &tok, "/v3/sources", &[], 5_000);
    assert_eq!(r.status, 401);
    assert!(r.body.contains("expired"));
}

#[test]
fn rate_limit_is_100_per_10s_per_client_and_version() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    for i in 0..100 {
        assert_eq!(get(&mut t, &tok, "/v3/sources", &[], 1_000 + i).status, 200);
    }
    let r = get(&mut t, &tok, "/v3/sources", &[], 1_500);
    assert_eq!(r.status, 429);
    assert_eq!(r.header("Retry-After"), Some("10"));
    let e = ApiError::from_response(Method::Get, "/v3/sources", &r);
    assert_eq!(e.messages, vec!["Rate Limit Exceeded"]);
    // another API version has its own budget
    assert_ne!(get(&mut t, &tok, "/beta/nothing", &[], 1_500).status, 429);
    // the window slides
    assert_eq!(get(&mut t, &tok, "/v3/sources", &[], 11_000).status, 200);
}
