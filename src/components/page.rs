//! What every page shares: the tab title, the way back to its section, moving focus to an
//! outcome, and the copy button.

use isc_core::route::{page_of, section_of, tab_title};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Names the browser tab after the page (`Account tc.0001 · Accounts · ISC Console`).
pub fn set_title(name: &str) {
    let page = page_of(&crate::route::current_path());
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(&tab_title(&page, name));
    }
}

/// Moves keyboard focus to the element with `id` once it is on screen (after the render that
/// puts it there).
pub fn focus(id: &'static str) {
    focus_by_id(id.to_string());
}

/// [`focus`] for an id made at run time (`attr-name-3`).
pub fn focus_by_id(id: String) {
    request_animation_frame(move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
        {
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}

/// Moves focus to the first field the page marked invalid, if any.
pub fn focus_first_error() {
    request_animation_frame(|| {
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| {
            d.query_selector("main [aria-invalid=\"true\"]")
                .ok()
                .flatten()
        }) {
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}

/// The way back on a detail page: its section, then the page's own name.
#[component]
pub fn Crumbs(
    /// The page's own name, as the last crumb.
    #[prop(into)]
    name: String,
) -> impl IntoView {
    let (label, href) =
        section_of(&page_of(&crate::route::current_path())).unwrap_or(("Home", "/"));
    set_title(&name);
    view! {
        <nav class="crumbs" aria-label="Breadcrumb">
            <a href=crate::route::href(href)>{format!("← {label}")}</a>
            <span aria-current="page">{name}</span>
        </nav>
    }
}

/// A detail page's heading for a tenant's name: isolated for direction, invisible
/// characters marked, a placeholder when nothing in it is visible, and the raw value spelled
/// out on demand when it differs from what is shown.
#[component]
pub fn NameHeading(
    /// The name as the tenant holds it.
    #[prop(into)]
    raw: String,
    /// Shown after the heading (e.g. the Refresh button).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let s = isc_core::shown::shown(&raw);
    let why = if s.blank {
        "The name has nothing visible in it: show what it holds"
    } else {
        "The name has invisible characters (marked ⟨U+…⟩): show what it holds"
    };
    view! {
        <div class="titlebar"><h1><bdi class:placeholder=s.blank>{s.text.clone()}</bdi></h1>{children.map(|c| c())}</div>
        {s.differs().then(|| view! {
            <details class="raw-name"><summary>{why}</summary><code>{isc_core::shown::spelled(&raw)}</code></details>
        })}
    }
}

/// The outcome line of a page's actions: `role=status`, focusable, so that focus can move to
/// it after an action (and a screen reader reads it).
#[component]
pub fn Outcome(
    /// The line's id (focus moves to it).
    id: &'static str,
    text: RwSignal<Option<String>>,
) -> impl IntoView {
    view! { <p id=id role="status" tabindex="-1" class="outcome">{move || text.get()}</p> }
}

/// A "Copy as curl" button that says "Copied" once the text is on the clipboard.
#[component]
pub fn CopyButton(
    /// What to copy, when clicked.
    text: Callback<(), String>,
    /// The button's label.
    #[prop(default = "Copy as curl")]
    label: &'static str,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let on_click = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text.run(()));
            copied.set(true);
            set_timeout(
                move || {
                    let _ = copied.try_set(false);
                },
                std::time::Duration::from_millis(2500),
            );
        }
    };
    view! {
        <button type="button" class="secondary" on:click=on_click>
            {move || if copied.get() { "Copied" } else { label }}
        </button>
        <span class="sr-only" role="status">{move || copied.get().then_some("Copied to the clipboard")}</span>
    }
}

/// The flash line: the path it belongs to and what it says.
type FlashLine = RwSignal<Option<(String, String)>>;

thread_local! {
    static FLASH: std::cell::Cell<Option<FlashLine>> = const { std::cell::Cell::new(None) };
}

/// The line at the top of every page that tells the outcome of an action which ended on
/// another page ("Account tc.0001 deleted"). Installed once by `App`.
#[component]
pub fn Flash() -> impl IntoView {
    let s = RwSignal::new(None::<(String, String)>);
    FLASH.with(|f| f.set(Some(s)));
    let path = crate::route::path();
    // The line belongs to the page it was said on: leaving that page ends it, so coming back
    // later does not say it again.
    Effect::new(move |_| {
        let here = path.get();
        if s.with_untracked(|m| m.as_ref().is_some_and(|(at, _)| *at != here)) {
            s.set(None);
        }
    });
    let text = move || {
        s.with(|m| {
            m.as_ref()
                .filter(|(at, _)| *at == path.get())
                .map(|(_, t)| t.clone())
        })
    };
    view! { <p id="flash" role="status" tabindex="-1" class="outcome">{text}</p> }
}

/// Goes to `href` and says `text` there, with focus on it.
pub fn navigate_with(href: &str, text: String) {
    let at = href.split(['?', '#']).next().unwrap_or(href).to_string();
    if let Some(s) = FLASH.with(|f| f.get()) {
        s.set(Some((at, text)));
    }
    crate::route::navigate(href);
    focus("flash");
}

/// "Refresh" on a detail page: reads the page's data again and changes nothing in the tenant
/// (unlike an account's Reload, which is a write). Once the new data is on screen, the page
/// says so and focus moves there.
#[derive(Clone, Copy)]
pub struct Refresh {
    version: RwSignal<u32>,
    asked: RwSignal<bool>,
}

impl Default for Refresh {
    fn default() -> Self {
        Refresh {
            version: RwSignal::new(0),
            asked: RwSignal::new(false),
        }
    }
}

impl Refresh {
    /// Read by the page's loader, so that a Refresh runs it again.
    pub fn track(&self) {
        self.version.track();
    }

    /// Reads again (what an action that changed the data also wants).
    pub fn again(&self) {
        // A timer may ask after the page is gone: then there is nothing to read again.
        let _ = self.version.try_update(|v| *v += 1);
    }

    /// The button and the line that says the data was read again.
    pub fn view(&self) -> impl IntoView {
        let r = *self;
        let said = r.asked.get_untracked();
        if said {
            r.asked.set(false);
            focus("refresh-outcome");
        }
        view! {
            <button type="button" class="secondary" title="Reads again from the tenant; changes nothing"
                on:click=move |_| { r.asked.set(true); r.again(); }>"Refresh"</button>
            <p id="refresh-outcome" role="status" tabindex="-1" class="outcome">{said.then_some("Read again from the tenant.")}</p>
        }
    }
}

/// A detail page read by id (`/sources/{id}`, `/identities/{id}`): loaded while connected,
/// read again by [`Refresh`], its error under a breadcrumb and a heading that say `what`.
pub fn detail_page<T, Fut>(
    what: &'static str,
    loading: &'static str,
    fetch: fn(String) -> Fut,
    show: fn(T, Refresh) -> AnyView,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, isc_core::ApiError>> + 'static,
{
    let id = crate::route::id();
    view! {
        <crate::components::connected::Connected>
            {
                let refresh = Refresh::default();
                let data = crate::components::load::load(move || {
                    refresh.track();
                    fetch(id.get())
                });
                move || data.get().map(|r| match r {
                    Err(e) => view! { <Crumbs name=what/><h1>{what}</h1><p role="alert" class="failure">{e.sentence()}</p> }.into_any(),
                    Ok(l) => show(l, refresh),
                }).unwrap_or_else(|| crate::components::load::loading(loading))
            }
        </crate::components::connected::Connected>
    }
}

/// The tone of a status word: `ok`, `bad`, `warn` or `info` (the colour is a second cue; the
/// word is always shown).
fn tone(word: &str) -> &'static str {
    match word.to_ascii_lowercase().as_str() {
        "enabled" | "healthy" | "success" | "complete" | "completed" | "correlated" => "ok",
        "disabled" | "unhealthy" | "failing" | "locked" | "error" | "failure" | "failed"
        | "terminated" => "bad",
        "uncorrelated" | "pending" | "in_progress" | "in progress" | "running" | "queued"
        | "warning" | "unknown" | "unchecked" | "not_started" => "warn",
        _ => "info",
    }
}

/// Status words (`"enabled, locked"`) as chips, the comma kept between them.
pub fn chips(words: &str) -> impl IntoView {
    let words: Vec<String> = words
        .split(", ")
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let last = words.len().saturating_sub(1);
    words
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            let class = format!("chip {}", tone(&w));
            view! { <span class=class>{w}</span>{(i < last).then_some(", ")} }
        })
        .collect_view()
}
