//! A form generated from a source's account schema: one typed field per attribute.

use isc_core::accounts::{AccountSchema, AttrType, Input};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// What the fields hold, as typed: one text per attribute (lines for multi-valued ones).
pub type Typed = BTreeMap<String, String>;

/// Turns typed text into validator input.
pub fn to_inputs(schema: &AccountSchema, typed: &Typed) -> BTreeMap<String, Input> {
    // Inserted one by one: `collect` into a map sorts first, and each sort is weight in the wasm.
    let mut out = BTreeMap::new();
    for (k, v) in typed {
        let multi = schema.attributes.iter().any(|a| &a.name == k && a.is_multi);
        let input = if multi {
            Input::Many(v.lines().map(str::to_string).collect())
        } else {
            Input::One(v.clone())
        };
        out.insert(k.clone(), input);
    }
    out
}

/// Text for a field from an account's current attribute value.
pub fn from_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a.iter().map(from_value).collect::<Vec<_>>().join("\n"),
        other => other.to_string(),
    }
}

/// One field per schema attribute, typed, with `aria-invalid` and a message beside each.
#[component]
pub fn AttrForm(
    /// The account schema.
    schema: AccountSchema,
    /// The typed values.
    values: RwSignal<Typed>,
    /// Messages by attribute name.
    #[prop(into)]
    errors: Signal<BTreeMap<String, String>>,
    /// On edit: the identity attribute may not change (the account's native identity is
    /// made from it, and a PUT does not change that).
    #[prop(optional)]
    lock_identity: bool,
) -> impl IntoView {
    let identity = schema.identity_attribute.clone();
    let display = schema.display_attribute.clone();
    schema
        .attributes
        .into_iter()
        .map(|a| {
            let id = format!("attr-{}", a.name);
            let err_id = format!("{id}-err");
            let name = a.name.clone();
            let name_err = a.name.clone();
            let name_inv = a.name.clone();
            let name_set = a.name.clone();
            let kind = match &a.kind {
                AttrType::String => "STRING".to_string(),
                AttrType::Int => "INT".into(),
                AttrType::Long => "LONG".into(),
                AttrType::Boolean => "BOOLEAN".into(),
                AttrType::Date => "DATE".into(),
                AttrType::Other(o) => o.clone(),
            };
            let mut tags = vec![kind];
            if a.name == identity {
                tags.push("required: identity attribute".into());
            } else if a.name == display {
                tags.push("recommended: display attribute".into());
            }
            if a.is_multi {
                tags.push("multi-valued: one per line".into());
            }
            if a.is_entitlement {
                tags.push("entitlement".into());
            }
            let label = format!("{} ({})", a.name, tags.join(", "));
            let value = move || values.with(|v| v.get(&name).cloned().unwrap_or_default());
            let set = move |v: String| values.update(|m| { m.insert(name_set.clone(), v); });
            let invalid = move || if errors.with(|e| e.contains_key(&name_inv)) { "true" } else { "false" };
            let input = if a.kind == AttrType::Boolean {
                view! {
                    <select id=id.clone() aria-describedby=err_id.clone() aria-invalid=invalid prop:value=value on:change=move |ev| set(event_target_value(&ev))>
                        <option value="">"(not set)"</option>
                        <option value="true">"true"</option>
                        <option value="false">"false"</option>
                    </select>
                }.into_any()
            } else if a.is_multi {
                view! { <textarea id=id.clone() rows="3" aria-describedby=err_id.clone() aria-invalid=invalid prop:value=value on:input=move |ev| set(event_target_value(&ev))></textarea> }.into_any()
            } else {
                let placeholder = match a.kind { AttrType::Date => "2024-05-01 or 2024-05-01T09:30:00Z", AttrType::Int | AttrType::Long => "whole number", _ => "" };
                let mode = if matches!(a.kind, AttrType::Int | AttrType::Long) { "numeric" } else { "text" };
                let locked = lock_identity && a.name == identity;
                view! { <input id=id.clone() type="text" inputmode=mode placeholder=placeholder spellcheck="false" readonly=locked aria-describedby=err_id.clone() aria-invalid=invalid prop:value=value on:input=move |ev| set(event_target_value(&ev))/> }.into_any()
            };
            let locked_hint = (lock_identity && a.name == identity).then(|| view! {
                <p class="hint">"Locked: the account's native identity is made from this attribute, and replacing the attributes does not change it, so a new value here would leave the two apart. To rename the account, create it under the new name and delete this one."</p>
            });
            view! {
                <div class="field" class:entitlement=a.is_entitlement>
                    <label for=id.clone()>{label}</label>
                    {input}
                    {locked_hint}
                    {(!a.description.is_empty()).then(|| view! { <p class="hint">{a.description.clone()}</p> })}
                    <p id=err_id.clone() class="error">{move || errors.with(|e| e.get(&name_err).cloned())}</p>
                </div>
            }
        })
        .collect_view()
}
