//! A source's flat file: export what ISC holds as CSV, import a CSV with a preview of what it
//! changes (and of what an aggregation of it would remove), then apply it row by row through
//! the accounts API or upload it and aggregate. The screen is in the second wasm (it carries
//! the CSV engine); the console's shell is [`SourceFilePage`].

use crate::api::transport::{now_ms, sleep};
use crate::components::page::{Crumbs, Outcome};
use crate::components::show::Show;
use crate::components::table::VirtualTable;
use isc_core::accounts::{account_schema, AccountSchema};
use isc_core::api::{accounts, sources, tasks, ListQuery};
use isc_core::filter::Filter;
use isc_core::flatfile::{
    self, Checker, Counts, HeaderMap, Missing, PreviewRow, ReportRow, RowKind,
};
use isc_core::paging::{total_count, PageQuery};
use isc_core::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;
use std::collections::HashMap;

/// The console's page: the screen loads on first use.
#[component]
pub fn SourceFilePage() -> impl IntoView {
    view! {
        <Crumbs name="Flat file"/>
        <h1>"Flat file: export, import, aggregate"</h1>
        <crate::components::connected::Connected>
            <crate::lazy::Lazy name="source-file"/>
        </crate::components::connected::Connected>
    }
}

/// What the screen reads first: the source, its account schema and its CSV template.
#[derive(Clone)]
struct Info {
    id: String,
    name: String,
    flat: bool,
    delimiter: char,
    threshold: Option<u64>,
    schema: AccountSchema,
    columns: Vec<String>,
}

async fn load_info(id: String) -> Result<Info, ApiError> {
    let g = crate::api::generation();
    let (source, _) = crate::api::call_json(sources::get(g, &id)).await?;
    let (list, _) = crate::api::call_json(sources::schemas(g, &id)).await?;
    let schema =
        account_schema(list.as_array().map(Vec::as_slice).unwrap_or(&[])).unwrap_or_default();
    let flat = sources::is_flat_file(&source);
    // The template is for flat files only; elsewhere the schema's order is the file's.
    let template = if flat {
        match crate::api::call(sources::account_template(g, &id)).await {
            Ok(r) => flatfile::template_columns(&r.body),
            Err(_) => vec![],
        }
    } else {
        vec![]
    };
    Ok(Info {
        name: source["name"].as_str().unwrap_or(&id).to_string(),
        flat,
        delimiter: flatfile::source_delimiter(&source),
        threshold: source["deleteThreshold"].as_u64(),
        columns: flatfile::columns(&template, &schema),
        schema,
        id,
    })
}

/// Every account of the source, page by page through the client's limiter; `progress` is
/// (read, total); `stop` ends it early (`Ok(None)`).
async fn read_accounts(
    sid: &str,
    progress: RwSignal<(usize, Option<u64>)>,
    stop: RwSignal<bool>,
) -> Result<Option<Vec<Value>>, ApiError> {
    let g = crate::api::generation();
    let mut all: Vec<Value> = Vec::new();
    let mut offset = 0u64;
    let _ = progress.try_set((0, None));
    loop {
        if stop.try_get_untracked().unwrap_or(true) {
            return Ok(None);
        }
        let q = ListQuery::new()
            .filters(Some(Filter::eq("sourceId", sid)))
            .sorters("id")
            .page(PageQuery {
                limit: 250,
                offset,
                count: offset == 0,
            });
        let (items, resp) =
            crate::api::call_read(accounts::list(g, &q, false), crate::api::all_pages::items)
                .await?;
        let n = items.len() as u64;
        all.extend(items);
        let total = if offset == 0 {
            total_count(&resp)
        } else {
            progress.try_get_untracked().and_then(|p| p.1)
        };
        let _ = progress.try_set((all.len(), total));
        offset += n;
        if n < 250 || total.is_some_and(|t| offset >= t) {
            return Ok(Some(all));
        }
    }
}

/// "1 account", "2 accounts".
fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

fn file_name(source: &str, what: &str) -> String {
    let base: String = source
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{base}-{what}.csv")
}

fn progress_text((read, total): (usize, Option<u64>), what: &str) -> String {
    match total {
        Some(t) => format!("Read {read} of {t} {what}"),
        None => format!("Read {read} {what}"),
    }
}

/// The preview, as the import made it.
#[derive(Clone)]
struct Preview {
    file: String,
    text: String,
    map: HeaderMap,
    rows: Vec<PreviewRow>,
    missing: Vec<Missing>,
    counts: Counts,
    bom: bool,
    /// The accounts ISC held when the preview was made, by id (a row update starts from them).
    held: HashMap<String, serde_json::Map<String, Value>>,
    /// How long parse + validate + compare took, in ms (the bench reads it).
    took_ms: u64,
}

/// One row of an apply run.
#[derive(Clone)]
struct Step {
    line: usize,
    native: String,
    create: bool,
    account_id: Option<String>,
    attributes: serde_json::Map<String, Value>,
}

/// Where an apply row stands.
#[derive(Clone, Debug, PartialEq)]
enum State {
    NotSent,
    Sent(String),
    /// No answer, an unreadable one, a cancel, or an error after which the tenant may have
    /// acted: read back before anything else.
    Unknown(String),
    Done(String),
    Failed(String),
}

/// The flat-file screen (in the extras).
#[component]
pub fn FlatFile() -> impl IntoView {
    let ro = expect_context::<crate::state::session::Session>().read_only();
    let id = isc_core::route::id_of(&crate::route::current_path());
    let info = RwSignal::new(None::<Result<Info, ApiError>>);
    {
        let id = id.clone();
        spawn_local(async move {
            let r = load_info(id).await;
            let _ = info.try_set(Some(r));
        });
    }
    let auto_export = crate::route::current_query().get("export").as_deref() == Some("1");
    view! {
        {move || match info.get() {
            None => view! { <p role="status">"Reading the source and its account schema…"</p> }.into_any(),
            Some(Err(e)) => view! { <p role="alert" class="failure">{e.sentence()}</p> }.into_any(),
            Some(Ok(i)) => view! { <Screen info=i ro=ro auto_export=auto_export/> }.into_any(),
        }}
    }
}

