//! Tests of the demo tenant, one file per area; the helpers they share are here.

mod account_calls;
mod aggregation;
mod auth;
mod correlation;
mod entitlements;
mod faults;
mod generations;
mod profiles;
mod schemas;
mod snapshot;
mod source_changes;
mod sources;

use super::*;
use isc_core::auth::{parse_token_response, token_request, Token};
use isc_core::error::ApiError;
use isc_core::models::{parse_list, Source};
use serde_json::json;

const BASE: &str = "http://127.0.0.1:9";

fn tenant() -> DemoTenant {
    DemoTenant::new(Config::default())
}

fn sign_in(t: &mut DemoTenant, now: u64) -> Token {
    let r = t
        .handle(
            &token_request(BASE, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET),
            now,
        )
        .response;
    Token::from_answer(&parse_token_response(&r).unwrap(), now)
}

fn get(
    t: &mut DemoTenant,
    tok: &Token,
    path: &str,
    query: &[(&str, &str)],
    now: u64,
) -> ApiResponse {
    let mut r = ApiRequest::new(Method::Get, BASE, path).with_header("Authorization", tok.bearer());
    for (k, v) in query {
        r = r.with_query(k, *v);
    }
    t.handle(&r, now).response
}

fn send(
    t: &mut DemoTenant,
    tok: &Token,
    method: Method,
    path: &str,
    body: Option<Value>,
    now: u64,
) -> ApiResponse {
    let mut r = ApiRequest::new(method, BASE, path).with_header("Authorization", tok.bearer());
    if let Some(b) = body {
        r = if method == Method::Patch {
            r.with_json_patch(&b)
        } else {
            r.with_json(&b)
        };
    }
    t.handle(&r, now).response
}

fn source_id(t: &DemoTenant, name: &str) -> String {
    t.sources.iter().find(|s| s["name"] == name).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn task_done(t: &mut DemoTenant, tok: &Token, resp: &ApiResponse, now: u64) -> Value {
    assert_eq!(resp.status, 202, "{}", resp.body);
    let id = serde_json::from_str::<Value>(&resp.body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = send(
        t,
        tok,
        Method::Get,
        &format!("/beta/task-status/{id}"),
        None,
        now,
    );
    serde_json::from_str(&r.body).unwrap()
}

fn accounts_on(t: &DemoTenant, sid: &str) -> Vec<Value> {
    t.accounts
        .iter()
        .filter(|a| a["sourceId"] == sid)
        .cloned()
        .collect()
}
