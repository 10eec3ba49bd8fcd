//! Idle sign-out: after a chosen time with no key, pointer or wheel input, the connection
//! is dropped, which clears the token and the secret from memory.

use leptos::prelude::*;
use std::cell::Cell;

thread_local! {
    static LAST_INPUT_MS: Cell<f64> = const { Cell::new(0.0) };
    static LIMIT_MIN: Cell<u32> = const { Cell::new(DEFAULT_MINUTES) };
    static NOTICE: Cell<Option<RwSignal<Option<String>>>> = const { Cell::new(None) };
}

/// The idle limit a connection starts with.
pub const DEFAULT_MINUTES: u32 = 30;

/// Minutes of inactivity before sign-out; 0 = never.
pub fn limit_minutes() -> u32 {
    LIMIT_MIN.with(|c| c.get())
}

/// Sets the idle limit (0 = never).
pub fn set_limit_minutes(m: u32) {
    LIMIT_MIN.with(|c| c.set(m));
}

/// Why the console signed out on its own, if it did.
pub fn notice() -> Signal<Option<String>> {
    let n = NOTICE.with(|c| c.get());
    Signal::derive(move || n.and_then(|n| n.get()))
}

/// Tells why the console signed out on its own.
pub fn say(text: &str) {
    if let Some(n) = NOTICE.with(|c| c.get()) {
        n.set(Some(text.to_string()));
    }
}

/// Clears the sign-out notice (a new connection).
pub fn clear_notice() {
    if let Some(n) = NOTICE.with(|c| c.get()) {
        n.set(None);
    }
}

fn touch() {
    LAST_INPUT_MS.with(|c| c.set(js_sys::Date::now()));
}

/// Starts watching input and the clock. Call once, from the app root.
pub fn install() {
    NOTICE.with(|c| c.set(Some(RwSignal::new(None))));
    touch();
    for ev in ["keydown", "pointerdown", "wheel"] {
        let cb = wasm_bindgen::closure::Closure::<dyn Fn()>::new(touch);
        if let Some(w) = web_sys::window() {
            use wasm_bindgen::JsCast;
            let _ = w.add_event_listener_with_callback(ev, cb.as_ref().unchecked_ref());
        }
        cb.forget();
    }
    leptos::task::spawn_local(async {
        loop {
            crate::api::transport::sleep(5_000).await;
            let limit = limit_minutes();
            if limit == 0 || !crate::api::is_connected() {
                continue;
            }
            let idle_ms = js_sys::Date::now() - LAST_INPUT_MS.with(|c| c.get());
            if idle_ms >= limit as f64 * 60_000.0 {
                crate::state::tab::forget_demo();
                crate::api::disconnect();
                if let Some(n) = NOTICE.with(|c| c.get()) {
                    n.set(Some(format!("Signed out after {limit} minutes without activity; the token and secret were cleared from memory.")));
                }
            }
        }
    });
}
