//! The bridge to the second wasm (`src/bin/isc-extras.rs`): the screens people open rarely
//! (New source, Identity profiles, Activity) are built into it and loaded on first use, so the console
//! everybody loads stays small. The extras run their own Leptos in the same page, mounted
//! into an element of the console's page; every call they make goes through the console's
//! client here (one token, one rate limiter, one Activity log, the busy bar's Cancel), and
//! links and outcomes go through the console's navigation.
//!
//! The console hands the extras a host object: `call(request JSON) → Promise<answer JSON>`,
//! `navigate(href, outcome?)`, and `session` (what the extras may know of the connection:
//! no token, no secret).

use isc_core::error::ApiError;
use isc_core::http::{ApiRequest, ApiResponse};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What the extras know of the connection.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct HostSession {
    pub label: String,
    pub api_base: String,
    pub demo: bool,
    pub read_only: bool,
    pub generation: String,
    #[serde(default)]
    pub iiq: bool,
}

/// The answer to one bridged call.
#[derive(serde::Serialize, serde::Deserialize)]
enum Answer {
    Ok(ApiResponse),
    Err(ApiError),
}

thread_local! {
    static HOST: RefCell<Option<(js_sys::Object, HostSession)>> = const { RefCell::new(None) };
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

// ---- the extras' side ----

/// In the extras: the console's host object, from now on the way every call goes.
pub fn install(host: JsValue) -> HostSession {
    let session_of = get(&host, "session").unchecked_into::<js_sys::Function>();
    let session: HostSession = session_of
        .call0(&JsValue::NULL)
        .ok()
        .and_then(|v| v.as_string())
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    HOST.with(|h| *h.borrow_mut() = Some((host.unchecked_into(), session.clone())));
    session
}

/// True in the extras, once mounted by the console.
pub fn active() -> bool {
    HOST.with(|h| h.borrow().is_some())
}

/// The console's session, when this is the extras.
pub fn session() -> Option<HostSession> {
    HOST.with(|h| h.borrow().as_ref().map(|(_, s)| s.clone()))
}

/// Sends a call through the console's client.
pub async fn call(req: &ApiRequest) -> Result<ApiResponse, ApiError> {
    let lost = || {
        ApiError::network(
            req.method,
            &req.path,
            "the console did not pass the call on",
        )
    };
    let Some(f) = HOST.with(|h| h.borrow().as_ref().map(|(o, _)| get(o, "call"))) else {
        return Err(lost());
    };
    let f: js_sys::Function = f.unchecked_into();
    let json = serde_json::to_string(req).map_err(|_| lost())?;
    let promise = f
        .call1(&JsValue::NULL, &JsValue::from_str(&json))
        .map_err(|_| lost())?;
    let answer = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map_err(|_| lost())?;
    match answer
        .as_string()
        .and_then(|s| serde_json::from_str(&s).ok())
    {
        Some(Answer::Ok(r)) => Ok(r),
        Some(Answer::Err(e)) => Err(e),
        None => Err(lost()),
    }
}

/// What the extras' IdentityIQ connect form sends the console: the HTTP Basic header made
/// from the password (`isc_core::iiq::basic_auth`), which the console keeps in its client's
/// memory only, like the ISC secret.
#[derive(Clone, Default, serde::Serialize)]
pub struct IiqConnect {
    pub base: String,
    pub user: String,
    pub authorization: String,
    pub read_only: bool,
    /// The demo IdentityIQ in this page (base and credentials are the demo's).
    pub demo: bool,
}

/// In the extras: asks the console to connect to IdentityIQ; on success the console shows
/// the applications.
pub async fn connect_iiq(form: &IiqConnect) -> Result<(), ApiError> {
    let lost = || {
        ApiError::network(
            isc_core::Method::Get,
            "/ServiceProviderConfig",
            "the console did not pass the call on",
        )
    };
    let f = HOST
        .with(|h| h.borrow().as_ref().map(|(o, _)| get(o, "connectIiq")))
        .ok_or_else(lost)?;
    let f: js_sys::Function = f.dyn_into().map_err(|_| lost())?;
    let json = serde_json::to_string(form).map_err(|_| lost())?;
    let promise = f
        .call1(&JsValue::NULL, &JsValue::from_str(&json))
        .map_err(|_| lost())?;
    let answer = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map_err(|_| lost())?;
    match answer
        .as_string()
        .and_then(|s| serde_json::from_str::<Option<ApiError>>(&s).ok())
    {
        Some(None) => Ok(()),
        Some(Some(e)) => Err(e),
        None => Err(lost()),
    }
}

/// In the console: connects to IdentityIQ (the demo one in a worker of this page, or a
/// server by fetch) and goes to its applications.
pub(crate) async fn connect_iiq_here(form: IiqConnect, go: bool) -> Option<ApiError> {
    use crate::api::transport::{DemoLink, Transport};
    let (transport, base, user, authorization) = if form.demo {
        match DemoLink::start() {
            Ok(l) => (
                Transport::Demo(l),
                format!(
                    "{}{}",
                    isc_demo_tenant::DEMO_API_BASE,
                    isc_demo_tenant::iiq::PREFIX
                ),
                isc_demo_tenant::iiq::USER.to_string(),
                isc_demo_tenant::iiq::BASIC.to_string(),
            ),
            Err(why) => {
                return Some(ApiError::network(
                    isc_core::Method::Get,
                    "/ServiceProviderConfig",
                    &why,
                ))
            }
        }
    } else {
        if let Err(why) = crate::state::csp::check(&form.base) {
            return Some(ApiError::refused(
                isc_core::Method::Get,
                "/ServiceProviderConfig",
                &why,
            ));
        }
        (
            Transport::Fetch,
            form.base.clone(),
            form.user.clone(),
            form.authorization,
        )
    };
    crate::pages::home::forget_demo();
    let r = crate::api::connect_iiq(crate::api::ConnectIiq {
        transport,
        label: if form.demo {
            "Demo IdentityIQ".into()
        } else {
            isc_core::tenant::origin_of(&base)
                .split_once("://")
                .map_or(base.clone(), |(_, h)| h.to_string())
        },
        base: base.clone(),
        user,
        authorization,
        demo: form.demo,
        read_only: form.read_only,
    })
    .await;
    match r {
        Ok(_) => {
            if form.demo {
                crate::pages::home::mark_iiq_demo_tab();
            } else {
                crate::state::csp::narrow(&base);
                crate::pages::home::mark_tenant_tab();
            }
            if go {
                crate::route::navigate("/iiq/applications");
            }
            None
        }
        Err(e) => Some(e),
    }
}

/// What the console sends the extras' Activity: entries newer than the last sent, or the
/// whole log after a Clear.
#[derive(serde::Serialize, serde::Deserialize)]
struct ActivityNews {
    reset: bool,
    entries: Vec<crate::state::activity::ActivityEntry>,
}

/// In the extras: keeps `copy` in step with the console's Activity log until the returned
/// function is called (the screen unmounts).
pub fn watch_activity(copy: crate::state::activity::Activity) -> Option<js_sys::Function> {
    let f = HOST.with(|h| h.borrow().as_ref().map(|(o, _)| get(o, "watchActivity")))?;
    let f: js_sys::Function = f.dyn_into().ok()?;
    let on_news = Closure::<dyn FnMut(String)>::new(move |json: String| {
        if let Ok(n) = serde_json::from_str::<ActivityNews>(&json) {
            copy.take(n.entries, n.reset);
        }
    });
    let stop = f.call1(&JsValue::NULL, on_news.as_ref()).ok()?;
    on_news.forget();
    stop.dyn_into().ok()
}

/// In the extras: asks the console to clear its Activity log.
pub fn clear_activity() {
    HOST.with(|h| {
        if let Some((o, _)) = h.borrow().as_ref() {
            if let Ok(f) = get(o, "clearActivity").dyn_into::<js_sys::Function>() {
                let _ = f.call0(&JsValue::NULL);
            }
        }
    });
}

/// Asks the console to go to `href`, saying `outcome` there. Returns false when this is not
/// the extras.
pub fn navigate(href: &str, outcome: Option<&str>) -> bool {
    HOST.with(|h| match h.borrow().as_ref() {
        Some((o, _)) => {
            let f: js_sys::Function = get(o, "navigate").unchecked_into();
            let _ = f.call2(
                &JsValue::NULL,
                &JsValue::from_str(href),
                &outcome.map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED),
            );
            true
        }
        None => false,
    })
}

