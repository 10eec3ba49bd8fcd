//! Browser tests of the connect form: mount it, type, click, read the DOM.
#![cfg(target_arch = "wasm32")]

use isc_console::app::App;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn input(id: &str) -> web_sys::HtmlInputElement {
    doc()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("no #{id}"))
        .unchecked_into()
}

fn set(id: &str, v: &str) {
    let i = input(id);
    i.set_value(v);
    i.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn button(text: &str) -> web_sys::HtmlElement {
    let all = doc().query_selector_all("#app-under-test button").unwrap();
    for i in 0..all.length() {
        let b: web_sys::HtmlElement = all.item(i).unwrap().unchecked_into();
        if b.text_content().unwrap_or_default().trim() == text {
            return b;
        }
    }
    panic!("no button {text}");
}

async fn settle(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
    leptos::task::tick().await;
}

async fn mount_at(
    path: &str,
) -> leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable> {
    let w = web_sys::window().unwrap();
    w.history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
    let _ = w.session_storage().unwrap().unwrap().clear();
    let _ = w.local_storage().unwrap().unwrap().clear();
    // The runner reports through elements of its own in <body>: mount beside them.
    if let Some(old) = doc().get_element_by_id("app-under-test") {
        old.remove();
    }
    let host = doc().create_element("div").unwrap();
    host.set_id("app-under-test");
    doc().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.unchecked_into(), App);
    settle(30).await;
    handle
}

#[wasm_bindgen_test]
async fn empty_form_shows_an_error_next_to_each_field_and_sends_nothing() {
    let _h = mount_at("/connect").await;
    button("Connect").click();
    settle(30).await;
    for id in ["tenant", "client-id", "client-secret"] {
        assert_eq!(
            input(id).get_attribute("aria-invalid").as_deref(),
            Some("true"),
            "{id}"
        );
        let err = doc()
            .get_element_by_id(&format!("{id}-err"))
            .unwrap()
            .text_content()
            .unwrap();
        assert!(!err.trim().is_empty(), "{id} has no message");
    }
    let alert = doc()
        .query_selector("[role=alert]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        alert.trim().is_empty(),
        "nothing was sent, so no tenant error: {alert}"
    );
    assert_eq!(
        isc_console::state::activity::Activity::global()
            .unwrap()
            .entries()
            .get_untracked()
            .len(),
        0
    );
}

#[wasm_bindgen_test]
async fn typing_a_tenant_shows_the_api_base_and_http_is_refused() {
    let _h = mount_at("/connect").await;
    set("tenant", "acme.identitynow.com");
    settle(10).await;
    let hint = doc()
        .get_element_by_id("tenant-hint")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(hint.contains("https://acme.api.identitynow.com"), "{hint}");
    set("tenant", "http://acme.example.com");
    set("client-id", "abc");
    set("client-secret", "s");
    button("Connect").click();
    settle(30).await;
    assert_eq!(
        input("tenant").get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        input("client-id").get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
    // what was typed is kept
    assert_eq!(input("tenant").value(), "http://acme.example.com");
    assert_eq!(input("client-secret").value(), "s");
}

#[wasm_bindgen_test]
async fn when_the_demo_tenant_cannot_start_the_form_says_so_and_stays_usable() {
    // The test runner serves no worker script, so the demo tenant's worker fails to load:
    // the page must say so rather than wait for ever (the working demo is in e2e/foundation).
    let _h = mount_at("/connect").await;
    set("tenant", "acme");
    button("Use demo tenant").click();
    let mut text = String::new();
    for _ in 0..40 {
        settle(100).await;
        text = doc()
            .get_element_by_id("app-under-test")
            .unwrap()
            .text_content()
            .unwrap();
        if text.contains("demo tenant") && text.contains("No answer") {
            break;
        }
    }
    assert!(text.contains("the demo tenant stopped"), "{text}");
    assert_eq!(input("tenant").value(), "acme", "what was typed is kept");
    assert!(!isc_console::api::is_connected());
}