#[component]
fn Screen(info: Info, ro: Signal<bool>, auto_export: bool) -> impl IntoView {
    let info = StoredValue::new(info);
    let i = info.get_value();
    let sep = RwSignal::new(i.delimiter.to_string());
    let source_href = crate::route::href(&format!(
        "/sources/{}",
        isc_core::http::encode_component(&i.id)
    ));
    let threshold = i
        .threshold
        .map(|t| format!("{t}%"))
        .unwrap_or_else(|| "its delete threshold".into());
    view! {
        <p><a href=source_href>{format!("Source: {}", isc_core::shown::inline(&i.name))}</a>
            {if i.flat { " · a flat file (Delimited File): accounts can be created, updated and deleted through the API".to_string() } else { " · not a flat file: the API cannot update or delete its accounts, and an aggregation reads its connector".to_string() }}</p>
        <section class="notice" aria-label="Why the file matters">
            <p><strong>"An account made or changed through the API lives in ISC only."</strong>
            " The next aggregation makes the file the truth: an account the file lacks is removed, a changed one goes back to what the file says. "
            "Export first, edit that file, then import or aggregate it, and nothing made through the API is lost."</p>
        </section>
        <div class="field">
            <label for="ff-sep">"Separator between the values of a multi-valued attribute"</label>
            <input id="ff-sep" type="text" class="short" maxlength="3" prop:value=move || sep.get()
                on:input=move |ev| sep.set(event_target_value(&ev)) aria-describedby="ff-sep-hint"/>
            <p class="hint" id="ff-sep-hint">{format!(
                "The Delimited File connector splits a multi-valued cell on the file's delimiter ({}), the cell in quotes: \"eng{}all-staff\". Export and import use what is here.",
                i.delimiter, i.delimiter)}</p>
        </div>
        <Export info=info sep=sep auto=auto_export/>
        {if i.flat {
            view! { <Import info=info sep=sep ro=ro threshold=threshold/> }.into_any()
        } else {
            view! {
                <section aria-labelledby="agg-h">
                    <h2 id="agg-h">"Aggregate"</h2>
                    <p>"This source reads its accounts from its connector: an aggregation brings ISC in step with the target system. It needs no file."</p>
                    <Aggregate info=info preview=RwSignal::new(None) ro=ro/>
                </section>
            }.into_any()
        }}
    }
}

/// "Download accounts as CSV": every account read, then the file saved.
#[component]
fn Export(info: StoredValue<Info>, sep: RwSignal<String>, auto: bool) -> impl IntoView {
    let progress = RwSignal::new((0usize, None::<u64>));
    let running = RwSignal::new(false);
    let stop = RwSignal::new(false);
    let outcome = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let saved = StoredValue::new(None::<(String, String)>);
    let run = move || {
        if running.get_untracked() {
            return;
        }
        running.set(true);
        stop.set(false);
        failure.set(None);
        outcome.set(None);
        let i = info.get_value();
        spawn_local(async move {
            match read_accounts(&i.id, progress, stop).await {
                Ok(Some(list)) => {
                    let text =
                        flatfile::export(&i.columns, &list, i.delimiter, &sep.get_untracked());
                    let name = file_name(&i.name, "accounts");
                    crate::pages::activity::download(&name, "text/csv", &text);
                    saved.set_value(Some((name.clone(), text)));
                    let _ = outcome.try_set(Some(format!(
                        "Exported {} accounts of {} to {name}: columns {}.",
                        list.len(),
                        isc_core::shown::inline(&i.name),
                        i.columns.join(", ")
                    )));
                }
                Ok(None) => {
                    let _ = outcome.try_set(Some("Export stopped; no file was saved.".into()));
                }
                Err(e) => {
                    let _ = failure.try_set(Some(e.sentence()));
                }
            }
            let _ = running.try_set(false);
            crate::components::page::focus("ff-export-outcome");
        });
    };
    if auto {
        run();
    }
    view! {
        <section aria-labelledby="export-h">
            <h2 id="export-h">"Export"</h2>
            <p>"Every account ISC holds on this source, in the columns of the source's CSV template: aggregating this file next changes nothing."</p>
            <div class="actions">
                <button type="button" disabled=move || running.get() on:click=move |_| run()>"Download accounts as CSV"</button>
                <Show when=Signal::derive(move || running.get())>
                    <button type="button" class="secondary" on:click=move |_| stop.set(true)>"Stop"</button>
                </Show>
                <Show when=Signal::derive(move || outcome.get().is_some() && !running.get() && saved.with_value(|s| s.is_some()))>
                    <button type="button" class="secondary" on:click=move |_| saved.with_value(|s| if let Some((n, t)) = s { crate::pages::activity::download(n, "text/csv", t) })>"Save the file again"</button>
                </Show>
            </div>
            <Show when=Signal::derive(move || running.get())>
                <p role="status"><progress max=move || progress.get().1.unwrap_or(0).max(1) value=move || progress.get().0 aria-label="Export progress"></progress>
                " "{move || progress_text(progress.get(), "accounts")}</p>
            </Show>
            {move || failure.get().map(|f| view! { <p role="alert" class="failure">{f}</p> })}
            <Outcome id="ff-export-outcome" text=outcome/>
        </section>
    }
}

