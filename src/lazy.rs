//! Route code fetched on first use. Every screen sits behind a split point (the `wasm_split`
//! machinery under Leptos's `#[lazy]`, with its `fallible` option so that a chunk that cannot
//! be fetched is an answer, not a panic), and `scripts/build-console` cuts the one program into
//! the main module and a chunk per area: a page fetches only the code it shows, and every
//! chunk shares this program's one runtime, one Leptos and one client.
//!
//! Without the `split` feature (browser tests, clippy) a screen is a plain call.

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// The code of a screen could not be fetched (the network, or the site serving the console).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Missing;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for Missing {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Missing
    }
}

/// A screen's view, or why its code is not here.
pub type Loaded = Result<AnyView, Missing>;

/// Fetching a screen's code (when it is not here yet), then making its view.
pub type Loading = Pin<Box<dyn Future<Output = Loaded>>>;

/// A screen of a route: what [`lazy_screen`] shows.
pub type Screen = fn() -> Loading;

/// Declares a screen behind a split point: `screen!(chunk, name, view! { … })` makes
/// `fn name() -> Loading`; the screens that name one `chunk` are fetched together.
#[macro_export]
macro_rules! screen {
    ($chunk:ident, $name:ident, $body:expr) => {
        #[doc = concat!("The `", stringify!($name), "` screen, fetched with the `", stringify!($chunk), "` chunk.")]
        pub fn $name() -> $crate::lazy::Loading {
            // Named as the screen (the split point's symbols are made from its name and place).
            #[cfg(feature = "split")]
            #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $name() -> $crate::lazy::Loaded {
                Ok(::leptos::prelude::IntoAny::into_any($body))
            }
            #[cfg(not(feature = "split"))]
            async fn $name() -> $crate::lazy::Loaded {
                Ok(::leptos::prelude::IntoAny::into_any($body))
            }
            Box::pin($name())
        }
    };
}

/// Work that finishes later, made by code fetched with a chunk.
pub type Later<T> = Pin<Box<dyn Future<Output = T>>>;

/// Declares an async function whose code is fetched with `chunk` the first time it is called:
/// `lazy_async!(chunk, missing = EXPR, pub async fn name(a: A) -> Out { … })`. `missing` is
/// evaluated before the call and gives the answer when the chunk cannot be fetched (a closure
/// of no arguments, called then).
#[macro_export]
macro_rules! lazy_async {
    ($chunk:ident, missing = $missing:expr, $(#[$m:meta])* $vis:vis async fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $out:ty $body:block) => {
        $(#[$m])*
        $vis async fn $name($($arg: $ty),*) -> $out {
            let missing = $missing;
            // Named as the function (the split point's symbols are made from its name and place).
            #[cfg(feature = "split")]
            #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $name($($arg: $ty),*) -> Result<$crate::lazy::Later<$out>, $crate::lazy::Missing> {
                Ok(Box::pin(async move $body))
            }
            #[cfg(not(feature = "split"))]
            async fn $name($($arg: $ty),*) -> Result<$crate::lazy::Later<$out>, $crate::lazy::Missing> {
                Ok(Box::pin(async move $body))
            }
            match $name($($arg),*).await {
                Ok(work) => work.await,
                Err($crate::lazy::Missing) => missing(),
            }
        }
    };
}

/// What a call says when the code that sends calls could not be fetched.
pub const CODE_MISSING: &str =
    "the console's code for this could not be fetched from the site that serves it (check the connection, then try again)";

/// Shows the screen `load` gives: "Loading this screen…" while its chunk is fetched, and, when
/// the fetch fails, a sentence and a Try again button (a failed fetch is not remembered, so a
/// second try fetches again).
pub fn lazy_screen(load: Screen) -> impl IntoView {
    let attempt = RwSignal::new(0u32);
    move || {
        attempt.track();
        view! {
            <Suspense fallback=|| view! { <p role="status" class="loading">"Loading this screen…"</p> }>
                {Suspend::new(send_wrapper::SendWrapper::new(async move {
                    match load().await {
                        Ok(v) => v,
                        Err(Missing) => failed(attempt).into_any(),
                    }
                }))}
            </Suspense>
        }
    }
}

fn failed(attempt: RwSignal<u32>) -> impl IntoView {
    view! {
        <p class="error" role="alert">
            "This screen could not be fetched from the site that serves the console. Check the connection, then try again."
        </p>
        <button type="button" class="secondary" on:click=move |_| attempt.update(|n| *n += 1)>"Try again"</button>
    }
}
