//! The import: a picked or dropped file read, checked and compared, and its preview.

use super::*;

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
        round: 0,
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
pub(super) fn Import(
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
    // The file last read, so the preview can be made again from the tenant after a write.
    let last_file = StoredValue::new(None::<(String, Vec<u8>)>);
    // Parse, check and compare `bytes`; `round` 0 is a file just picked (focus goes to the
    // summary), a later round the same file compared again after a write (focus stays).
    let compare = move |name: String, bytes: Vec<u8>, round: u32| {
        working.set(true);
        stop.set(false);
        let i = info.get_value();
        let s = sep.get_untracked();
        spawn_local(async move {
            let text = String::from_utf8(bytes.clone()).unwrap_or_default();
            let result = make_preview(&i, &s, name.clone(), bytes, stage, progress, stop)
                .await
                .map(|p| {
                    p.map(|mut p| {
                        p.text = text;
                        p.round = round;
                        p
                    })
                });
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
                    if round == 0 {
                        crate::components::page::focus("ff-summary");
                    }
                }
                Ok(None) => {
                    let _ = failure.try_set(Some(format!("{name}: stopped; nothing was read.")));
                }
                Err(e) if round == 0 => {
                    let _ = failure.try_set(Some(format!("{name}: {e} Nothing was sent.")));
                    crate::components::page::focus("ff-failure");
                }
                Err(e) => {
                    let _ = failure.try_set(Some(format!(
                        "{name} could not be compared with the tenant again: {e} The preview shows the tenant before the last write."
                    )));
                }
            }
            let _ = working.try_set(false);
        });
    };
    let take = move |file: web_sys::File| {
        if working.get_untracked() {
            return;
        }
        let name = file.name();
        failure.set(None);
        preview.set(None);
        last_file.set_value(None);
        if file.size() > flatfile::MAX_BYTES as f64 {
            failure.set(Some(format!(
                "{name}: {}",
                flatfile::FileError::TooLarge(file.size() as usize).sentence()
            )));
            return;
        }
        working.set(true);
        spawn_local(async move {
            match read_file(file).await {
                Ok(bytes) => {
                    last_file.set_value(Some((name.clone(), bytes.clone())));
                    compare(name, bytes, 0);
                }
                Err(e) => {
                    let _ = failure.try_set(Some(format!("{name}: {e} Nothing was sent.")));
                    let _ = working.try_set(false);
                    crate::components::page::focus("ff-failure");
                }
            }
        });
    };
    // After an apply or an aggregation: the same file, compared with what the tenant holds now.
    let again = Callback::new(move |_: ()| {
        let round = preview.with_untracked(|p| p.as_ref().map_or(0, |p| p.round)) + 1;
        if let Some((name, bytes)) = last_file.get_value() {
            compare(name, bytes, round);
        }
    });
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
    // The row whose whole details are shown under the table (a cell cuts long text).
    let opened = RwSignal::new(None::<PreviewRow>);
    Effect::new(move |_| {
        preview.track();
        opened.set(None);
    });
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
                    <h3 id="ff-summary" tabindex="-1">{format!("{}: {}", p.file, plural(p.rows.len(), "row"))}</h3>
                    {(p.round > 0).then(|| view! { <p class="hint" role="status">"Compared with the tenant again after the last write: the counts below are what it holds now."</p> })}
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
                        {(missing_n > 0).then(|| {
                            let r = flatfile::removal(missing_n, p.held.len(), info.with_value(|i| i.threshold));
                            let skipped = matches!(r, flatfile::Removal::Skipped { .. });
                            view! {
                            <p>"Applying row by row leaves them as they are. "<strong>{if skipped { r.sentence() } else { "Uploading and aggregating this file would remove them.".to_string() }}</strong>
                                {(!skipped).then(|| format!(" ({} of the source's accounts: within its delete threshold of {} %.)", p.held.len(), info.with_value(|i| i.threshold.unwrap_or(10))))}</p>
                            <ul class="gone" aria-label=if skipped { "Would have been removed, but ISC skips the removal" } else { "Would be removed by an aggregation" }>
                                {first.into_iter().map(|m| view! { <li><bdi>{m.native}</bdi>" "<span class="hint"><bdi>{m.name}</bdi></span></li> }).collect_view()}
                            </ul>
                            {(missing_n > 50).then(|| view! { <p class="hint">{format!("…and {} more.", missing_n - 50)}</p> })}
                        }})}
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
                        let open = r.clone();
                        view! {
                            <tr aria-rowindex=k + 2>
                                <td>{r.as_ref().map(|r| view! {
                                    <button type="button" class="small secondary" aria-controls="ff-row-detail"
                                        aria-label=format!("Details of row {}", r.line)
                                        on:click={ let open = open.clone(); move |_| { opened.set(open.clone()); crate::components::page::focus("ff-row-detail"); } }>{r.line}</button>
                                })}</td>
                                <td><bdi>{r.as_ref().map(|r| r.native.clone())}</bdi></td>
                                <td>{r.as_ref().map(|r| match r.kind { RowKind::New => "new", RowKind::Changed(_) => "changed", RowKind::Unchanged => "unchanged", RowKind::Invalid(_) => "invalid" })}</td>
                                <td class="wrap" title=r.as_ref().map(|r| details(&r.kind))><bdi>{r.as_ref().map(|r| details(&r.kind))}</bdi></td>
                            </tr>
                        }
                    }>
                    <th scope="col">"Row"</th><th scope="col">"Native identity"</th><th scope="col">"Change"</th><th scope="col">"Details"</th>
                </VirtualTable>
                <section id="ff-row-detail" class="notice" tabindex="-1" aria-label="Row details" aria-live="polite">
                    {move || match opened.get() {
                        None => view! { <p class="hint">"A row's number opens its whole details here (a cell shows the start; hovering shows the rest)."</p> }.into_any(),
                        Some(r) => view! {
                            <dl class="facts">
                                <dt>"Row"</dt><dd>{r.line}</dd>
                                <dt>"Native identity"</dt><dd><bdi>{r.native.clone()}</bdi></dd>
                                <dt>"Change"</dt><dd>{kind_key(&r.kind)}</dd>
                                <dt>"Details"</dt><dd><bdi>{details(&r.kind)}</bdi></dd>
                            </dl>
                        }.into_any(),
                    }}
                </section>
                <section aria-labelledby="apply-h">
                    <h2 id="apply-h">"Apply"</h2>
                    <div class="two-ways">
                        <ApplyRows info=info preview=preview ro=ro after=again/>
                        <div class="way">
                            <h3>"Upload and aggregate"</h3>
                            <p>{move || preview.with(|p| p.as_ref().map(|p| format!(
                                "Sends this file to load-accounts: ISC makes it the source's truth. {} new and {} changed accounts are written. {} (The delete threshold: {}.)",
                                p.counts.new, p.counts.changed,
                                flatfile::removal(p.missing.len(), p.held.len(), info.with_value(|i| i.threshold)).sentence(),
                                threshold.get_value())))}</p>
                            <Aggregate info=info preview=preview ro=ro after=again/>
                        </div>
                    </div>
                </section>
            </Show>
        </section>
    }
}