/// The bytes of a picked or dropped file.
async fn read_file(file: web_sys::File) -> Result<Vec<u8>, String> {
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "the browser could not read the file".to_string())?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Parse, check and compare, in slices that keep the page responsive.
async fn make_preview(
    info: &Info,
    sep: &str,
    name: String,
    bytes: Vec<u8>,
    stage: RwSignal<String>,
    progress: RwSignal<(usize, Option<u64>)>,
    stop: RwSignal<bool>,
) -> Result<Option<Preview>, String> {
    // The accounts first (the calls), then the file: its work is timed alone.
    stage.set("Reading what ISC holds…".into());
    let held = match read_accounts(&info.id, progress, stop).await {
        Ok(Some(h)) => h,
        Ok(None) => return Ok(None),
        Err(e) => return Err(e.sentence()),
    };
    stage.set("Checking the file…".into());
    sleep(0).await;
    let started = now_ms();
    let mut busy = 0u64;
    let mut slice_start = now_ms();
    let parsed = flatfile::parse(&bytes, info.delimiter).map_err(|e| e.sentence())?;
    // Parsed, so valid UTF-8: the text an upload sends, without a copy.
    let text = String::from_utf8(bytes).unwrap_or_default();
    let map = flatfile::map_header(&parsed.header, &info.schema).map_err(|e| e.sentence())?;
    // Every step gets a turn of its own: no task of the page runs long.
    busy += now_ms() - slice_start;
    sleep(0).await;
    slice_start = now_ms();
    let mut rows = Vec::with_capacity(parsed.records.len());
    let missing = {
        let mut checker = Checker::new(&info.schema, &map, sep, &parsed.records, &held);
        for r in &parsed.records {
            rows.push(checker.check(r));
            // A slice of at most ~30 ms, then the page gets a turn.
            if rows.len() % 256 == 0 && now_ms() - slice_start > 30 {
                busy += now_ms() - slice_start;
                let _ = progress.try_set((rows.len(), Some(parsed.records.len() as u64)));
                sleep(0).await;
                slice_start = now_ms();
            }
        }
        checker.missing()
    };
    busy += now_ms() - slice_start;
    sleep(0).await;
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::set(
            &w,
            &"__isc_preview_wall_ms".into(),
            &((now_ms() - started) as f64).into(),
        );
    }
    let counts = flatfile::counts(&rows);
    sleep(0).await;
    let held = held
        .into_iter()
        .filter_map(|a| {
            Some((
                a["id"].as_str()?.to_string(),
                a["attributes"].as_object().cloned().unwrap_or_default(),
            ))
        })
        .collect();
    Ok(Some(Preview {
        file: name,
        text,
        map,
        rows,
        missing,
        counts,
        bom: parsed.bom,
        held,
        took_ms: busy,
    }))
}

const FILTERS: [(&str, &str); 5] = [
    ("all", "Every row"),
    ("new", "New"),
    ("changed", "Changed"),
    ("invalid", "Invalid"),
    ("unchanged", "Unchanged"),
];

fn kind_key(k: &RowKind) -> &'static str {
    match k {
        RowKind::New => "new",
        RowKind::Changed(_) => "changed",
        RowKind::Invalid(_) => "invalid",
        RowKind::Unchanged => "unchanged",
    }
}