// ---- the console's side ----

thread_local! {
    static HOST_OBJECT: std::cell::OnceCell<JsValue> = const { std::cell::OnceCell::new() };
}

/// In the console: the host object the extras get at mount (made once; it lives as long as
/// the page).
pub fn host_object() -> JsValue {
    HOST_OBJECT.with(|o| o.get_or_init(make_host_object).clone())
}

fn host_session() -> String {
    let info = crate::state::session::Session::global().and_then(|s| {
        use leptos::prelude::GetUntracked;
        s.info().get_untracked()
    });
    let session = info
        .map(|i| HostSession {
            label: i.label,
            api_base: i.api_base,
            demo: i.demo,
            read_only: i.read_only,
            generation: i.generation.key().to_string(),
            iiq: i.iiq,
        })
        .unwrap_or_default();
    serde_json::to_string(&session).unwrap_or_default()
}

fn make_host_object() -> JsValue {
    let obj = js_sys::Object::new();
    let call = Closure::<dyn FnMut(String) -> js_sys::Promise>::new(|json: String| {
        wasm_bindgen_futures::future_to_promise(async move {
            let answer = match serde_json::from_str::<ApiRequest>(&json) {
                Ok(req) => match crate::api::call(req).await {
                    Ok(r) => Answer::Ok(r),
                    Err(e) => Answer::Err(e),
                },
                Err(e) => Answer::Err(ApiError::refused(
                    isc_core::Method::Get,
                    "",
                    &format!("the extras sent a request the console cannot read: {e}"),
                )),
            };
            Ok(JsValue::from_str(
                &serde_json::to_string(&answer).unwrap_or_default(),
            ))
        })
    });
    let navigate =
        Closure::<dyn FnMut(String, JsValue)>::new(|href: String, outcome: JsValue| match outcome
            .as_string()
        {
            Some(text) => crate::components::page::navigate_with(&href, text),
            None => crate::route::navigate(&href),
        });
    let session = Closure::<dyn Fn() -> String>::new(host_session);
    let watch = Closure::<dyn FnMut(js_sys::Function) -> JsValue>::new(watch_for_extras);
    let clear = Closure::<dyn Fn()>::new(|| {
        if let Some(a) = crate::state::activity::Activity::global() {
            a.clear();
        }
    });
    let connect = Closure::<dyn FnMut(String) -> js_sys::Promise>::new(|json: String| {
        wasm_bindgen_futures::future_to_promise(async move {
            // Read field by field: no derive code for it in the console's wasm.
            let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
            let text = |k: &str| v[k].as_str().unwrap_or("").to_string();
            let form = IiqConnect {
                base: text("base"),
                user: text("user"),
                authorization: text("authorization"),
                read_only: v["read_only"].as_bool() == Some(true),
                demo: v["demo"].as_bool() == Some(true),
            };
            let e = connect_iiq_here(form, true).await;
            Ok(JsValue::from_str(
                &serde_json::to_string(&e).unwrap_or_default(),
            ))
        })
    });
    let set = |k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(k), v);
    };
    set("call", call.as_ref());
    set("navigate", navigate.as_ref());
    set("session", session.as_ref());
    set("watchActivity", watch.as_ref());
    set("clearActivity", clear.as_ref());
    set("connectIiq", connect.as_ref());
    // Made once, held for as long as the page lives.
    call.forget();
    navigate.forget();
    session.forget();
    watch.forget();
    clear.forget();
    connect.forget();
    obj.into()
}

