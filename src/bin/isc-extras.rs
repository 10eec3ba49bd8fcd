//! The second wasm: the screens people open rarely (New source, Identity profiles, Activity), loaded
//! by the console the first time one of them opens (`src/lazy.rs`), so the console everybody
//! loads first stays small. Trunk builds it beside the console (`index.html`); its glue
//! registers `window.__isc_extras.mount(name, element, host)`, which mounts the screen into
//! the element and returns the function that unmounts it. Every call goes through the
//! console's client (`host`, see `isc_console::api::bridge`).

#[cfg(target_arch = "wasm32")]
fn main() {
    use isc_console::state::session::{Session, SessionInfo};
    use leptos::prelude::*;
    use std::any::Any;
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;

    console_error_panic_hook::set_once();
    /// Stops the console's feed of the Activity log when the screen unmounts.
    struct Stop(Option<js_sys::Function>);
    impl Drop for Stop {
        fn drop(&mut self) {
            if let Some(f) = &self.0 {
                let _ = f.call0(&JsValue::NULL);
            }
        }
    }
    thread_local! {
        static MOUNTED: RefCell<Vec<(u32, Box<dyn Any>)>> = const { RefCell::new(Vec::new()) };
    }
    let mount = Closure::<dyn FnMut(String, web_sys::HtmlElement, JsValue) -> JsValue>::new(
        |name: String, el: web_sys::HtmlElement, host: JsValue| -> JsValue {
            let s = isc_console::api::bridge::install(host);
            isc_console::route::install_passive();
            let session = Session::install();
            session.set(Some(SessionInfo {
                label: s.label,
                api_base: s.api_base,
                client_id: String::new(),
                org: None,
                pod: None,
                demo: s.demo,
                read_only: s.read_only,
                renews_at_ms: 0,
                generation: isc_core::api::Generation::from_key(&s.generation).unwrap_or_default(),
                generation_note: None,
                kept_token: false,
                iiq: s.iiq,
            }));
            let handle: Box<dyn Any> = match name.as_str() {
                "source-new" => Box::new(leptos::mount::mount_to(el, move || {
                    provide_context(session);
                    view! { <isc_console::pages::source_new::SourceCreate/> }
                })),
                "source-file" => Box::new(leptos::mount::mount_to(el, move || {
                    provide_context(session);
                    view! { <isc_console::pages::source_file::FlatFile/> }
                })),
                "profiles" => Box::new(leptos::mount::mount_to(el, move || {
                    provide_context(session);
                    view! { <isc_console::pages::profiles::ProfileEditor/> }
                })),
                "iiq-connect" => Box::new(leptos::mount::mount_to(el, move || {
                    provide_context(session);
                    view! { <isc_console::pages::iiq::IiqConnectForm/> }
                })),
                "iiq-apps" => Box::new(leptos::mount::mount_to(el, move || {
                    provide_context(session);
                    view! { <isc_console::pages::iiq::IiqApps/> }
                })),
                "iiq-app" => Box::new(leptos::mount::mount_to(el, move || {
                    provide_context(session);
                    view! { <isc_console::pages::iiq::IiqAppPage/> }
                })),
                "iiq-account-new" => Box::new(leptos::mount::mount_to(el, move || {
                    provide_context(session);
                    view! { <isc_console::pages::iiq::IiqAccountNew/> }
                })),
                "iiq-accounts" => Box::new(leptos::mount::mount_to(el, move || {
                    provide_context(session);
                    view! { <isc_console::pages::iiq::IiqAccounts/> }
                })),
                "iiq-account" => Box::new(leptos::mount::mount_to(el, move || {
                    provide_context(session);
                    view! { <isc_console::pages::iiq::IiqAccountPage/> }
                })),
                "activity" => {
                    let copy = isc_console::state::activity::Activity::copy();
                    let stop = isc_console::api::bridge::watch_activity(copy);
                    let handle = leptos::mount::mount_to(el, move || {
                        provide_context(session);
                        provide_context(copy);
                        view! { <isc_console::pages::activity::ActivityLog/> }
                    });
                    Box::new((handle, Stop(stop)))
                }
                other => Box::new(leptos::mount::mount_to(el, {
                    let other = other.to_string();
                    move || view! { <p role="alert">{format!("No screen named {other}.")}</p> }
                })),
            };
            let key = MOUNTED.with(|m| {
                let mut m = m.borrow_mut();
                let key = m.last().map(|(k, _)| k + 1).unwrap_or(1);
                m.push((key, handle));
                key
            });
            Closure::once_into_js(move || {
                MOUNTED.with(|m| m.borrow_mut().retain(|(k, _)| *k != key));
            })
        },
    );
    let api = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&api, &JsValue::from_str("mount"), mount.as_ref());
    mount.forget();
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::set(&w, &JsValue::from_str("__isc_extras"), &api);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("isc-extras runs in a browser (the console loads it on first use)");
}
