//! The demo tenant in a Web Worker: built by Trunk as its own wasm (`data-type="worker"`), and
//! started only when someone uses the demo tenant, so the console people load for a real
//! tenant does not carry it. It answers one JSON message per request:
//! `{"id", "now_ms", "request"}` → `{"id", "response", "delay_ms", "drop", "expose"}`.

#[cfg(target_arch = "wasm32")]
fn main() {
    use isc_core::http::ApiRequest;
    use isc_demo_tenant::{Config, DemoTenant};
    use serde_json::{json, Value};
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let tenant = RefCell::new(DemoTenant::new(Config::default()));
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(text) = e.data().as_string() else {
                return;
            };
            let Ok(msg) = serde_json::from_str::<Value>(&text) else {
                return;
            };
            let Ok(req) = serde_json::from_value::<ApiRequest>(msg["request"].clone()) else {
                return;
            };
            let now = msg["now_ms"].as_u64().unwrap_or(0);
            let r = tenant.borrow_mut().handle(&req, now);
            let out = json!({
                "id": msg["id"],
                "response": r.response,
                "delay_ms": r.delay_ms,
                "drop": r.drop_connection,
                "expose": r.expose_retry_after,
            });
            let _ = reply_to.post_message(&JsValue::from_str(&out.to_string()));
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before this point would have found no listener: the page waits for it.
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("isc-demo-worker runs in a browser (Trunk builds it as a Web Worker)");
}
