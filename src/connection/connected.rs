//! The Connection page while connected: what the console is connected to, when the token
//! renews, the settings of the connection, Disconnect, and the demo's reset. Fetched with its
//! chunk: a first visit shows the form.

use super::connect::{clock, generation_options};
use crate::components::show::Show;
use crate::state::session::{load_saved, Session};
use crate::state::tab::forget_demo;
use isc_core::api::Generation;
use leptos::prelude::*;

/// The current connection: what it is, its settings, Disconnect, and the demo's reset (built
/// again by the Connection page whenever the connection changes).
#[component]
pub fn ConnectedCard() -> impl IntoView {
    let session = expect_context::<Session>();
    let info = session.info();
    let confirm_reset = RwSignal::new(false);
    view! {
            {info.get_untracked().map(|s| {
                let renews = clock(s.renews_at_ms);
                view! {
                    <section class="card" aria-labelledby="conn-h">
                        <h2 id="conn-h">"Connected"</h2>
                        <dl class="facts">
                            <dt>{if s.iiq { "IdentityIQ" } else { "Tenant" }}</dt><dd>{s.label.clone()}</dd>
                            <dt>"Calls go to"</dt><dd><code>{s.api_base.clone()}</code></dd>
                            <dt hidden=s.iiq>"API paths"</dt><dd hidden=s.iiq>{s.generation.label()}{s.generation_note.clone().map(|n| view! { <span class="hint">" · "{n}</span> })}</dd>
                            <dt>"Connections allowed"</dt><dd>{crate::state::csp::narrowed_origin().map(|o| format!("this page and {o} only (Content-Security-Policy)")).unwrap_or_else(|| "this page only (the demo tenant runs in it)".into())}</dd>
                            <dt>{if s.iiq { "User (HTTP Basic)" } else { "Client id" }}</dt><dd><code>{s.client_id.clone()}</code></dd>
                            <dt hidden=s.iiq>"Org"</dt><dd hidden=s.iiq>{s.org.clone().unwrap_or_else(|| "—".into())}</dd>
                            <dt hidden=s.iiq>"Pod"</dt><dd hidden=s.iiq>{s.pod.clone().unwrap_or_else(|| "—".into())}</dd>
                            <dt hidden=s.iiq>{if s.kept_token { "Token kept in this tab until" } else { "Token renews at" }}</dt><dd hidden=s.iiq>{renews}</dd>
                            <dt>"Read-only"</dt><dd>{move || if session.read_only().get() { "on: every write is refused" } else { "off" }}</dd>
                        </dl>
                        <div class="field">
                            <label for="idle-limit">"Sign out after inactivity"</label>
                            <select id="idle-limit" prop:value=crate::state::idle::limit_minutes().to_string()
                                on:change=move |ev| crate::state::idle::set_limit_minutes(event_target_value(&ev).parse().unwrap_or(crate::state::idle::DEFAULT_MINUTES))>
                                <option value="5">"5 minutes"</option>
                                <option value="15">"15 minutes"</option>
                                <option value="30">"30 minutes"</option>
                                <option value="60">"60 minutes"</option>
                                <option value="0">"never"</option>
                            </select>
                        </div>
                        <TimeoutField/>
                        <div class="field" hidden=s.iiq>
                            <label for="api-switch">"Use the API paths"</label>
                            <select id="api-switch" prop:value=s.generation.key()
                                on:change=move |ev| if let Some(g) = Generation::from_key(&event_target_value(&ev)) { crate::api::set_generation(g) }>
                                {generation_options()}
                            </select>
                        </div>
                        <div class="field check">
                            <input id="ro-toggle" type="checkbox" prop:checked=move || session.read_only().get()
                                on:change=move |ev| session.set_read_only(event_target_checked(&ev))/>
                            <label for="ro-toggle">"Read-only: refuse every write to this tenant"</label>
                        </div>
                        <div class="actions">
                            <button type="button" on:click=move |_| {
                                forget_demo();
                                crate::api::disconnect();
                                crate::components::page::focus("tenant");
                            }>
                                "Disconnect"
                            </button>
                            {s.demo.then(|| view! {
                                <button type="button" class="secondary" id="reset-open" on:click=move |_| { confirm_reset.set(true); crate::components::page::focus("reset-cancel"); }>"Reset demo data…"</button>
                            })}
                        </div>
                        <Show when=move || confirm_reset.get()>
                            <div class="notice" role="group" aria-label="Confirm reset">
                                <p>"Put the demo tenant back to its seed data? Every change made in it (sources, accounts, priorities), in every tab of this browser, is lost, and this tab's Tasks and Activity are cleared. Save a scenario file first to keep them."</p>
                                <div class="actions">
                                    <button type="button" class="danger" id="reset-now" on:click=move |_| {
                                        confirm_reset.set(false);
                                        if crate::api::reset_demo() {
                                            let tasks = crate::state::tasks::Tasks::global().map_or(0, |t| t.clear());
                                            let calls = crate::state::activity::Activity::global().map_or(0, |a| a.clear());
                                            crate::components::page::navigate_with("/sources", format!(
                                                "Demo data reset: the demo tenant has its seed data again, in every tab of this browser. Cleared {} from Tasks and {} from Activity.",
                                                isc_core::shown::count(tasks, "task"),
                                                isc_core::shown::count(calls, "call"),
                                            ));
                                        }
                                    }>"Reset now"</button>
                                    <button type="button" class="secondary" id="reset-cancel" on:click=move |_| { confirm_reset.set(false); crate::components::page::focus("reset-open"); }>"Cancel"</button>
                                </div>
                            </div>
                        </Show>
                        {s.demo.then(|| view! { <super::scenario::DemoScenario/> })}
                        {
                            let saved = load_saved();
                            (!saved.is_empty()).then(|| view! {
                                <div class="field">
                                    <label for="switch-conn">"Switch to a saved connection"</label>
                                    <select id="switch-conn" on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        if v.is_empty() { return; }
                                        forget_demo();
                                        crate::api::disconnect();
                                        // A full load: this tab's Content-Security-Policy
                                        // allows only the tenant it connected to.
                                        if let Some(w) = web_sys::window() {
                                            let _ = w.location().assign(&crate::route::href(&format!("/connect?use={v}")));
                                        }
                                    }>
                                        <option value="">"— choose —"</option>
                                        {saved.iter().enumerate().map(|(i, c)| view! { <option value=i.to_string()>{c.label()}</option> }).collect_view()}
                                    </select>
                                    <p class="hint">"Disconnects from this tenant and opens the form for the one chosen, in a fresh page (its secret is asked again)."</p>
                                </div>
                            })
                        }
                    </section>
                }
            })}
    }
}