fn details(k: &RowKind) -> String {
    match k {
        RowKind::New => "a new account".into(),
        RowKind::Unchanged => "as ISC holds it".into(),
        RowKind::Changed(ch) => ch
            .iter()
            .map(|c| {
                format!(
                    "{}: {} → {}",
                    c.attribute,
                    if c.old.is_empty() { "(empty)" } else { &c.old },
                    if c.new.is_empty() { "(empty)" } else { &c.new }
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        RowKind::Invalid(m) => m.join(" "),
    }
}

/// The import: pick or drop a file, see the preview, apply it.
#[component]
fn Import(
    info: StoredValue<Info>,
    sep: RwSignal<String>,
    ro: Signal<bool>,
    threshold: String,
) -> impl IntoView {
    let threshold = StoredValue::new(threshold);
    let preview = RwSignal::new(None::<std::sync::Arc<Preview>>);
    let stage = RwSignal::new(String::new());
    let progress = RwSignal::new((0usize, None::<u64>));
    let working = RwSignal::new(false);
    let stop = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let over = RwSignal::new(false);
    let show = RwSignal::new("all".to_string());
    let take = move |file: web_sys::File| {
        if working.get_untracked() {
            return;
        }
        let name = file.name();
        failure.set(None);
        preview.set(None);
        if file.size() > flatfile::MAX_BYTES as f64 {
            failure.set(Some(format!(
                "{name}: {}",
                flatfile::FileError::TooLarge(file.size() as usize).sentence()
            )));
            return;
        }
        working.set(true);
        stop.set(false);
        let i = info.get_value();
        let s = sep.get_untracked();
        spawn_local(async move {
            let result = match read_file(file).await {
                Ok(bytes) => {
                    let text = String::from_utf8(bytes.clone()).unwrap_or_default();
                    make_preview(&i, &s, name.clone(), bytes, stage, progress, stop)
                        .await
                        .map(|p| {
                            p.map(|mut p| {
                                p.text = text;
                                p
                            })
                        })
                }
                Err(e) => Err(e),
            };
            match result {
                Ok(Some(p)) => {
                    sleep(0).await;
                    if let Some(w) = web_sys::window() {
                        let _ = js_sys::Reflect::set(
                            &w,
                            &"__isc_preview_ms".into(),
                            &(p.took_ms as f64).into(),
                        );
                    }
                    let _ = preview.try_set(Some(std::sync::Arc::new(p)));
                    crate::components::page::focus("ff-summary");
                }
                Ok(None) => {
                    let _ = failure.try_set(Some(format!("{name}: stopped; nothing was read.")));
                }
                Err(e) => {
                    let _ = failure.try_set(Some(format!("{name}: {e} Nothing was sent.")));
                    crate::components::page::focus("ff-failure");
                }
            }
            let _ = working.try_set(false);
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(f) = input.files().and_then(|l| l.get(0)) {
            take(f);
        }
        let _ = input
            .dyn_ref::<web_sys::HtmlInputElement>()
            .map(|i| i.set_value(""));
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        if let Some(f) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|l| l.get(0))
        {
            take(f);
        }
    };
    let shown = Memo::new(move |_| {
        let f = show.get();
        preview.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.rows
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| f == "all" || kind_key(&r.kind) == f)
                        .map(|(i, _)| i as u32)
                        .collect::<Vec<u32>>()
                })
                .unwrap_or_default()
        })
    });
    let count = Signal::derive(move || shown.with(Vec::len));
    let row_at = move |k: usize| -> Option<PreviewRow> {
        let i = shown.with_untracked(|s| s.get(k).copied())? as usize;
        preview.with_untracked(|p| p.as_ref().and_then(|p| p.rows.get(i).cloned()))
    };
    view! {
        <section aria-labelledby="import-h">
            <h2 id="import-h">"Import a file"</h2>
            <p>"The file is read here, in the page: each row is checked with the account form's rules and compared with what ISC holds. Nothing is sent until you apply it."</p>
            <div class="dropzone" class:over=move || over.get()
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
                on:dragleave=move |_| over.set(false)
                on:drop=on_drop>
                <label for="ff-file">"CSV file"</label>
                <input id="ff-file" type="file" accept=".csv,text/csv,text/plain" on:change=on_pick disabled=move || working.get() aria-describedby="ff-file-hint"/>
                <p class="hint" id="ff-file-hint">{move || format!("Or drop a file here. UTF-8, a header row, at most 20 MB, cells separated by {}.", info.with_value(|i| i.delimiter))}</p>
            </div>
            <Show when=Signal::derive(move || working.get())>
                <p role="status"><progress max=move || progress.get().1.unwrap_or(0).max(1) value=move || progress.get().0 aria-label="Import progress"></progress>
                " "{move || stage.get()}" "{move || progress_text(progress.get(), "rows or accounts")}
                " "<button type="button" class="secondary" on:click=move |_| stop.set(true)>"Stop"</button></p>
            </Show>
            {move || failure.get().map(|f| view! { <p id="ff-failure" tabindex="-1" role="alert" class="failure">{f}</p> })}
            {move || preview.get().map(|p| {
                let c = p.counts;
                let notes = {
                    let mut n = vec![];
                    if p.bom { n.push("A byte-order mark at the start of the file was removed.".to_string()); }
                    if !p.map.unknown.is_empty() { n.push(format!("Columns the account schema does not have, ignored: {}.", p.map.unknown.join(", "))); }
                    if !p.map.missing.is_empty() { n.push(format!("Schema attributes with no column: {} (a row update keeps what ISC holds; an aggregation of this file would empty them).", p.map.missing.join(", "))); }
                    n
                };
                let missing_n = p.missing.len();
                let first: Vec<Missing> = p.missing.iter().take(50).cloned().collect();
                view! {
                    <h3 id="ff-summary" tabindex="-1">{format!("{}: {} rows", p.file, p.rows.len())}</h3>
                    <ul class="counts" aria-label="What the file changes">
                        <li>{format!("New: {}", c.new)}</li>
                        <li>{format!("Changed: {}", c.changed)}</li>
                        <li>{format!("Unchanged: {}", c.unchanged)}</li>
                        <li>{format!("Invalid: {}", c.invalid)}</li>
                        <li><strong>{format!("In ISC, not in the file: {missing_n}")}</strong></li>
                    </ul>
                    {notes.into_iter().map(|n| view! { <p class="hint">{n}</p> }).collect_view()}
                    <section class="notice" aria-labelledby="ff-gone-h">
                        <h4 id="ff-gone-h">{if missing_n == 0 { "Every account ISC holds is in the file".to_string() } else { format!("{} in ISC {} not in this file", plural(missing_n, "account"), if missing_n == 1 { "is" } else { "are" }) }}</h4>
                        {(missing_n > 0).then(|| view! {
                            <p>"Applying row by row leaves them as they are. "<strong>"Uploading and aggregating this file would remove them"</strong>" (unless more than the source's delete threshold would go; then ISC skips the removal)."</p>
                            <ul class="gone" aria-label="Would be removed by an aggregation">
                                {first.into_iter().map(|m| view! { <li><bdi>{m.native}</bdi>" "<span class="hint"><bdi>{m.name}</bdi></span></li> }).collect_view()}
                            </ul>
                            {(missing_n > 50).then(|| view! { <p class="hint">{format!("…and {} more.", missing_n - 50)}</p> })}
                        })}
                    </section>
                }
            })}
            <Show when=Signal::derive(move || preview.with(|p| p.is_some()))>
                <div class="field">
                    <label for="ff-show">"Show"</label>
                    <select id="ff-show" on:change=move |ev| show.set(event_target_value(&ev)) prop:value=move || show.get()>
                        {FILTERS.iter().map(|(k, l)| view! { <option value=*k>{*l}</option> }).collect_view()}
                    </select>
                </div>
                <VirtualTable label="Preview of the file".to_string() count=count columns=4
                    key=move |k| shown.with(|s| s.get(k).copied().unwrap_or(u32::MAX))
                    row=move |k| {
                        let r = row_at(k);
                        view! {
                            <tr aria-rowindex=k + 2>
                                <td>{r.as_ref().map(|r| r.line)}</td>
                                <td><bdi>{r.as_ref().map(|r| r.native.clone())}</bdi></td>
                                <td>{r.as_ref().map(|r| match r.kind { RowKind::New => "new", RowKind::Changed(_) => "changed", RowKind::Unchanged => "unchanged", RowKind::Invalid(_) => "invalid" })}</td>
                                <td class="wrap"><bdi>{r.as_ref().map(|r| details(&r.kind))}</bdi></td>
                            </tr>
                        }
                    }>
                    <th scope="col">"Row"</th><th scope="col">"Native identity"</th><th scope="col">"Change"</th><th scope="col">"Details"</th>
                </VirtualTable>
                <section aria-labelledby="apply-h">
                    <h2 id="apply-h">"Apply"</h2>
                    <div class="two-ways">
                        <ApplyRows info=info preview=preview ro=ro/>
                        <div class="way">
                            <h3>"Upload and aggregate"</h3>
                            <p>{move || preview.with(|p| p.as_ref().map(|p| format!(
                                "Sends this file to load-accounts: ISC makes it the source's truth. {} new and {} changed accounts are written, and {} not in the file removed, unless that is more than {} of the source's accounts (then ISC skips the removal and says so).",
                                p.counts.new, p.counts.changed, plural(p.missing.len(), "account"), threshold.get_value())))}</p>
                            <Aggregate info=info preview=preview ro=ro/>
                        </div>
                    </div>
                </section>
            </Show>
        </section>
    }
}

