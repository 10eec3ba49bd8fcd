//! Loading a flat file's entitlements: an entitlements CSV read against the entitlement schema
//! and the accounts (`isc_core::flatfile::entitlements`), every row checked and shown with who
//! holds it, then sent as an entitlement aggregation (`load-entitlements`) and its task
//! followed. After the load the file is compared with the tenant again.

use super::follow::Followed;
use super::*;
use isc_core::flatfile::entitlements::{self as ents, EntitlementPreview};

/// The file as read, and what it holds against the schema and the accounts.
#[derive(Clone)]
struct Loaded {
    file: String,
    text: String,
    preview: EntitlementPreview,
    /// 0 for a file just picked; 1, 2, … after each load.
    round: u32,
}

/// The entitlements section of a flat file's page.
#[component]
pub(super) fn LoadEntitlements(info: StoredValue<Info>, ro: Signal<bool>) -> impl IntoView {
    let loaded = RwSignal::new(None::<Result<Loaded, String>>);
    let reading = RwSignal::new(false);
    let progress = RwSignal::new((0usize, None::<u64>));
    let confirm = RwSignal::new(false);
    let followed = Followed::new("entitlement load");
    // Reads the accounts, then the file against the schema and them.
    let compare = move |file: String, bytes: Vec<u8>, round: u32| {
        let i = info.get_value();
        reading.set(true);
        spawn_local(async move {
            let stop = RwSignal::new(false);
            let got = match read_accounts(&i.id, progress, stop).await {
                Err(e) => Err(e.sentence()),
                Ok(None) => return,
                Ok(Some(accounts)) => {
                    let held = ents::held_values(&accounts, &i.schema);
                    let schema = i.ents.clone().unwrap_or_default();
                    ents::preview(&bytes, i.delimiter, &schema, &held)
                        .map(|preview| Loaded {
                            text: String::from_utf8(bytes).unwrap_or_default(),
                            file: file.clone(),
                            preview,
                            round,
                        })
                        .map_err(|e| format!("{file}: {e} Nothing was sent."))
                }
            };
            let _ = loaded.try_set(Some(got));
            let _ = reading.try_set(false);
            crate::components::page::focus("ent-preview");
        });
    };
    let pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        input.set_value("");
        followed.outcome.set(None);
        spawn_local(async move {
            let name = file.name();
            match crate::components::download::read_text(&file).await {
                Some(text) => compare(name, text.into_bytes(), 0),
                None => loaded.set(Some(Err(format!("The browser could not read {name}.")))),
            }
        });
    };
    let blocked = Signal::derive(move || {
        loaded.with(|l| !matches!(l, Some(Ok(l)) if l.preview.invalid() == 0))
    });
    let run = move || {
        confirm.set(false);
        let Some(Ok(l)) = loaded.get_untracked() else {
            return;
        };
        let i = info.get_value();
        let req = sources::load_entitlements(
            crate::api::generation(),
            &i.id,
            Some((l.file.as_str(), l.text.as_str())),
        );
        spawn_local(async move {
            followed.run(req, i.id.clone(), i.name.clone()).await;
            // The file compared with the tenant again, as the tenant now holds it.
            if !reading.is_disposed() {
                compare(l.file.clone(), l.text.clone().into_bytes(), l.round + 1);
            }
            crate::components::page::focus("ent-load-outcome");
        });
    };
    let i = info.get_value();
    let source_href = crate::route::href(&format!(
        "/sources/{}",
        isc_core::http::encode_component(&i.id)
    ));
    let schema = i.ents.clone();
    view! {
        <section aria-labelledby="ents-h">
            <h2 id="ents-h">"Entitlements"</h2>
            {match schema {
                None => view! { <p>"This source has no entitlement schema, so it takes no entitlements file."</p> }.into_any(),
                Some(s) if s.attributes.is_empty() => view! {
                    <p>{format!("The entitlement schema {} has no attributes yet: ", s.name)}<a href=source_href>"define them on the source's page"</a>" (upload a CSV header), then load a file here."</p>
                }.into_any(),
                Some(s) => view! {
                    <p>{format!(
                        "An entitlements file has one row per entitlement, its columns the entitlement schema's ({}); {} holds the value accounts carry. Loading it makes it the source's entitlements: a new row is created, a changed one updated, and an entitlement the file lacks is removed from ISC.",
                        s.attributes.join(", "), if s.identity.is_empty() { s.attributes[0].clone() } else { s.identity.clone() })}</p>
                    <div class="field">
                        <label for="ent-file">"Entitlements file (CSV)"</label>
                        <input id="ent-file" type="file" accept=".csv,text/csv,text/plain" on:change=pick disabled=move || reading.get() || followed.running.get()/>
                    </div>
                }.into_any(),
            }}
            <Show when=Signal::derive(move || reading.get())>
                <p role="status">{move || progress_text(progress.get(), "accounts to see who holds each entitlement")}</p>
            </Show>
            <div id="ent-preview" tabindex="-1">
                {move || loaded.get().map(|l| match l {
                    Err(e) => view! { <p role="alert" class="failure">{e}</p> }.into_any(),
                    Ok(l) => preview_view(&l).into_any(),
                })}
            </div>
            <Show when=Signal::derive(move || matches!(loaded.get(), Some(Ok(_))))>
                <Show when=Signal::derive(move || blocked.get())>
                    <p class="hint">"Fix the rows with a problem first: ISC would skip them, and remove the entitlements they stand for."</p>
                </Show>
                <button type="button" id="ent-load-open" disabled=move || blocked.get() || ro.get() || followed.running.get() || reading.get()
                    on:click=move |_| { confirm.set(true); crate::components::page::focus("ent-load-cancel"); }>"Load entitlements…"</button>
            </Show>
            <Show when=Signal::derive(move || confirm.get())>
                <div class="notice" role="group" aria-label="Confirm the entitlement load">
                    <p>{move || loaded.with(|l| match l {
                        Some(Ok(l)) => format!(
                            "Load {} from {} into {}? ISC makes the file the source's entitlements: any entitlement the file lacks is removed{}.",
                            plural(l.preview.rows.len(), "entitlement"), l.file, info.with_value(|i| isc_core::shown::inline(&i.name)),
                            if l.preview.undescribed.is_empty() { String::new() } else {
                                format!(" (accounts hold {} the file does not describe: they keep the value)", plural(l.preview.undescribed.len(), "value"))
                            }),
                        _ => String::new(),
                    })}</p>
                    <div class="actions">
                        <button type="button" class="danger" on:click=move |_| run()>"Load entitlements"</button>
                        <button type="button" id="ent-load-cancel" class="secondary" on:click=move |_| { confirm.set(false); crate::components::page::focus("ent-load-open"); }>"Cancel"</button>
                    </div>
                </div>
            </Show>
            {followed.view("ent-load-outcome")}
        </section>
    }
}

