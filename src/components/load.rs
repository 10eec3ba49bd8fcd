//! Data a page reads from the tenant, read again when what it depends on changes.
//!
//! This stands in for Leptos' `LocalResource` + `<Transition>`: the same behaviour for how
//! the pages use them (nothing until the first answer, then the latest answer, the old one
//! kept on screen while a new one loads), but the future is boxed once here, so the wasm
//! carries one copy of the machinery per answer type instead of one per call site.

use leptos::prelude::*;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

type Fetch<T> = Box<dyn Fn() -> Pin<Box<dyn Future<Output = T>>>>;

/// Runs `fetch` now, and again whenever a signal it reads (before its first `.await`)
/// changes. The signal is `None` until the first answer, then holds the latest answer; an
/// answer that arrives after a newer request was started is dropped.
pub fn load<T, Fut>(fetch: impl Fn() -> Fut + 'static) -> ReadSignal<Option<T>>
where
    T: Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + 'static,
{
    load_boxed(Box::new(move || Box::pin(fetch())))
}

/// [`load`] for a list that follows the tenant: read again, too, when another tab of this
/// browser changed the demo tenant they share (a form keeps what was typed: it uses `load`).
pub fn following<T, Fut>(fetch: impl Fn() -> Fut + 'static) -> ReadSignal<Option<T>>
where
    T: Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + 'static,
{
    let changed = crate::state::tab::tenant_changed();
    load_boxed(Box::new(move || {
        changed.track();
        Box::pin(fetch())
    }))
}

fn load_boxed<T: Clone + Send + Sync + 'static>(fetch: Fetch<T>) -> ReadSignal<Option<T>> {
    let out = RwSignal::new(None::<T>);
    let latest = Rc::new(Cell::new(0u64));
    Effect::new(move |_| {
        let fut = fetch();
        let n = latest.get() + 1;
        latest.set(n);
        let latest = latest.clone();
        leptos::task::spawn_local(async move {
            let v = fut.await;
            if latest.get() == n {
                // The page may have gone meanwhile: then there is nobody to tell.
                let _ = out.try_set(Some(v));
            }
        });
    });
    out.read_only()
}

/// What a page shows while its first answer is on the way.
pub fn loading(text: &'static str) -> AnyView {
    view! { <p role="status">{text}</p> }.into_any()
}
