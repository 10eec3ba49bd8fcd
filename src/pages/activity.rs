//! Activity: every API call, newest first, copyable as curl and exportable as JSON.

use crate::components::show::Show;
use crate::state::activity::{Activity, ActivityEntry};
use leptos::prelude::*;

fn copy_text(text: String) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(&text);
    }
}

fn download_json(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let doc = web_sys::window().and_then(|w| w.document());
    if let Some(doc) = doc {
        use wasm_bindgen::JsCast;
        if let Ok(a) = doc.create_element("a") {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The activity log.
#[component]
pub fn ActivityPage() -> impl IntoView {
    let activity = expect_context::<Activity>();
    let entries = activity.entries();
    let copied = RwSignal::new(None::<u64>);
    let export = move |_| {
        let text = crate::text::pretty(&entries.get_untracked());
        download_json("isc-console-activity.json", &text);
    };
    view! {
        <h1>"Activity"</h1>
        <p class="hint">"Every API call this tab made, newest first. Tokens and secrets are never recorded; copied commands use $TOKEN and $CLIENT_SECRET."</p>
        <div class="actions">
            <button type="button" on:click=export>"Export as JSON"</button>
            <button type="button" class="secondary" on:click=move |_| activity.clear()>"Clear"</button>
            <span role="status" class="hint">{move || copied.get().map(|n| format!("Call #{n} copied as curl."))}</span>
        </div>
        <table class="grid">
            <caption class="sr-only">"API calls"</caption>
            <thead><tr>
                <th scope="col">"#"</th><th scope="col">"Time"</th><th scope="col">"Method"</th>
                <th scope="col">"Path"</th><th scope="col">"Status"</th><th scope="col">"Duration"</th>
                <th scope="col">"Task"</th><th scope="col">"Error"</th><th scope="col"><span class="sr-only">"Actions"</span></th>
            </tr></thead>
            <tbody>
                <For each=move || entries.get() key=|e: &ActivityEntry| e.seq let:e>
                    {
                        let curl = e.curl.clone();
                        let seq = e.seq;
                        let ok = (200..300).contains(&e.status);
                        view! {
                            <tr>
                                <td>{e.seq}</td>
                                <td>{e.at.get(11..19).unwrap_or("").to_string()}</td>
                                <td>{e.method.clone()}</td>
                                <td class="path"><code>{e.path.clone()}</code></td>
                                <td class=if ok { "ok" } else { "bad" }>{if e.status == 0 { "—".to_string() } else { e.status.to_string() }}</td>
                                <td>{format!("{} ms", e.duration_ms)}</td>
                                <td>{e.task_id.clone().map(|t| view! { <a href=crate::route::href(&format!("/tasks#task-{t}"))>{t.clone()}</a> })}</td>
                                <td class="error">{e.error.clone().unwrap_or_default()}</td>
                                <td>
                                    <button type="button" class="small"
                                        aria-label=format!("Copy call {} as curl", seq)
                                        on:click=move |_| { copy_text(curl.clone()); copied.set(Some(seq)); }>
                                        "Copy curl"
                                    </button>
                                </td>
                            </tr>
                        }
                    }
                </For>
            </tbody>
        </table>
        <Show when=move || entries.get().is_empty()>
            <p class="hint">"No calls yet."</p>
        </Show>
    }
}
