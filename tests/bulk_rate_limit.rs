//! The bulk check: 1,000 calls from the console's own client against the demo-tenant server,
//! which enforces 100 calls per 10 s per client id. The client must pace itself so that the
//! server never answers 429, and must not be slower than the limit requires plus 10 %.
//!
//! Needs the demo-tenant server (scripts/test starts it; `ISC_TEST_API` at build time says
//! where, default http://127.0.0.1:9191). Without a server the test fails: it cannot pass
//! without the calls being made.
#![cfg(target_arch = "wasm32")]

use isc_console::api::{self, transport::Transport};
use isc_core::api::{sources, Generation, ListQuery};
use isc_core::paging::PageQuery;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const API: &str = match option_env!("ISC_TEST_API") {
    Some(a) => a,
    None => "http://127.0.0.1:9191",
};
const CALLS: usize = 1000;
const CAPACITY: usize = 100;
const WINDOW_MS: f64 = 10_000.0;

async fn control(method: &str, what: &str, body: Option<&str>) -> serde_json::Value {
    let url = format!("{API}/__demo/{what}");
    let b = gloo_net::http::RequestBuilder::new(&url).method(match method {
        "POST" => gloo_net::http::Method::POST,
        "DELETE" => gloo_net::http::Method::DELETE,
        _ => gloo_net::http::Method::GET,
    });
    let r = match body {
        Some(s) => b.body(s.to_string()).unwrap(),
        None => b.build().unwrap(),
    };
    let resp = r
        .send()
        .await
        .expect("the demo-tenant server must be running");
    serde_json::from_str(&resp.text().await.unwrap()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_thousand_calls_meet_no_429_and_take_no_longer_than_the_limit_requires_plus_ten_percent()
{
    control("POST", "reset", None).await;
    let config = control(
        "POST",
        "config",
        Some(&format!(
            "{{\"rate_capacity\": {CAPACITY}, \"rate_window_ms\": {WINDOW_MS}}}"
        )),
    )
    .await;
    assert_eq!(config["rate_capacity"], CAPACITY);
    api::connect(api::ConnectWith {
        transport: Transport::Fetch,
        label: "bulk".into(),
        api_base: API.into(),
        client_id: isc_demo_tenant::DEMO_CLIENT_ID.into(),
        secret: isc_demo_tenant::DEMO_CLIENT_SECRET.into(),
        demo: false,
        read_only: false,
        generation: Some(Generation::V1),
    })
    .await
    .expect("signs in to the demo-tenant server");
    control("DELETE", "received", None).await;

    let started = js_sys::Date::now();
    let calls = (0..CALLS).map(|i| {
        api::call(sources::list(
            Generation::V1,
            &ListQuery::new().page(PageQuery {
                limit: 1,
                offset: (i % 12) as u64,
                count: false,
            }),
        ))
    });
    let results = futures::future::join_all(calls).await;
    let took_ms = js_sys::Date::now() - started;
    api::disconnect();

    let failed: Vec<String> = results
        .iter()
        .filter_map(|r| r.as_ref().err().map(|e| e.sentence()))
        .collect();
    assert!(
        failed.is_empty(),
        "{} calls failed: {:?}",
        failed.len(),
        &failed[..failed.len().min(3)]
    );
    let seen = control("GET", "received", None).await;
    let seen = seen.as_array().expect("a list of calls");
    let to_sources = seen.iter().filter(|c| c["path"] == "/sources/v1").count();
    let limited = seen.iter().filter(|c| c["status"] == 429).count();
    assert_eq!(to_sources, CALLS, "each call sent exactly once");
    assert_eq!(limited, 0, "the server never had to refuse a call");
    // The first 100 go at once; each further 100 must wait for the window to move on.
    let required_ms = ((CALLS - 1) / CAPACITY) as f64 * WINDOW_MS;
    web_sys::console::log_1(
        &format!("bulk: {CALLS} calls in {took_ms:.0} ms; the limit requires {required_ms:.0} ms")
            .into(),
    );
    assert!(
        took_ms <= required_ms * 1.10,
        "{CALLS} calls took {took_ms:.0} ms; the limit requires {required_ms:.0} ms (+10 % = {:.0})",
        required_ms * 1.10
    );
}
