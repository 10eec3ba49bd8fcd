//! Transports: fetch to a real tenant, or the demo tenant in the page.

use isc_core::http::{ApiRequest, ApiResponse};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where calls go.
#[derive(Clone)]
pub enum Transport {
    /// The browser's fetch.
    Fetch,
    /// The demo tenant, running in a Web Worker of this page (no network).
    Demo(DemoLink),
}

/// Where Trunk puts the demo tenant's worker (`index.html`, `data-type="worker"`).
const DEMO_WORKER: &str = "isc-demo-worker_loader.js";

/// What the demo tenant answered, with what the transport must do with it.
struct DemoReply {
    response: ApiResponse,
    delay_ms: u64,
    drop: bool,
    expose: bool,
}

type ReplySender = futures_channel::oneshot::Sender<Result<DemoReply, String>>;
type ControlSender = futures_channel::oneshot::Sender<serde_json::Value>;

struct LinkInner {
    worker: web_sys::Worker,
    next: Cell<u64>,
    /// The worker says "ready" once it listens; messages wait here until then.
    ready: Cell<bool>,
    queued: RefCell<Vec<String>>,
    failed: RefCell<Option<String>>,
    pending: RefCell<Vec<(u64, ReplySender)>>,
    /// Scenario requests waiting for their answer.
    control: RefCell<Vec<(u64, ControlSender)>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
    /// Another tab's change to the demo tenant's data, from the `storage` event.
    on_storage: Closure<dyn FnMut(web_sys::StorageEvent)>,
}

/// The sender waiting for the worker's answer `id`, taken out of its list.
fn take<T>(waiting: &RefCell<Vec<(u64, T)>>, id: u64) -> Option<T> {
    let mut w = waiting.borrow_mut();
    let i = w.iter().position(|(k, _)| *k == id)?;
    Some(w.swap_remove(i).1)
}

/// A connection to the demo tenant's worker. The worker keeps the tenant's state, so one
/// link is one demo tenant; dropping the last clone ends the worker.
#[derive(Clone)]
pub struct DemoLink(Rc<LinkInner>);

impl Drop for LinkInner {
    fn drop(&mut self) {
        self.worker.terminate();
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback(
                "storage",
                self.on_storage.as_ref().unchecked_ref(),
            );
        }
    }
}

