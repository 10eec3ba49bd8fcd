//! Activity: every API call, newest first, filtered, opened, copied as curl and exported as
//! JSON.

use crate::components::download::download;
use crate::components::show::Show;
use crate::state::activity::{Activity, ActivityEntry};
use leptos::prelude::*;

fn copy_text(text: String) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(&text);
    }
}

/// A path with a line-break opportunity after each `/`, `?` and `&`, and nowhere else.
fn path_view(path: &str) -> impl IntoView {
    isc_core::activity::path_parts(path)
        .into_iter()
        .map(|p| view! { {p.to_string()}<wbr/> })
        .collect_view()
}

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// The Activity page.
#[component]
pub fn ActivityPage() -> impl IntoView {
    view! {
        <h1>"Activity"</h1>
        <ActivityLog/>
    }
}

/// The log itself.
#[component]
pub fn ActivityLog() -> impl IntoView {
    use isc_core::activity::{Filter, StatusClass};
    let activity = expect_context::<Activity>();
    let entries = activity.entries();
    let copied = RwSignal::new(None::<u64>);
    let open = RwSignal::new(Vec::<u64>::new());
    let method = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let filter = Memo::new(move |_| Filter {
        method: method.get(),
        status: StatusClass::from_key(&status.get()),
        text: text.get(),
    });
    let shown = Memo::new(move |_| {
        let f = filter.get();
        entries.with(|all| {
            all.iter()
                .filter(|e| {
                    let seq = e.seq.to_string();
                    let task = e.task_id.as_deref().unwrap_or("");
                    let err = e.error.as_deref().unwrap_or("");
                    f.keeps(&e.method, e.status, &[&e.path, err, task, &seq])
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let export = move |_| {
        let text = crate::text::pretty(&entries.get_untracked());
        download("isc-console-activity.json", "application/json", &text);
    };
    let count = move || {
        let (n, all) = (shown.with(Vec::len), entries.with(Vec::len));
        if n == all {
            format!("{all} calls")
        } else {
            format!("{n} of {all} calls match")
        }
    };
    let cleared = RwSignal::new(None::<usize>);
    let clear = move |_| {
        copied.set(None);
        cleared.set(Some(activity.clear()));
        crate::components::page::focus("act-outcome");
    };
    let since = activity.since();
    view! {
        <p class="hint">"Every API call this tab made, newest first, kept across reloads of this tab (another tab keeps its own). Tokens and secrets are never recorded; copied commands use $TOKEN and $CLIENT_SECRET."</p>
        <p class="hint">{move || since.with(|s| format!("This log starts at {} {} UTC (times below are UTC).", s.get(0..10).unwrap_or(""), s.get(11..19).unwrap_or("")))}</p>
        <div class="actions">
            <button type="button" on:click=export>"Export as JSON"</button>
            <button type="button" class="secondary" on:click=clear>"Clear"</button>
            <span role="status" id="act-outcome" tabindex="-1" class="hint">{move || match (copied.get(), cleared.get()) {
                (Some(n), _) => Some(format!("Call #{n} copied as curl.")),
                (None, Some(n)) => Some(format!("Cleared {}.", isc_core::shown::count(n, "call"))),
                _ => None,
            }}</span>
        </div>
        <form class="filters" role="search" aria-label="Filter calls" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="act-method">"Method"</label>
                <select id="act-method" prop:value=move || method.get() on:change=move |ev| method.set(event_target_value(&ev))>
                    <option value="">"Any method"</option>
                    {METHODS.map(|m| view! { <option value=m>{m}</option> })}
                </select>
            </div>
            <div class="field">
                <label for="act-status">"Status"</label>
                <select id="act-status" prop:value=move || status.get() on:change=move |ev| status.set(event_target_value(&ev))>
                    {StatusClass::CHOICES.map(|(v, l)| view! { <option value=v>{l}</option> })}
                </select>
            </div>
            <div class="field grow">
                <label for="act-text">"Find"</label>
                <input id="act-text" type="search" placeholder="path, error, task id or call number" prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))/>
            </div>
        </form>
        <p class="count" role="status">{count}</p>
        <p class="hint scroll-cue" aria-hidden="true">"The table scrolls sideways →"</p>
        <div class="table-wrap" role="region" aria-label="API calls (scrolls sideways)" tabindex="0">
        <table class="grid calls-log">
            <caption class="sr-only">"API calls"</caption>
            <colgroup>
                <col class="c-seq"/><col class="c-time"/><col class="c-method"/><col class="c-path"/><col class="c-status"/>
                <col class="c-dur"/><col class="c-task"/><col class="c-err"/><col class="c-act"/>
            </colgroup>
            <thead><tr>
                <th scope="col">"#"</th><th scope="col">"Time"</th><th scope="col">"Method"</th>
                <th scope="col">"Path"</th><th scope="col">"Status"</th><th scope="col">"Duration"</th>
                <th scope="col">"Task"</th><th scope="col">"Error"</th><th scope="col">"Actions"</th>
            </tr></thead>
            <For each=move || shown.get() key=|e: &ActivityEntry| e.seq let:e>
                {
                    let curl = e.curl.clone();
                    let seq = e.seq;
                    let ok = (200..300).contains(&e.status);
                    let detail_id = format!("call-{seq}-detail");
                    let is_open = move || open.with(|o| o.contains(&seq));
                    // Shown with invisible characters as JSON escapes or marks (the same
                    // value; Copy curl copies the call as sent).
                    let request = isc_core::shown::escape_json_text(&e.curl);
                    let answer = match (&e.answer, e.status) {
                        (_, 0) => "No answer came.".to_string(),
                        (None, _) => "The token request's answer is the token: it is never kept.".to_string(),
                        (Some(a), _) if a.is_empty() => "(empty body)".to_string(),
                        (Some(a), _) => isc_core::shown::escape_json_text(a),
                    };
                    view! {
                        <tbody>
                        <tr>
                            <td>{e.seq}</td>
                            <td>{e.at.get(11..19).unwrap_or("").to_string()}</td>
                            <td>{e.method.clone()}</td>
                            <td class="path"><code>{path_view(&e.path)}</code></td>
                            <td class=if ok { "ok" } else { "bad" }>{if e.status == 0 { "none".to_string() } else { e.status.to_string() }}</td>
                            <td>{format!("{} ms", e.duration_ms)}</td>
                            <td class="task">{e.task_id.clone().map(|t| view! { <a href=crate::route::href(&format!("/tasks/{}", isc_core::http::encode_component(&t)))>{t.clone()}</a> })}</td>
                            <td class="errtext">{isc_core::shown::marked(e.error.as_deref().unwrap_or_default())}</td>
                            <td class="acts">
                                <button type="button" class="small secondary" aria-controls=detail_id.clone()
                                    aria-expanded=move || if is_open() { "true" } else { "false" }
                                    aria-label=format!("Details of call {seq}")
                                    on:click=move |_| open.update(|o| if let Some(i) = o.iter().position(|s| *s == seq) { o.remove(i); } else { o.push(seq); })>
                                    "Details"
                                </button>
                                <button type="button" class="small secondary"
                                    aria-label=format!("Copy curl for call {seq}")
                                    on:click=move |_| { copy_text(curl.clone()); copied.set(Some(seq)); }>
                                    "Copy curl"
                                </button>
                            </td>
                        </tr>
                        <tr class="detail" id=detail_id hidden=move || !is_open()>
                            <td colspan="9">
                                <h2 class="small-h">{format!("Call {seq}: request")}</h2>
                                <pre class="wrap"><code>{request}</code></pre>
                                <h2 class="small-h">"Answer (first 4 KB, secrets hidden)"</h2>
                                <pre class="wrap answer"><code>{answer}</code></pre>
                            </td>
                        </tr>
                        </tbody>
                    }
                }
            </For>
        </table>
        </div>
        <Show when=move || entries.get().is_empty()>
            <p class="hint">"No calls yet."</p>
        </Show>
    }
}
