//! Transports: fetch to a real tenant, or the demo tenant in the page.

use isc_core::http::{ApiRequest, ApiResponse};
use isc_demo_tenant::DemoTenant;
use std::cell::RefCell;
use std::rc::Rc;

/// Where calls go.
#[derive(Clone)]
pub enum Transport {
    /// The browser's fetch.
    Fetch,
    /// The demo tenant living in this page.
    Demo(Rc<RefCell<DemoTenant>>),
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
            Transport::Demo(t) => {
                let reply = t.borrow_mut().handle(req, now_ms());
                // A small, real delay keeps the page's behaviour close to a network call.
                sleep(reply.delay_ms.max(15)).await;
                if reply.drop_connection {
                    return Err("the connection closed without an answer".into());
                }
                let mut resp = reply.response;
                if !reply.expose_retry_after {
                    resp.headers
                        .retain(|(k, _)| !k.eq_ignore_ascii_case("Retry-After"));
                }
                Ok(resp)
            }
            Transport::Fetch => fetch(req, signal).await,
        }
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