/// "Row by row through the accounts API": creates and PUTs, paced by the client, with
/// Pause/Resume/Stop, each outcome read back from the tenant, and a report.
#[component]
fn ApplyRows(
    info: StoredValue<Info>,
    preview: RwSignal<Option<std::sync::Arc<Preview>>>,
    ro: Signal<bool>,
) -> impl IntoView {
    let steps = StoredValue::new(Vec::<Step>::new());
    let states = RwSignal::new(Vec::<State>::new());
    let tasks_of = StoredValue::new(Vec::<String>::new());
    let running = RwSignal::new(false);
    let paused = RwSignal::new(false);
    let stop = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let stage = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<String>);
    let duplicates = RwSignal::new(Vec::<(String, Vec<String>)>::new());
    // A new preview is a new plan.
    Effect::new(move |_| {
        let plan: Vec<Step> = preview.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.rows
                        .iter()
                        .filter_map(|r| match &r.kind {
                            RowKind::New => Some(Step {
                                line: r.line,
                                native: r.native.clone(),
                                create: true,
                                account_id: None,
                                attributes: r.attributes.clone(),
                            }),
                            RowKind::Changed(_) => {
                                let id = r.account_id.clone()?;
                                let held = p.held.get(&id).cloned().unwrap_or_default();
                                Some(Step {
                                    line: r.line,
                                    native: r.native.clone(),
                                    create: false,
                                    attributes: flatfile::put_attributes(&held, r, &p.map),
                                    account_id: Some(id),
                                })
                            }
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default()
        });
        let n = plan.len();
        steps.set_value(plan);
        tasks_of.set_value(vec![String::new(); n]);
        states.set(vec![State::NotSent; n]);
        outcome.set(None);
        duplicates.set(vec![]);
    });
    let total = Signal::derive(move || states.with(Vec::len));
    let settled = Signal::derive(move || {
        states.with(|s| {
            s.iter()
                .filter(|x| matches!(x, State::Done(_) | State::Failed(_)))
                .count()
        })
    });
    let resendable = Signal::derive(move || {
        states.with(|s| s.iter().filter(|x| matches!(x, State::NotSent)).count())
    });
    let run = move || {
        if running.get_untracked() {
            return;
        }
        confirm.set(false);
        running.set(true);
        paused.set(false);
        stop.set(false);
        outcome.set(None);
        let sid = info.with_value(|i| i.id.clone());
        spawn_local(async move {
            apply_run(
                sid, steps, states, tasks_of, paused, stop, stage, duplicates,
            )
            .await;
            let (done, failed, unsent) = states
                .try_with_untracked(|s| {
                    (
                        s.iter().filter(|x| matches!(x, State::Done(_))).count(),
                        s.iter().filter(|x| matches!(x, State::Failed(_))).count(),
                        s.iter().filter(|x| matches!(x, State::NotSent)).count(),
                    )
                })
                .unwrap_or_default();
            let _ = outcome.try_set(Some(format!(
                "{done} rows applied, {failed} failed, {unsent} not sent. The report below says what the tenant holds for each."
            )));
            let _ = running.try_set(false);
            crate::components::page::focus("ff-apply-outcome");
        });
    };
    let report = move || -> Vec<ReportRow> {
        let s = states.get_untracked();
        let t = tasks_of.get_value();
        steps.with_value(|steps| {
            steps
                .iter()
                .zip(s.iter())
                .enumerate()
                .map(|(k, (st, state))| {
                    let (outcome, message) = match state {
                        State::NotSent => ("not sent", String::new()),
                        State::Sent(m) => ("sent", m.clone()),
                        State::Unknown(m) => ("unknown", m.clone()),
                        State::Done(m) => ("done", m.clone()),
                        State::Failed(m) => ("failed", m.clone()),
                    };
                    ReportRow {
                        line: st.line,
                        native: st.native.clone(),
                        action: if st.create {
                            "create".into()
                        } else {
                            "update".into()
                        },
                        outcome: outcome.into(),
                        task_id: t.get(k).cloned().unwrap_or_default(),
                        message,
                    }
                })
                .collect()
        })
    };
    let creates = Signal::derive(move || {
        states.track();
        steps.with_value(|s| s.iter().filter(|x| x.create).count())
    });
    view! {
        <div class="way">
            <h3>"Row by row through the accounts API"</h3>
            <p>{move || format!(
                "Creates {} and updates {} (PUT, flat files only), one call a row, paced to the tenant's rate limit; each outcome is read back from the tenant. Accounts ISC holds that the file lacks stay as they are, but the next aggregation of a file without these rows would remove them: export before you aggregate.",
                plural(creates.get(), "account"), total.get() - creates.get())}</p>
            <div class="actions">
                <button type="button" disabled=move || running.get() || total.get() == 0 || ro.get() on:click=move |_| { confirm.set(true); crate::components::page::focus("ff-apply-go"); }>
                    {move || format!("Apply {} rows…", total.get())}</button>
                <Show when=Signal::derive(move || running.get())>
                    <button type="button" class="secondary" on:click=move |_| paused.update(|p| *p = !*p)>{move || if paused.get() { "Resume" } else { "Pause" }}</button>
                    <button type="button" class="secondary" on:click=move |_| stop.set(true)>"Stop"</button>
                </Show>
                <Show when=Signal::derive(move || !running.get() && resendable.get() > 0 && resendable.get() < total.get())>
                    <button type="button" class="secondary" disabled=move || ro.get() on:click=move |_| run()>{move || format!("Send the {} rows not sent", resendable.get())}</button>
                </Show>
            </div>
            <Show when=Signal::derive(move || confirm.get())>
                <div class="notice" role="group" aria-label="Confirm apply">
                    <p>{move || format!("Send {} calls to {}? Each create makes an account in ISC only (the create call does not provision); the file stays the truth at the next aggregation.", total.get(), info.with_value(|i| isc_core::shown::inline(&i.name)))}</p>
                    <button type="button" id="ff-apply-go" on:click=move |_| run()>"Apply"</button>
                    <button type="button" class="secondary" on:click=move |_| confirm.set(false)>"Cancel"</button>
                </div>
            </Show>
            <Show when=Signal::derive(move || running.get() || settled.get() > 0)>
                <p role="status"><progress max=move || total.get().max(1) value=move || settled.get() aria-label="Apply progress"></progress>
                    {move || format!(" {} of {} rows settled{}{}", settled.get(), total.get(), if paused.get() { " (paused)" } else { "" }, { let s = stage.get(); if s.is_empty() { s } else { format!(" · {s}") } })}</p>
            </Show>
            {move || { let d = duplicates.get(); (!d.is_empty()).then(|| view! {
                <div role="alert" class="failure">
                    <p>{format!("{} native identities have two accounts on this source (a create the browser sent again?):", d.len())}</p>
                    <ul>{d.into_iter().map(|(n, ids)| view! { <li><bdi>{n}</bdi>": "{ids.into_iter().map(|id| { let h = crate::route::href(&format!("/accounts/{id}")); view! { <a href=h>{id}</a>" " } }).collect_view()}"(open one and delete it)"</li> }).collect_view()}</ul>
                </div>
            }) }}
            <Outcome id="ff-apply-outcome" text=outcome/>
            <Show when=Signal::derive(move || settled.get() > 0 && !running.get())>
                <button type="button" class="secondary" on:click=move |_| {
                    let name = file_name(&info.with_value(|i| i.name.clone()), "report");
                    crate::pages::activity::download(&name, "text/csv", &flatfile::report_csv(&report()));
                }>"Download the report (CSV)"</button>
                <VirtualTable label="Apply report".to_string() count=total columns=5
                    key=move |k| k
                    row=move |k| {
                        let st = steps.with_value(|s| s.get(k).map(|s| (s.line, s.native.clone(), s.create)));
                        let state = states.with(|s| s.get(k).cloned());
                        let task = tasks_of.with_value(|t| t.get(k).cloned().unwrap_or_default());
                        let (o, m) = match state { Some(State::Done(m)) => ("done", m), Some(State::Failed(m)) => ("failed", m), Some(State::Unknown(m)) => ("unknown", m), Some(State::Sent(m)) => ("sent", m), _ => ("not sent", String::new()) };
                        view! { <tr aria-rowindex=k + 2>
                            <td>{st.as_ref().map(|s| s.0)}</td>
                            <td><bdi>{st.as_ref().map(|s| s.1.clone())}</bdi></td>
                            <td>{st.as_ref().map(|s| if s.2 { "create" } else { "update" })}</td>
                            <td>{o}</td>
                            <td class="wrap"><bdi>{m}</bdi>{(!task.is_empty()).then(|| view! { <span class="hint">{format!(" task {task}")}</span> })}</td>
                        </tr> }
                    }>
                    <th scope="col">"Row"</th><th scope="col">"Native identity"</th><th scope="col">"Action"</th><th scope="col">"Outcome"</th><th scope="col">"Tenant's word"</th>
                </VirtualTable>
            </Show>
        </div>
    }
}

