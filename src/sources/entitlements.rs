//! A flat file's entitlement schema: what ISC reads from its entitlements file (one row per
//! entitlement), its template downloaded, and a CSV header uploaded as its template. Loading
//! an entitlements file is on the flat-file page.

use super::schema_file::{FromHeader, Template};
use crate::components::said::Said;
use isc_core::api::sources;
use leptos::prelude::*;
use serde_json::Value;

/// The entitlement schema section of a flat file's page.
#[component]
pub(super) fn EntitlementSchema(
    sid: String,
    name: String,
    delimiter: char,
    schema: Value,
) -> impl IntoView {
    let ro = expect_context::<crate::state::session::Session>().read_only();
    let held = RwSignal::new(schema);
    let said = Said::new("ent-schema-outcome", "ent-schema-failure");
    let file_href = crate::route::href(&format!(
        "/sources/{}/file",
        isc_core::http::encode_component(&sid)
    ));
    let sid = StoredValue::new(sid);
    let download = move |_| {
        said.clear();
        said.busy.set(true);
        let schema = held.with_untracked(|h| h["name"].as_str().unwrap_or("group").to_string());
        let req =
            sources::entitlement_template(crate::api::generation(), &sid.get_value(), &schema);
        let file = format!(
            "{}-entitlements.csv",
            name.chars()
                .map(|c| if c.is_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                })
                .collect::<String>()
        );
        leptos::task::spawn_local(async move {
            match crate::api::call(req).await {
                Ok(r) => {
                    let header = r.body.trim_end().to_string();
                    crate::components::download::download(
                        &file,
                        "text/csv",
                        &format!("{header}\r\n"),
                    );
                    said.say(Some(format!("Downloaded {file}: the header ISC reads an entitlements file by ({}). Add one row per entitlement, then load it on the flat-file page.", if header.is_empty() { "no columns yet".to_string() } else { header })), None);
                }
                Err(e) => said.say(None, Some(e.sentence())),
            }
        });
    };
    let say = Callback::new(move |(ok, bad): (Option<String>, Option<String>)| said.say(ok, bad));
    view! {
        <section class="card wide" aria-labelledby="src-ents">
            <h2 id="src-ents">"Entitlement schema"</h2>
            <p class="hint">{move || held.with(|h| format!(
                "The attributes ISC reads from this flat file's entitlements file (schema {}): one row per entitlement; the identity attribute holds the value accounts carry in their entitlement attribute.",
                h["name"].as_str().unwrap_or("group")))}</p>
            {move || held.with(|h| {
                let identity = h["identityAttribute"].as_str().unwrap_or("").to_string();
                let display = h["displayAttribute"].as_str().unwrap_or("").to_string();
                let names: Vec<String> = h["attributes"].as_array().into_iter().flatten()
                    .filter_map(|a| a["name"].as_str().map(str::to_string)).collect();
                if names.is_empty() {
                    view! { <p>"No attributes yet: upload a CSV header below to define them."</p> }.into_any()
                } else {
                    view! {
                        <ul aria-label="Entitlement attributes">
                            {names.into_iter().map(|n| {
                                let mut roles = vec![];
                                if n == identity { roles.push("identity attribute: the value accounts hold"); }
                                if n == display { roles.push("shown as the entitlement's name"); }
                                let text = if roles.is_empty() { n.clone() } else { format!("{n} ({})", roles.join("; ")) };
                                view! { <li><bdi>{text}</bdi></li> }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            })}
            <div class="actions">
                <button type="button" class="secondary" disabled=move || said.busy.get() on:click=download>"Download the entitlement template"</button>
                <a class="button secondary" href=file_href>"Load entitlements from a file"</a>
            </div>
            <FromHeader sid=sid held=held delimiter=delimiter ro=ro say=say kind=Template::Entitlements/>
            {said.view()}
        </section>
    }
}