/// What the file holds: the summary, then every row with who holds it and its problems.
fn preview_view(l: &Loaded) -> impl IntoView {
    let p = &l.preview;
    let rows = p.rows.clone();
    let n = p.rows.len();
    let invalid = p.invalid();
    let list = |v: &[String]| v.join(", ");
    let undescribed = p
        .undescribed
        .iter()
        .map(|(v, k)| format!("{v} ({})", plural(*k, "account")))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <p>{format!("{}{}: {}, {} held by accounts of this source, {} held by none.",
            l.file,
            if l.round > 0 { " compared again with the tenant after the load" } else { "" },
            plural(n, "entitlement"), p.held(), n - invalid - p.held())}</p>
        <ul aria-label="What the entitlements file holds">
            <li>{if invalid == 0 { "Every row is valid.".to_string() } else { format!("{} with a problem: nothing can be loaded until it is fixed.", plural(invalid, "row")) }}</li>
            {(!p.unknown.is_empty()).then(|| view! { <li>{format!("Columns the entitlement schema lacks (ISC ignores them): {}", list(&p.unknown))}</li> })}
            {(!p.absent.is_empty()).then(|| view! { <li>{format!("Entitlement attributes the file has no column for (left empty): {}", list(&p.absent))}</li> })}
            {(!p.undescribed.is_empty()).then(|| view! { <li>{format!("Held by accounts, not in the file: {undescribed}. The load removes such an entitlement from ISC; the accounts keep the value.")}</li> })}
        </ul>
        <crate::components::table::ScrollTable label="Entitlements in the file" caption="Entitlements in the file, one row each"
            headers=&["Line", "Value", "Name", "Description", "Accounts holding it", "Problems"]>
            {rows.into_iter().map(|r| view! {
                <tr class=(!r.problems.is_empty()).then_some("invalid")>
                    <td>{r.line}</td>
                    <td><bdi>{r.value}</bdi></td>
                    <td><bdi>{r.name}</bdi></td>
                    <td><bdi>{r.description}</bdi></td>
                    <td>{r.holders}</td>
                    <td>{r.problems.join(" ")}</td>
                </tr>
            }).collect_view()}
        </crate::components::table::ScrollTable>
    }
}