/// The client's time-out per call: what it is, what happens when it runs out, and a field
/// to change it (checked, kept in this browser; the value typed stays when it is refused).
#[component]
fn TimeoutField() -> impl IntoView {
    let text = RwSignal::new(crate::api::timeout_s().to_string());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let apply = move || match isc_core::retry::parse_timeout_s(&text.get_untracked()) {
        Ok(s) => {
            crate::api::set_timeout_s(s);
            error.set(None);
            text.set(s.to_string());
            saved.set(Some(format!(
                "Time-out set to {s} s for every call from now on."
            )));
        }
        Err(e) => {
            error.set(Some(e));
            saved.set(None);
        }
    };
    view! {
        <div class="field">
            <label for="timeout-s">"Time-out per call (seconds)"</label>
            <div class="inline">
                <input id="timeout-s" class="short" type="text" inputmode="numeric"
                    aria-describedby="timeout-hint timeout-error"
                    aria-invalid=move || error.get().is_some().to_string()
                    prop:value=move || text.get()
                    on:input=move |ev| { text.set(event_target_value(&ev)); saved.set(None); }
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { apply() }/>
                <button type="button" class="secondary" on:click=move |_| apply()>"Set"</button>
            </div>
            <p class="hint" id="timeout-hint">{format!(
                "A call with no answer by then is abandoned: a read is sent again, and after a write the console reads back what the tenant holds before it says anything (the tenant may still have carried it out). Uploads get a second more per 256 KB. Default {} s.",
                isc_core::retry::DEFAULT_TIMEOUT_S)}</p>
            <p class="error" id="timeout-error" role="alert">{move || error.get()}</p>
            <p role="status" class="hint">{move || saved.get()}</p>
        </div>
    }
}