impl DemoLink {
    /// Starts the demo tenant in a worker: with the data this browser keeps (local storage)
    /// when there is some, else the seed data; and follows the changes other tabs make.
    pub fn start() -> Result<Self, String> {
        let worker = web_sys::Worker::new(&crate::route::asset(DEMO_WORKER))
            .map_err(|e| format!("the demo tenant could not start: {e:?}"))?;
        let weak: Rc<RefCell<Option<std::rc::Weak<LinkInner>>>> = Rc::default();
        let w1 = weak.clone();
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let Some(inner) = w1.borrow().as_ref().and_then(|w| w.upgrade()) else {
                    return;
                };
                let text = e.data().as_string().unwrap_or_default();
                if text == "ready" {
                    inner.ready.set(true);
                    for m in inner.queued.borrow_mut().drain(..) {
                        let _ = inner.worker.post_message(&JsValue::from_str(&m));
                    }
                    return;
                }
                let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
                    return;
                };
                let id = v["id"].as_u64().unwrap_or(0);
                if v["control"] == true {
                    if let Some(tx) = take(&inner.control, id) {
                        let _ = tx.send(v);
                    }
                    return;
                }
                if let Some(snap) = v["snapshot"].as_str() {
                    keep_demo_state(snap);
                }
                let reply = serde_json::from_value::<ApiResponse>(v["response"].clone())
                    .map(|response| DemoReply {
                        response,
                        delay_ms: v["delay_ms"].as_u64().unwrap_or(0),
                        drop: v["drop"] == true,
                        expose: v["expose"] != false,
                    })
                    .map_err(|e| e.to_string());
                if let Some(tx) = take(&inner.pending, id) {
                    let _ = tx.send(reply);
                }
            });
        let w2 = weak.clone();
        let on_error =
            Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
                let Some(inner) = w2.borrow().as_ref().and_then(|w| w.upgrade()) else {
                    return;
                };
                let why = format!("the demo tenant stopped: {}", e.message());
                *inner.failed.borrow_mut() = Some(why.clone());
                for (_, tx) in inner.pending.borrow_mut().drain(..) {
                    let _ = tx.send(Err(why.clone()));
                }
            });
        let w3 = weak.clone();
        let on_storage =
            Closure::<dyn FnMut(web_sys::StorageEvent)>::new(move |e: web_sys::StorageEvent| {
                if e.key().as_deref() != Some(DEMO_STATE) {
                    return;
                }
                let Some(inner) = w3.borrow().as_ref().and_then(|w| w.upgrade()) else {
                    return;
                };
                let msg = match e.new_value() {
                    Some(raw) => serde_json::json!({ "adopt": raw }).to_string(),
                    None => "{\"reset\":true}".to_string(),
                };
                DemoLink(inner).post(msg);
                leptos::prelude::Update::update(&crate::state::tab::tenant_changed(), |n| *n += 1);
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        if let Some(w) = web_sys::window() {
            let _ =
                w.add_event_listener_with_callback("storage", on_storage.as_ref().unchecked_ref());
        }
        let inner = Rc::new(LinkInner {
            worker,
            next: Cell::new(1),
            ready: Cell::new(false),
            queued: RefCell::default(),
            failed: RefCell::default(),
            pending: RefCell::default(),
            control: RefCell::default(),
            _on_message: on_message,
            _on_error: on_error,
            on_storage,
        });
        *weak.borrow_mut() = Some(Rc::downgrade(&inner));
        let link = DemoLink(inner);
        if let Some(raw) = local_storage().and_then(|s| s.get_item(DEMO_STATE).ok().flatten()) {
            link.post(serde_json::json!({ "restore": raw }).to_string());
        }
        Ok(link)
    }

    fn post(&self, msg: String) {
        let inner = &self.0;
        if inner.ready.get() {
            let _ = inner.worker.post_message(&JsValue::from_str(&msg));
        } else {
            inner.queued.borrow_mut().push(msg);
        }
    }

    /// Puts the seed data back (for the next class) in this tab and, through the storage the
    /// browser shares, in every other tab.
    pub fn reset(&self) {
        if let Some(s) = local_storage() {
            let _ = s.remove_item(DEMO_STATE);
        }
        self.post("{\"reset\":true}".into());
    }

    /// A request about the data itself (a scenario), answered by the worker as JSON.
    async fn control(&self, mut msg: serde_json::Value) -> Result<serde_json::Value, String> {
        let inner = &self.0;
        if let Some(why) = inner.failed.borrow().clone() {
            return Err(why);
        }
        let id = inner.next.get();
        inner.next.set(id + 1);
        msg["id"] = id.into();
        let (tx, rx) = futures_channel::oneshot::channel();
        inner.control.borrow_mut().push((id, tx));
        self.post(msg.to_string());
        rx.await.map_err(|_| "the demo tenant stopped".to_string())
    }

    /// The demo tenant's data, as a scenario file holds it.
    pub async fn export(&self) -> Result<String, String> {
        let v = self.control(serde_json::json!({"export": true})).await?;
        v["snapshot"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| "the demo tenant gave no data".into())
    }

    /// Takes a scenario file's data, in this tab and every other; a file that is not one is
    /// refused with the reason and nothing changes.
    pub async fn load(&self, raw: &str) -> Result<(), String> {
        let v = self.control(serde_json::json!({ "load": raw })).await?;
        if let Some(why) = v["error"].as_str() {
            return Err(why.to_string());
        }
        if let Some(snap) = v["snapshot"].as_str() {
            keep_demo_state(snap);
        }
        Ok(())
    }

    async fn send(&self, req: &ApiRequest) -> Result<DemoReply, String> {
        let inner = &self.0;
        if let Some(why) = inner.failed.borrow().clone() {
            return Err(why);
        }
        let id = inner.next.get();
        inner.next.set(id + 1);
        let (tx, rx) = futures_channel::oneshot::channel();
        inner.pending.borrow_mut().push((id, tx));
        self.post(serde_json::json!({"id": id, "now_ms": now_ms(), "request": req}).to_string());
        rx.await
            .unwrap_or_else(|_| Err("the demo tenant stopped".to_string()))
    }
}