/// Whether the tenant may have carried a failed write out: no answer, a time-out, an
/// unreadable one, a cancel, a gateway error, or (for a create) "already exists", which a create the browser
/// sent twice also answers.
fn may_have_acted(e: &ApiError, create: bool) -> bool {
    e.outcome_unknown() || (create && e.already_exists())
}

/// Sends the rows not sent yet (three at a time, the limiter pacing them), then reads the
/// source back and settles every row from what the tenant holds.
#[allow(clippy::too_many_arguments)]
async fn apply_run(
    sid: String,
    steps: StoredValue<Vec<Step>>,
    states: RwSignal<Vec<State>>,
    tasks_of: StoredValue<Vec<String>>,
    paused: RwSignal<bool>,
    stop: RwSignal<bool>,
    stage: RwSignal<String>,
    duplicates: RwSignal<Vec<(String, Vec<String>)>>,
) {
    let g = crate::api::generation();
    let todo: Vec<usize> = states
        .get_untracked()
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s, State::NotSent))
        .map(|(i, _)| i)
        .collect();
    let todo = std::rc::Rc::new(std::cell::RefCell::new(std::collections::VecDeque::from(
        todo,
    )));
    let set = move |k: usize, s: State| {
        let _ = states.try_update(|v| {
            if let Some(x) = v.get_mut(k) {
                *x = s
            }
        });
    };
    let _ = stage.try_set("sending".into());
    let worker = {
        let todo = todo.clone();
        let sid = sid.clone();
        move || {
            let todo = todo.clone();
            let sid = sid.clone();
            async move {
                loop {
                    while paused.try_get_untracked().unwrap_or(false)
                        && !stop.try_get_untracked().unwrap_or(true)
                    {
                        sleep(200).await;
                    }
                    if stop.try_get_untracked().unwrap_or(true) {
                        return;
                    }
                    let Some(k) = todo.borrow_mut().pop_front() else {
                        return;
                    };
                    let Some(st) = steps.with_value(|s| s.get(k).cloned()) else {
                        return;
                    };
                    let req = if st.create {
                        accounts::create(g, &sid, &st.attributes)
                    } else {
                        accounts::replace(g, st.account_id.as_deref().unwrap_or(""), &st.attributes)
                    };
                    match crate::api::call(req).await {
                        Ok(resp) => {
                            let task = serde_json::from_str::<Value>(&resp.body)
                                .ok()
                                .and_then(|v| v["id"].as_str().map(str::to_string))
                                .unwrap_or_default();
                            tasks_of.update_value(|t| {
                                if let Some(x) = t.get_mut(k) {
                                    *x = task
                                }
                            });
                            set(k, State::Sent("accepted; the task runs".into()));
                        }
                        Err(e) if may_have_acted(&e, st.create) => {
                            set(k, State::Unknown(e.sentence()))
                        }
                        Err(e) => set(k, State::Failed(e.sentence())),
                    }
                }
            }
        }
    };
    const WORKERS: usize = 3;
    let mut finished = Vec::new();
    for _ in 0..WORKERS {
        let w = worker.clone();
        let (tx, rx) = futures_channel::oneshot::channel::<()>();
        finished.push(rx);
        spawn_local(async move {
            w().await;
            let _ = tx.send(());
        });
    }
    for rx in finished {
        let _ = rx.await;
    }
    // Settle from what the tenant holds: a task makes its account a little after the call.
    for round in 0..4 {
        let open: Vec<usize> = states
            .get_untracked()
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s, State::Sent(_) | State::Unknown(_)))
            .map(|(i, _)| i)
            .collect();
        if open.is_empty() {
            break;
        }
        let _ = stage.try_set(format!(
            "reading back what the tenant holds (round {})",
            round + 1
        ));
        sleep(if round == 0 { 1_500 } else { 3_000 }).await;
        let progress = RwSignal::new((0usize, None));
        let keep = RwSignal::new(false);
        let Ok(Some(held)) = read_accounts(&sid, progress, keep).await else {
            let _ = stage
                .try_set("the source could not be read back; the report says what was sent".into());
            return;
        };
        let mut by_native: HashMap<&str, Vec<&Value>> = HashMap::new();
        for a in &held {
            if let Some(n) = a["nativeIdentity"].as_str() {
                by_native.entry(n).or_default().push(a);
            }
        }
        let twice: Vec<(String, Vec<String>)> = by_native
            .iter()
            .filter(|(_, v)| v.len() > 1)
            .map(|(n, v)| {
                (
                    n.to_string(),
                    v.iter()
                        .filter_map(|a| a["id"].as_str().map(str::to_string))
                        .collect(),
                )
            })
            .collect();
        let _ = duplicates.try_set(twice);
        for k in open {
            let Some(st) = steps.with_value(|s| s.get(k).cloned()) else {
                continue;
            };
            let state = states.with_untracked(|s| s[k].clone());
            let found = by_native
                .get(st.native.as_str())
                .and_then(|v| v.first().copied());
            let landed = match (&st.create, found) {
                (true, Some(_)) => true,
                (false, Some(a)) => st.attributes.iter().all(|(name, v)| {
                    flatfile::cell(&a["attributes"][name.as_str()], "\u{1f}")
                        == flatfile::cell(v, "\u{1f}")
                }),
                _ => false,
            };
            if landed {
                let how = if matches!(state, State::Unknown(_)) {
                    "the answer was lost, but the tenant holds it"
                } else if st.create {
                    "created"
                } else {
                    "updated"
                };
                set(k, State::Done(how.into()));
                continue;
            }
            // Not there (yet): the task says why, or that it still runs.
            let task = tasks_of.with_value(|t| t.get(k).cloned().unwrap_or_default());
            if !task.is_empty() {
                if let Ok((v, _)) = crate::api::call_json(tasks::get(g, &task)).await {
                    match tasks::task_state(&v) {
                        tasks::TaskState::Running => {}
                        tasks::TaskState::Succeeded if round < 3 => {}
                        tasks::TaskState::Succeeded => set(
                            k,
                            State::Failed(
                                "the task succeeded but the account does not show it".into(),
                            ),
                        ),
                        tasks::TaskState::Failed(s) => {
                            let m = tasks::task_messages(&v).join(" ");
                            set(k, State::Failed(format!("the task ended {s}: {m}")));
                        }
                    }
                }
            } else if round >= 1 {
                // No task id and still absent after a wait: it did not happen; it may be sent again.
                set(k, State::NotSent);
            }
        }
    }
    let _ = stage.try_set(String::new());
}

