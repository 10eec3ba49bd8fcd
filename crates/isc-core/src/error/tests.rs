//! Tests of reading the tenant's error shapes and the sentences they become.

use super::*;
use serde_json::json;

fn resp(status: u16, body: serde_json::Value) -> ApiResponse {
    ApiResponse::json(status, &body)
}

#[test]
fn reads_the_error_response_dto() {
    let e = ApiError::from_response(
        Method::Post,
        "/v3/sources",
        &resp(
            400,
            json!({
                "detailCode": "400.1 Bad Request Content",
                "trackingId": "e7eab60924f64aa284175b9fa3309599",
                "messages": [{"locale":"en-US","localeOrigin":"DEFAULT","text":"The request was syntactically correct but its content is semantically invalid."}],
                "causes": [{"locale":"en-US","localeOrigin":"DEFAULT","text":"name is required"}]
            }),
        ),
    );
    assert_eq!(e.status, 400);
    assert_eq!(e.detail_code.as_deref(), Some("400.1 Bad Request Content"));
    assert_eq!(
        e.tracking_id.as_deref(),
        Some("e7eab60924f64aa284175b9fa3309599")
    );
    assert_eq!(e.causes, vec!["name is required"]);
    let s = e.sentence();
    assert!(
        s.starts_with("The tenant rejected POST /v3/sources (400 · 400.1 Bad Request Content):"),
        "{s}"
    );
    assert!(s.contains("name is required"));
    assert!(s.contains("Tracking id: e7eab60924f64aa284175b9fa3309599"));
}

#[test]
fn reads_the_oauth_error_shape() {
    let e = ApiError::from_response(
        Method::Post,
        "/oauth/token",
        &resp(
            401,
            json!({"error": "unauthorized", "error_description": "Bad credentials"}),
        ),
    );
    assert_eq!(e.messages, vec!["Bad credentials"]);
    assert_eq!(e.detail_code.as_deref(), Some("unauthorized"));
    assert_eq!(
        e.sentence(),
        "The tenant refused the credentials for POST /oauth/token (401): Bad credentials."
    );
}

#[test]
fn reads_the_401_error_shape() {
    let e = ApiError::from_response(
        Method::Get,
        "/v3/sources",
        &resp(
            401,
            json!({"error": "JWT validation failed: JWT is expired"}),
        ),
    );
    assert_eq!(e.messages, vec!["JWT validation failed: JWT is expired"]);
    assert!(e.sentence().contains("refused the credentials"));
}

#[test]
fn reads_the_429_shape_and_retry_after() {
    let r = resp(429, json!({"message": " Rate Limit Exceeded "})).with_header("Retry-After", "7");
    let e = ApiError::from_response(Method::Get, "/v3/sources", &r);
    assert_eq!(e.retry_after_s, Some(7));
    assert_eq!(e.messages, vec!["Rate Limit Exceeded"]);
    assert!(e.sentence().contains("wait 7 s"));
    let e = ApiError::from_response(
        Method::Get,
        "/v3/sources",
        &resp(429, json!({"message": "x"})),
    );
    assert_eq!(e.retry_after_s, None);
    assert!(e.sentence().contains("did not say"));
}

#[test]
fn reads_403_404_500_examples_from_the_spec() {
    for (status, code, word) in [
        (403, "403 Forbidden", "may not"),
        (404, "404 Not found", "found nothing"),
        (500, "500.0 Internal Fault", "failed"),
    ] {
        let e = ApiError::from_response(
            Method::Get,
            "/v3/x",
            &resp(
                status,
                json!({
            "detailCode": code, "trackingId": "b21b1f7ce4da4d639f2c62a57171b427",
            "messages": [{"locale":"en-US","localeOrigin":"DEFAULT","text":"Some text"}]}),
            ),
        );
        let s = e.sentence();
        assert!(
            s.contains(word) && s.contains(code) && s.contains("b21b1f7ce4da4d639f2c62a57171b427"),
            "{s}"
        );
    }
}

#[test]
fn keeps_a_body_that_is_not_json() {
    let r = ApiResponse {
        status: 502,
        headers: vec![],
        body: "<html>Bad gateway</html>".into(),
    };
    let e = ApiError::from_response(Method::Get, "/v3/sources", &r);
    assert_eq!(e.raw_body, "<html>Bad gateway</html>");
    assert!(e.sentence().contains("not a documented error shape"));
    let r = ApiResponse {
        status: 500,
        headers: vec![],
        body: "".into(),
    };
    assert!(ApiError::from_response(Method::Get, "/p", &r)
        .sentence()
        .contains("empty body"));
}

#[test]
fn network_and_cancel_sentences() {
    let e = ApiError::network(Method::Get, "/v3/sources", "Failed to fetch");
    assert!(e.sentence().contains("No answer") && e.sentence().contains("CORS"));
    let read = ApiError::cancelled(Method::Get, "/x").sentence();
    assert!(read.contains("cancelled") && !read.contains("may still"));
    let write = ApiError::cancelled(Method::Post, "/v3/sources").sentence();
    assert!(write.contains("may still have carried it out"));
    let dropped = ApiError::network(Method::Patch, "/v3/x", "closed").sentence();
    assert!(dropped.contains("may still have carried it out"));
}

#[test]
fn a_time_out_leaves_the_outcome_unknown_and_says_where_it_is_set() {
    let e = ApiError::timed_out(Method::Post, "/v3/accounts", 29_500);
    let s = e.sentence();
    assert!(
        s.contains("within 30 s") && s.contains("Connection page"),
        "{s}"
    );
    assert!(s.contains("may still have carried it out"), "{s}");
    assert!(e.outcome_unknown());
    assert!(ApiError::network(Method::Post, "/p", "closed").outcome_unknown());
    assert!(ApiError::cancelled(Method::Post, "/p").outcome_unknown());
    let gateway = ApiResponse::json(504, &json!({}));
    assert!(ApiError::from_response(Method::Post, "/p", &gateway).outcome_unknown());
    let refused = ApiResponse::json(400, &json!({"messages": [{"text": "bad"}]}));
    assert!(!ApiError::from_response(Method::Post, "/p", &refused).outcome_unknown());
    assert!(!ApiError::refused(Method::Post, "/p", "read-only").outcome_unknown());
    let taken = ApiResponse::json(
        400,
        &json!({"messages": [{"text": "A source named X already exists"}]}),
    );
    assert!(ApiError::from_response(Method::Post, "/p", &taken).already_exists());
    assert!(!ApiError::from_response(Method::Post, "/p", &refused).already_exists());
}

#[test]
fn retry_after_is_read_as_whole_seconds_rounded_up() {
    assert_eq!(whole_seconds_up("3"), Some(3));
    assert_eq!(whole_seconds_up("0"), Some(0));
    assert_eq!(whole_seconds_up("1.5"), Some(2));
    assert_eq!(whole_seconds_up("2.000"), Some(2));
    assert_eq!(whole_seconds_up(".2"), Some(1));
    for bad in [
        "",
        ".",
        "-1",
        "abc",
        "1.2.3",
        "Wed, 21 Oct 2026 07:28:00 GMT",
        "inf",
    ] {
        assert_eq!(whole_seconds_up(bad), None, "{bad}");
    }
}