/// Where the demo tenant's data is kept for this browser (local storage, per origin: every tab
/// shares it, it survives a restart, and it is kept until Reset; it is made-up data, and holds
/// no token). A change fires the `storage` event in the other tabs, which take the new data.
pub const DEMO_STATE: &str = "isc-console.demo-tenant";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Keeps the demo tenant's data; a tenant grown past the storage quota is kept no longer
/// (a reload then starts from the seed data) rather than half kept.
fn keep_demo_state(raw: &str) {
    if let Some(s) = local_storage() {
        if s.set_item(DEMO_STATE, raw).is_err() {
            let _ = s.remove_item(DEMO_STATE);
        }
    }
}

/// Milliseconds since the epoch.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: u64) {
    gloo_timers::future::TimeoutFuture::new(ms.min(u32::MAX as u64) as u32).await;
}

/// Response headers a browser page can read from a tenant (the ones ISC exposes).
const READABLE: [&str; 3] = ["Content-Type", "X-Total-Count", "Retry-After"];

impl Transport {
    /// Sends one request; `Err` carries why there was no answer.
    /// `signal` aborts a fetch when the call is cancelled.
    pub async fn send(
        &self,
        req: &ApiRequest,
        signal: Option<web_sys::AbortSignal>,
    ) -> Result<ApiResponse, String> {
        match self {
            Transport::Demo(link) => {
                let reply = link.send(req).await?;
                // A small, real delay keeps the page's behaviour close to a network call.
                sleep(reply.delay_ms.max(15)).await;
                if reply.drop {
                    return Err("the connection closed without an answer".into());
                }
                let mut resp = reply.response;
                if !reply.expose {
                    resp.headers
                        .retain(|(k, _)| !k.eq_ignore_ascii_case("Retry-After"));
                }
                Ok(resp)
            }
            Transport::Fetch => fetch(req, signal).await,
        }
    }
}

/// Whether anything answers at `url` when the answer is not read (`mode: no-cors`, which
/// CORS rules do not block): tells a tenant that refuses this page's origin from an address
/// that does not answer at all. Gives up after 5 s (an address that swallows packets answers
/// nothing either).
pub async fn answers(url: &str) -> bool {
    use gloo_net::http::RequestBuilder;
    let abort = web_sys::AbortController::new().ok();
    let signal = abort.as_ref().map(|a| a.signal());
    let _timer = abort.map(|a| gloo_timers::callback::Timeout::new(5_000, move || a.abort()));
    match RequestBuilder::new(url)
        .mode(web_sys::RequestMode::NoCors)
        .abort_signal(signal.as_ref())
        .build()
    {
        Ok(r) => r.send().await.is_ok(),
        Err(_) => false,
    }
}

async fn fetch(
    req: &ApiRequest,
    signal: Option<web_sys::AbortSignal>,
) -> Result<ApiResponse, String> {
    use gloo_net::http::{Method as M, RequestBuilder};
    let method = match req.method {
        isc_core::Method::Get => M::GET,
        isc_core::Method::Post => M::POST,
        isc_core::Method::Put => M::PUT,
        isc_core::Method::Patch => M::PATCH,
        isc_core::Method::Delete => M::DELETE,
        isc_core::Method::Options => M::OPTIONS,
    };
    let mut b = RequestBuilder::new(&req.url())
        .method(method)
        .abort_signal(signal.as_ref());
    for (k, v) in &req.headers {
        b = b.header(k, v);
    }
    let built = match &req.body {
        Some(body) => b.body(body.clone()),
        None => b.build(),
    }
    .map_err(|e| e.to_string())?;
    let resp = built.send().await.map_err(|e| match e {
        gloo_net::Error::JsError(j) => j.message,
        other => other.to_string(),
    })?;
    let headers = READABLE
        .iter()
        .filter_map(|h| resp.headers().get(h).map(|v| (h.to_string(), v)))
        .collect();
    let status = resp.status();
    let body = resp.text().await.map_err(|e| e.to_string())?;
    Ok(ApiResponse {
        status,
        headers,
        body,
    })
}
