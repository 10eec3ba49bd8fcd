//! Form fields with a label, a hint, `aria-invalid` and the message next to the field.

use leptos::prelude::*;

/// A labelled text input (or textarea) bound to a value, with its error message.
#[component]
pub fn TextField(
    /// Element id; the error element is `{id}-err`.
    id: &'static str,
    /// Visible label.
    label: &'static str,
    /// Current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new value on input.
    #[prop(into)]
    set: Callback<String>,
    /// Message to show, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// A hint under the field.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// `text`, `number`, `search`, or `textarea`.
    #[prop(default = "text")]
    kind: &'static str,
    /// Marked required: a star after the label (hidden from screen readers, which hear
    /// `aria-required` instead).
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    let req = required.then_some("true");
    let described = if hint.is_some() {
        format!("{id}-hint {id}-err")
    } else {
        format!("{id}-err")
    };
    let invalid = move || {
        if error.get().is_some() {
            "true"
        } else {
            "false"
        }
    };
    let input = if kind == "textarea" {
        view! {
            <textarea id=id rows="6" spellcheck="false" aria-required=req aria-describedby=described.clone() aria-invalid=invalid
                prop:value=move || value.get()
                on:input=move |ev| set.run(event_target_value(&ev))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id type=kind spellcheck="false" aria-required=req aria-describedby=described.clone() aria-invalid=invalid
                prop:value=move || value.get()
                on:input=move |ev| set.run(event_target_value(&ev))/>
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{label}{required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            {input}
            {hint.map(|h| view! { <p id=format!("{id}-hint") class="hint">{h}</p> })}
            <p id=format!("{id}-err") class="error">{move || error.get()}</p>
        </div>
    }
}

/// One text field of a form held in `form`: its value and its setter, for [`TextField`].
pub fn bind<T: Send + Sync + 'static>(
    form: RwSignal<T>,
    get: fn(&T) -> String,
    put: fn(&mut T, String),
) -> (Signal<String>, Callback<String>) {
    (
        Signal::derive(move || form.with(get)),
        Callback::new(move |v: String| form.update(|f| put(f, v))),
    )
}
