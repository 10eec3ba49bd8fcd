//! The address bar as a signal: what page is shown, its query, and moving between pages
//! without reloading (history `pushState`, back/forward through `popstate`). Which page a
//! path opens is `isc_core::route::page_of`; this module only performs the effects.
//!
//! It replaces leptos_router, which cost about 50 KB gzip of wasm for eleven fixed routes.
//!
//! Pages speak in their own addresses (`/sources/abc`); where the console is served and how
//! the address bar writes them is the [`Site`] found once at start ([`discover`]), so one
//! `dist/` works at a host's root or under any path, with or without a single-page fallback.

use isc_core::route::{id_of, Query, Site};
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

impl Here {
    /// The path and query as one page address (`/accounts?page=2`).
    fn address(&self) -> String {
        if self.search.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.search)
        }
    }
}

thread_local! {
    static HERE: RefCell<Option<RwSignal<Here>>> = const { RefCell::new(None) };
    static LISTENING: Cell<bool> = const { Cell::new(false) };
    static SITE: RefCell<Option<Site>> = const { RefCell::new(None) };
}

/// The page's globals that say where it is served: `__isc_base` and `__isc_fallback` (set by
/// `boot.js`, `web/where.js`: the folder its files are in, and whether the host has a
/// fallback).
fn global(key: &str) -> wasm_bindgen::JsValue {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &wasm_bindgen::JsValue::from_str(key)).ok())
        .unwrap_or(wasm_bindgen::JsValue::UNDEFINED)
}

fn location_parts() -> (String, String) {
    let loc = web_sys::window().map(|w| w.location());
    let part = |f: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>| {
        loc.as_ref().and_then(|l| f(l).ok()).unwrap_or_default()
    };
    (
        part(web_sys::Location::pathname),
        part(web_sys::Location::search),
    )
}

/// The folder the console's files were loaded from: what `boot.js` saw, else the folder
/// of the page's address.
fn base_seen() -> String {
    global("__isc_base").as_string().unwrap_or_else(|| {
        let (path, _) = location_parts();
        path[..path.rfind('/').map_or(0, |i| i + 1)].to_string()
    })
}

/// Where the console is served and how addresses are written; the host's root with
/// pretty addresses until [`discover`] or [`install_passive`] found out: `f` of it.
fn with_site<T>(f: impl FnOnce(&Site) -> T) -> T {
    SITE.with(|s| match s.borrow().as_ref() {
        Some(site) => f(site),
        None => f(&Site::default()),
    })
}

/// What a link to the page address `route` says in the page (`href`).
pub fn href(route: &str) -> String {
    with_site(|s| s.href(route))
}

/// A file served beside the console's own (the demo worker).
pub fn asset(file: &str) -> String {
    with_site(|s| s.asset(file))
}

const PRETTY_KEY: &str = "isc-console.addresses";

/// Finds where the console is served and whether the host serves it at any address below
/// that (a fallback to `index.html`, or a `404.html` like GitHub Pages'): then addresses
/// are pretty; else they travel in the query. `boot.js` asks while the wasm downloads
/// (`web/where.js`); the answer is remembered for the tab.
pub async fn discover() {
    let asked = global("__isc_fallback");
    let pretty = match asked.dyn_into::<js_sys::Promise>() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p)
            .await
            .is_ok_and(|v| v.is_truthy()),
        // Started some other way (the browser tests): the host's root, as a dev server has.
        Err(_) => true,
    };
    if let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let mode = if pretty { "pretty" } else { "query" };
        let _ = s.set_item(PRETTY_KEY, &format!("{mode} {}", base_seen()));
    }
    settle(pretty);
}

/// [`discover`] without waiting, when `boot.js` already knew the answer (the guard ran, or
/// this tab found it before): true when the site is set.
pub fn discovered_now() -> bool {
    match global("__isc_known").as_bool() {
        Some(pretty) => {
            settle(pretty);
            true
        }
        None => false,
    }
}

fn settle(pretty: bool) {
    let base = base_seen();
    SITE.with(|s| *s.borrow_mut() = Some(Site::new(&base, pretty)));
}

fn read_location() -> Here {
    let (pathname, search) = location_parts();
    match with_site(|s| s.route(&pathname, &search)) {
        Some((path, search)) => Here { path, search },
        // Outside the console's folder: no page of it.
        None => Here {
            path: "/not-found".into(),
            search: String::new(),
        },
    }
}

/// The address bar in the site's own form (after a guard's redirect through `?path=`, the
/// pretty address where the host allows it), without a new history entry.
fn canonical_address_bar() {
    let route = read_location().address();
    let Some(window) = web_sys::window() else {
        return;
    };
    let hash = window.location().hash().unwrap_or_default();
    let want = format!("{}{hash}", href(&route));
    let (pathname, search) = location_parts();
    if want != format!("{pathname}{search}{hash}") {
        if let Ok(h) = window.history() {
            let state = h.state().unwrap_or(wasm_bindgen::JsValue::NULL);
            let _ = h.replace_state_with_url(&state, "", Some(&want));
        }
    }
}

fn current() -> Here {
    HERE.with(|h| h.borrow().as_ref().and_then(|s| s.try_get_untracked()))
        .unwrap_or_else(read_location)
}

/// The current page address (path only), untracked. Unlike `path().get_untracked()` it
/// makes no derived signal, so it is safe where the current owner may be gone (a call's
/// continuation after its page left).
pub fn current_path() -> String {
    current().path
}

/// The current path and query as one address, untracked (see [`current_path`]).
pub fn current_address() -> String {
    current().address()
}

/// The current query, untracked (see [`current_path`]).
pub fn current_query() -> Query {
    Query::parse(&current().search)
}

fn signal() -> RwSignal<Here> {
    HERE.with(|h| *h.borrow().as_ref().expect("route::install runs first"))
}

/// Starts following the address bar. Called once by `App` (again by each test mount).
pub fn install() {
    canonical_address_bar();
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
    if let Some(route) = with_site(|s| s.route_of_href(&href)) {
        ev.prevent_default();
        navigate(&route);
    }
}

/// Goes to `href` (a page address, with query and fragment) as a new history entry.
pub fn navigate(href: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(h) = window.history() {
        let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&self::href(href)));
    }
    let next = read_location();
    let here = signal();
    let same_page = here.with_untracked(|h| h.path == next.path);
    let hash = href
        .split_once('#')
        .map(|(_, f)| f)
        .unwrap_or("")
        .to_string();
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
    Signal::derive(move || here.with(Here::address))
}