/// Reads back after an aggregation whose answer was lost: this many reads, 3 s apart.
const AGG_ROUNDS: u64 = 10;

/// The ids of the source's completed tasks (`None`: the read failed).
async fn completed_tasks(g: isc_core::api::Generation, sid: &str) -> Option<Vec<String>> {
    let (v, _) = crate::api::call_json(tasks::completed_on_source(g, sid))
        .await
        .ok()?;
    Some(isc_core::api::ids(&v))
}

/// "Upload and aggregate" (or, without a preview, an aggregation from the connector): the
/// load-accounts call, then its task followed to the counts.
#[component]
fn Aggregate(
    info: StoredValue<Info>,
    preview: RwSignal<Option<std::sync::Arc<Preview>>>,
    ro: Signal<bool>,
) -> impl IntoView {
    let no_opt = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let running = RwSignal::new(false);
    let outcome = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let counts = RwSignal::new(Vec::<(String, String)>::new());
    let messages = RwSignal::new(Vec::<String>::new());
    let blocked =
        Signal::derive(move || preview.with(|p| p.as_ref().is_some_and(|p| p.counts.invalid > 0)));
    let run = move || {
        confirm.set(false);
        running.set(true);
        outcome.set(None);
        failure.set(None);
        counts.set(vec![]);
        messages.set(vec![]);
        let i = info.get_value();
        let file = preview
            .get_untracked()
            .map(|p| (p.file.clone(), p.text.clone()));
        let no_opt = no_opt.get_untracked();
        spawn_local(async move {
            let g = crate::api::generation();
            let req = sources::load_accounts(
                g,
                &i.id,
                file.as_ref().map(|(n, t)| (n.as_str(), t.as_str())),
                no_opt,
            );
            // The source's completed tasks before sending: after a lost answer, a new one is
            // the aggregation this call started.
            let before = completed_tasks(g, &i.id).await;
            let sent = match crate::api::call_json(req).await {
                Ok((v, _)) => Ok((v["task"]["id"].as_str().unwrap_or("").to_string(), String::new())),
                Err(e) if may_have_acted(&e, false) => match before {
                    Some(before) => {
                        let _ = outcome.try_set(Some("The outcome is unknown: looking for the aggregation among the source's completed tasks…".into()));
                        let mut found = None;
                        for _ in 0..AGG_ROUNDS {
                            sleep(3_000).await;
                            if let Some(now) = completed_tasks(g, &i.id).await {
                                found = now.into_iter().find(|t| !before.contains(t));
                                if found.is_some() {
                                    break;
                                }
                            }
                        }
                        match found {
                            Some(id) => Ok((id, "The answer to the call was lost, but the tenant ran the aggregation: ".to_string())),
                            None => Err(format!("{} Read back for {} s, no new aggregation of this source has completed: it may still run. Look in Tasks or at the source's accounts before you send it again.", e.sentence(), AGG_ROUNDS * 3)),
                        }
                    }
                    None => Err(format!("{} The tenant may have started the aggregation all the same: look at the source's accounts before you send it again.", e.sentence())),
                },
                Err(e) => Err(e.sentence()),
            };
            match sent {
                Ok((id, lead)) => {
                    let say = move |s: String| {
                        let _ = outcome.try_set(Some(format!("{lead}{s}")));
                    };
                    say(format!("Aggregation started (task {id}); following it…"));
                    let started = now_ms();
                    loop {
                        sleep(1_000).await;
                        match crate::api::call_json(tasks::get(g, &id)).await {
                            Ok((t, _)) => {
                                let _ = counts.try_set(flatfile::task_counts(&t));
                                let _ = messages.try_set(tasks::task_messages(&t));
                                match tasks::task_state(&t) {
                                    tasks::TaskState::Running => {}
                                    tasks::TaskState::Succeeded => {
                                        say(format!(
                                            "The aggregation of {} completed (task {id}).",
                                            isc_core::shown::inline(&i.name)
                                        ));
                                        break;
                                    }
                                    tasks::TaskState::Failed(s) => {
                                        say(format!("The aggregation of {} ended with {s} (task {id}): read its messages below.", isc_core::shown::inline(&i.name)));
                                        break;
                                    }
                                }
                            }
                            Err(e) => {
                                let _ = failure.try_set(Some(format!(
                                    "The task could not be read: {}",
                                    e.sentence()
                                )));
                            }
                        }
                        if now_ms() - started > 300_000 {
                            say(format!("Task {id} still runs after 5 minutes; look at it later in Tasks or in ISC."));
                            break;
                        }
                    }
                }
                Err(why) => {
                    let _ = failure.try_set(Some(why));
                }
            }
            let _ = running.try_set(false);
            crate::components::page::focus("ff-agg-outcome");
        });
    };
    let with_file = Signal::derive(move || preview.with(|p| p.is_some()));
    view! {
        <div class="field check">
            <input id="ff-noopt" type="checkbox" prop:checked=move || no_opt.get() on:change=move |ev| no_opt.set(event_target_checked(&ev))/>
            <label for="ff-noopt">"Disable optimization (reprocess every account, changed or not)"</label>
        </div>
        <Show when=Signal::derive(move || blocked.get())>
            <p class="hint">"Fix the invalid rows first: an aggregation would read them as they are."</p>
        </Show>
        <button type="button" disabled=move || running.get() || blocked.get() || ro.get()
            on:click=move |_| { confirm.set(true); crate::components::page::focus("ff-agg-go"); }>
            {move || if with_file.get() { "Upload and aggregate…" } else { "Aggregate now…" }}</button>
        <Show when=Signal::derive(move || confirm.get())>
            <div class="notice" role="group" aria-label="Confirm aggregation">
                <p>{move || preview.with(|p| match p {
                    Some(p) if !p.missing.is_empty() => format!("Aggregate {} into {}? {} that ISC holds and the file lacks will be removed.", p.file, info.with_value(|i| isc_core::shown::inline(&i.name)), plural(p.missing.len(), "account")),
                    Some(p) => format!("Aggregate {} into {}? Every account ISC holds is in the file.", p.file, info.with_value(|i| isc_core::shown::inline(&i.name))),
                    None => format!("Aggregate {} from its connector now?", info.with_value(|i| isc_core::shown::inline(&i.name))),
                })}</p>
                <button type="button" id="ff-agg-go" class="danger" on:click=move |_| run()>{move || if with_file.get() { "Upload and aggregate" } else { "Aggregate" }}</button>
                <button type="button" class="secondary" on:click=move |_| confirm.set(false)>"Cancel"</button>
            </div>
        </Show>
        {move || failure.get().map(|f| view! { <p role="alert" class="failure">{f}</p> })}
        <Outcome id="ff-agg-outcome" text=outcome/>
        <Show when=Signal::derive(move || !counts.with(Vec::is_empty))>
            <dl class="facts" aria-label="Aggregation counts">
                {move || counts.get().into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
        </Show>
        <ul class="messages" aria-label="Task messages">{move || messages.get().into_iter().map(|m| view! { <li><bdi>{m}</bdi></li> }).collect_view()}</ul>
    }
}
