//! Screens loaded on first use: the console's side. `<Lazy name=…/>` loads the second wasm
//! (`src/bin/isc-extras.rs`, built by Trunk beside the console) the first time any such
//! screen opens, mounts the screen into its own element, and unmounts it when the page goes.
//! The extras reach the tenant only through the console's client (`api::bridge`).

use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The extras' no-modules glue (it defines the global `wasm_bindgen`), and the boot script
/// that starts it with its wasm beside it (`src/extras-boot.js`). Both are copied by Trunk.
const SCRIPTS: [&str; 2] = ["isc-extras.js", "extras-boot.js"];

thread_local! {
    static LOADING: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    static MOUNTED: RefCell<Vec<(u64, js_sys::Function)>> = const { RefCell::new(Vec::new()) };
    static NEXT: Cell<u64> = const { Cell::new(1) };
}

fn window_get(key: &str) -> JsValue {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str(key)).ok())
        .unwrap_or(JsValue::UNDEFINED)
}

/// Resolves once the extras are started (one load per page, whoever asks first).
fn start() -> Result<js_sys::Promise, JsValue> {
    if let Some(p) = LOADING.with(|l| l.borrow().clone()) {
        return Ok(p);
    }
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let head = doc.head().ok_or_else(|| JsValue::from_str("no head"))?;
    let mut last = None;
    for src in SCRIPTS {
        let s: web_sys::HtmlScriptElement = doc.create_element("script")?.unchecked_into();
        s.set_src(&crate::route::asset(src));
        // Inserted scripts run in insertion order when not async.
        s.set_async(false);
        head.append_child(&s)?;
        last = Some(s);
    }
    let boot = last.ok_or_else(|| JsValue::from_str("no script"))?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        boot.set_onload(Some(&resolve));
        boot.set_onerror(Some(&reject));
    });
    LOADING.with(|l| *l.borrow_mut() = Some(loaded.clone()));
    Ok(loaded)
}

async fn mount(name: &'static str, el: web_sys::Element) -> Result<js_sys::Function, String> {
    let why = |e: JsValue| {
        e.as_string()
            .or_else(|| {
                e.dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
            })
            .unwrap_or_else(|| "the file did not load".into())
    };
    let forget = |e: JsValue| {
        // A failed load may be tried again (the network may be back).
        LOADING.with(|l| *l.borrow_mut() = None);
        why(e)
    };
    let p = start().map_err(why)?;
    wasm_bindgen_futures::JsFuture::from(p)
        .await
        .map_err(forget)?;
    // Then the boot script's own promise: the wasm fetched and started.
    let ready: js_sys::Promise = window_get("__isc_extras_ready")
        .dyn_into()
        .map_err(|_| "the extras did not start".to_string())?;
    wasm_bindgen_futures::JsFuture::from(ready)
        .await
        .map_err(forget)?;
    let extras = window_get("__isc_extras");
    let f: js_sys::Function = js_sys::Reflect::get(&extras, &JsValue::from_str("mount"))
        .map_err(why)?
        .dyn_into()
        .map_err(|_| "the extras did not start".to_string())?;
    let unmount = f
        .call3(
            &JsValue::NULL,
            &JsValue::from_str(name),
            &el,
            &crate::api::bridge::host_object(),
        )
        .map_err(why)?;
    unmount
        .dyn_into()
        .map_err(|_| "the extras did not mount the screen".to_string())
}

/// A screen of the extras, loaded on first use: `name` is `source-new`, `profiles` or `activity`.
#[component]
pub fn Lazy(name: &'static str) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    let status = RwSignal::new(Some("Loading this screen…".to_string()));
    let key = NEXT.with(|n| n.replace(n.get() + 1));
    let alive = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let still = alive.clone();
    on_cleanup(move || {
        still.store(false, std::sync::atomic::Ordering::Relaxed);
        let f = MOUNTED.with(|m| {
            let mut m = m.borrow_mut();
            m.iter()
                .position(|(k, _)| *k == key)
                .map(|i| m.swap_remove(i).1)
        });
        if let Some(f) = f {
            let _ = f.call0(&JsValue::NULL);
        }
    });
    let started = std::rc::Rc::new(Cell::new(false));
    Effect::new(move |_| {
        let Some(el) = node.get() else { return };
        if started.replace(true) {
            return;
        }
        let alive = alive.clone();
        leptos::task::spawn_local(async move {
            match mount(name, el.into()).await {
                Ok(unmount) => {
                    if alive.load(std::sync::atomic::Ordering::Relaxed) {
                        MOUNTED.with(|m| m.borrow_mut().push((key, unmount)));
                        let _ = status.try_set(None);
                    } else {
                        let _ = unmount.call0(&JsValue::NULL);
                    }
                }
                Err(e) => {
                    let _ = status.try_set(Some(format!(
                        "This screen could not load ({e}). Check the connection to the site that serves the console, then reload the page."
                    )));
                }
            }
        });
    });
    view! {
        {move || status.get().map(|s| view! { <p role="status">{s}</p> })}
        <div node_ref=node></div>
    }
}
