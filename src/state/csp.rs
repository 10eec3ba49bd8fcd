//! Narrows the page's Content-Security-Policy once it knows where its calls go.
//!
//! `index.html` allows `connect-src 'self' https:` and localhost, because a static page
//! cannot know the tenant in advance. On connecting, a second policy is added that allows
//! only this page and the one origin the client talks to (the API host, or the proxy). A
//! browser enforces both, so from then on nothing else can be reached. A policy cannot be
//! taken back, so connecting elsewhere needs a reload of the tab.

use isc_core::tenant::{connect_src_policy, origin_of};
use std::cell::RefCell;

thread_local! {
    static NARROWED: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The origin this tab is narrowed to, if any.
pub fn narrowed_origin() -> Option<String> {
    NARROWED.with(|n| n.borrow().clone())
}

/// Whether a connection to `api_base` is possible in this tab; `Err` says why not.
pub fn check(api_base: &str) -> Result<(), String> {
    match narrowed_origin() {
        Some(o) if o != origin_of(api_base) => Err(format!(
            "This tab allows calls only to {o}, where it connected first. Reload the page to connect to {}.",
            origin_of(api_base)
        )),
        _ => Ok(()),
    }
}

/// Adds the narrowed policy for `api_base` (once per tab).
pub fn narrow(api_base: &str) {
    if narrowed_origin().is_some() {
        return;
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(head), Ok(meta)) = (doc.head(), doc.create_element("meta")) else {
        return;
    };
    let _ = meta.set_attribute("http-equiv", "Content-Security-Policy");
    let _ = meta.set_attribute("content", &connect_src_policy(api_base));
    if head.append_child(&meta).is_ok() {
        NARROWED.with(|n| *n.borrow_mut() = Some(origin_of(api_base)));
    }
}
