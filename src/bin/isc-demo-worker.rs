//! The demo tenant in a Web Worker: built by Trunk as its own wasm (`data-type="worker"`), and
//! started only when someone uses the demo tenant, so the console people load for a real
//! tenant does not carry it. It answers one JSON message per request:
//! `{"id", "now_ms", "request"}` → `{"id", "response", "delay_ms", "drop", "expose",
//! "snapshot"}`, where `snapshot` is the tenant's data after a call that may have changed it
//! (the page keeps it in the browser's local storage, so every tab of the browser and a restart
//! keep the trainer's changes). Three messages without an answer: `{"restore": snapshot}`,
//! `{"adopt": snapshot}` (another tab's change: the data is taken, this tab's sign-in kept) and
//! `{"reset": true}`. Two with a `"control": true` answer, for scenario files:
//! `{"id", "export": true}` → `{"id", "snapshot"}` and `{"id", "load": snapshot}` →
//! `{"id", "snapshot"}` or `{"id", "error"}` (a bad file changes nothing).

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
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
        move |e: web_sys::MessageEvent| {
            let Some(text) = e.data().as_string() else {
                return;
            };
            let Ok(msg) = serde_json::from_str::<Value>(&text) else {
                return;
            };
            // The page hands back the data kept in the browser, or asks for the seed data.
            if let Some(raw) = msg["restore"].as_str() {
                if let Ok(t) = DemoTenant::restore(raw) {
                    *tenant.borrow_mut() = t;
                }
                return;
            }
            // Another tab changed the data: take it, keeping this tab's sign-in.
            if let Some(raw) = msg["adopt"].as_str() {
                let _ = tenant.borrow_mut().adopt(raw);
                return;
            }
            if msg["reset"] == true {
                *tenant.borrow_mut() = DemoTenant::new(Config::default());
                return;
            }
            // A scenario: the data as a file, or a file's data checked and taken.
            if msg["export"] == true {
                let out = json!({"id": msg["id"], "control": true, "snapshot": tenant.borrow().snapshot()});
                let _ = reply_to.post_message(&JsValue::from_str(&out.to_string()));
                return;
            }
            if let Some(raw) = msg["load"].as_str() {
                // The RefCell's write borrow ends here, before the snapshot reads it.
                let taken = tenant.borrow_mut().adopt(raw);
                let out = match taken {
                    Ok(()) => {
                        json!({"id": msg["id"], "control": true, "snapshot": tenant.borrow().snapshot()})
                    }
                    Err(why) => json!({"id": msg["id"], "control": true, "error": why}),
                };
                let _ = reply_to.post_message(&JsValue::from_str(&out.to_string()));
                return;
            }
            let Ok(req) = serde_json::from_value::<ApiRequest>(msg["request"].clone()) else {
                return;
            };
            let now = msg["now_ms"].as_u64().unwrap_or(0);
            let r = tenant.borrow_mut().handle(&req, now);
            // After a call that may change data (a write, or a task-status read that lets a
            // task complete), the page gets the data to keep in its session storage.
            let changes = req.method != isc_core::Method::Get || req.path.contains("task-status");
            let snapshot = changes.then(|| tenant.borrow().snapshot());
            let out = json!({
                "snapshot": snapshot,
                "id": msg["id"],
                "response": r.response,
                "delay_ms": r.delay_ms,
                "drop": r.drop_connection,
                "expose": r.expose_retry_after,
            });
            let _ = reply_to.post_message(&JsValue::from_str(&out.to_string()));
        },
    );
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages sent before this point would have found no listener: the page waits for it.
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("isc-demo-worker runs in a browser (Trunk builds it as a Web Worker)");
}
