//! The address bar as a signal: what page is shown, its query, and moving between pages
//! without reloading (history `pushState`, back/forward through `popstate`). Which page a
//! path opens is `isc_core::route::page_of`; this module only performs the effects.
//!
//! It replaces leptos_router, which cost about 50 KB gzip of wasm for eleven fixed routes.

use isc_core::route::{id_of, is_internal, Query};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Where the tab is: the path and the query (without `?`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Here {
    pub path: String,
    pub search: String,
}

thread_local! {
    static HERE: RefCell<Option<RwSignal<Here>>> = const { RefCell::new(None) };
    static LISTENING: Cell<bool> = const { Cell::new(false) };
}

fn read_location() -> Here {
    let loc = web_sys::window().map(|w| w.location());
    let part = |f: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>| {
        loc.as_ref().and_then(|l| f(l).ok()).unwrap_or_default()
    };
    Here {
        path: part(web_sys::Location::pathname),
        search: part(web_sys::Location::search)
            .trim_start_matches('?')
            .to_string(),
    }
}

fn signal() -> RwSignal<Here> {
    HERE.with(|h| *h.borrow().as_ref().expect("route::install runs first"))
}

/// Starts following the address bar. Called once by `App` (again by each test mount).
pub fn install() {
    let here = RwSignal::new(read_location());
    HERE.with(|h| *h.borrow_mut() = Some(here));
    if LISTENING.with(|l| l.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_pop = Closure::<dyn FnMut()>::new(move || signal().set(read_location()));
    let _ = window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    on_pop.forget();
    // Plain left clicks on links to a path of this app move in page; modified clicks, links
    // with a target or a download, and other origins are left to the browser.
    let on_click = Closure::<dyn FnMut(web_sys::MouseEvent)>::new(on_click);
    if let Some(doc) = window.document() {
        let _ = doc.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    }
    on_click.forget();
}

fn on_click(ev: web_sys::MouseEvent) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return;
    }
    let Some(a) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten())
    else {
        return;
    };
    if a.has_attribute("target") || a.has_attribute("download") {
        return;
    }
    let href = a.get_attribute("href").unwrap_or_default();
    if is_internal(&href) {
        ev.prevent_default();
        navigate(&href);
    }
}

/// In the extras: the address as a signal, without listeners (the console follows the
/// address bar and link clicks for the whole page, and unmounts the extras when it leaves).
pub fn install_passive() {
    let here = RwSignal::new(read_location());
    HERE.with(|h| *h.borrow_mut() = Some(here));
}

/// Goes to `href` (a path of this app, with query and fragment) as a new history entry.
pub fn navigate(href: &str) {
    if crate::api::bridge::navigate(href, None) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(h) = window.history() {
        let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
    }
    let next = read_location();
    let here = signal();
    let same_page = here.with_untracked(|h| h.path == next.path);
    let hash = window.location().hash().unwrap_or_default();
    let hash = hash.trim_start_matches('#').to_string();
    // The page changes after the caller returns: a handler that navigates and then updates
    // its own signals must not find its page already gone.
    queue_microtask(move || here.set(next));
    if !hash.is_empty() {
        request_animation_frame(move || {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&hash))
            {
                el.scroll_into_view();
            }
        });
    } else if !same_page {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// The current path, tracked.
pub fn path() -> Signal<String> {
    let here = signal();
    Signal::derive(move || here.with(|h| h.path.clone()))
}

/// The id in `/sources/{id}` or `/accounts/{id}`, tracked; empty elsewhere.
pub fn id() -> Memo<String> {
    let here = signal();
    Memo::new(move |_| here.with(|h| id_of(&h.path)))
}

/// The current query, tracked; it changes only when the query does.
pub fn query() -> Memo<Query> {
    let here = signal();
    Memo::new(move |_| here.with(|h| Query::parse(&h.search)))
}

/// The current path and query as one address (`/accounts?page=2`), tracked.
pub fn address() -> Signal<String> {
    let here = signal();
    Signal::derive(move || {
        here.with(|h| {
            if h.search.is_empty() {
                h.path.clone()
            } else {
                format!("{}?{}", h.path, h.search)
            }
        })
    })
}