/// In the console: sends the extras' Activity screen the log, then each entry as it comes
/// (only what is new: the log may hold 2,000 calls); returns the function that stops it.
fn watch_for_extras(on_news: js_sys::Function) -> JsValue {
    use leptos::prelude::*;
    let Some(activity) = crate::state::activity::Activity::global() else {
        return JsValue::UNDEFINED;
    };
    let entries = activity.entries();
    let owner = Owner::new();
    owner.with(|| {
        let sent = std::cell::Cell::new(None::<u64>);
        Effect::new(move |_| {
            let news = entries.with(|v| {
                let newest = v.first().map(|e| e.seq);
                let news = match sent.get() {
                    Some(last) if newest.is_some_and(|n| n >= last) => ActivityNews {
                        reset: false,
                        entries: v.iter().take_while(|e| e.seq > last).cloned().collect(),
                    },
                    _ => ActivityNews {
                        reset: true,
                        entries: v.clone(),
                    },
                };
                sent.set(Some(newest.unwrap_or(0)));
                news
            });
            if news.reset || !news.entries.is_empty() {
                let json = serde_json::to_string(&news).unwrap_or_default();
                let _ = on_news.call1(&JsValue::NULL, &JsValue::from_str(&json));
            }
        });
    });
    Closure::once_into_js(move || owner.cleanup())
}
