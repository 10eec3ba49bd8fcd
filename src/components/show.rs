//! `<Show>`: its children while a condition holds, else the fallback.
//!
//! The same props as Leptos' own, but the condition is a `Signal<bool>` and the children
//! are `ChildrenFn`, so every use shares one copy of the code instead of monomorphising the
//! memo and the branch for each closure (about 1 KB of wasm a use).

use leptos::prelude::*;

/// Shows `children` while `when` is true and `fallback` (nothing by default) otherwise; the
/// children are built again only when the condition flips.
#[component]
pub fn Show(
    children: ChildrenFn,
    #[prop(into)] when: Signal<bool>,
    #[prop(optional, into)] fallback: ViewFn,
) -> impl IntoView {
    let shown = Memo::new(move |_| when.get());
    move || {
        if shown.get() {
            children()
        } else {
            fallback.run()
        }
    }
}

/// A link to `{base}{id}` named `text`, or the text alone when there is no id.
pub fn link_or_text(id: &str, base: &str, text: String) -> AnyView {
    if id.is_empty() {
        text.into_any()
    } else {
        view! { <a href=crate::route::href(&format!("{base}{id}"))>{text}</a> }.into_any()
    }
}
