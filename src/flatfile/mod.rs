//! A source's flat file: export what ISC holds as CSV, import a CSV with a preview of what it
//! changes (and of what an aggregation of it would remove), then apply it row by row through
//! the accounts API or upload it and aggregate. The screen and its CSV engine are fetched with
//! its route chunk.

mod aggregate;
mod apply;
mod entitlements;
mod export;
mod follow;
mod import;
mod run;

use crate::api::transport::{now_ms, sleep};
use crate::components::page::{Crumbs, Outcome};
use crate::components::show::Show;
use crate::components::table::VirtualTable;
use aggregate::Aggregate;
use apply::ApplyRows;
use export::Export;
use import::Import;
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

crate::screen!(
    flatfile,
    flatfile_screen,
    leptos::view! { <SourceFilePage/> }
);

/// The flat-file page of a source.
#[component]
pub fn SourceFilePage() -> impl IntoView {
    view! {
        <Crumbs name="Flat file"/>
        <h1>"Flat file: export, import, aggregate"</h1>
        <crate::components::connected::Connected>
            <FlatFile/>
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
    /// The entitlement schema (a flat file's `group`), if the source has one.
    ents: Option<flatfile::entitlements::EntitlementSchema>,
}

async fn load_info(id: String) -> Result<Info, ApiError> {
    let g = crate::api::generation();
    let (source, _) = crate::api::call_json(sources::get(g, &id)).await?;
    let (list, _) = crate::api::call_json(sources::schemas(g, &id)).await?;
    let list = list.as_array().map(Vec::as_slice).unwrap_or(&[]);
    let schema = account_schema(list).unwrap_or_default();
    let ents = flatfile::entitlements::entitlement_schema(list);
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
        ents,
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

use isc_core::shown::count as plural;

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
    /// 0 for a file just picked; 1, 2, … for the same file compared again with the tenant
    /// after an apply or an aggregation.
    round: u32,
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
    /// Not sent: read before writing, the tenant already held it (a create of an account made
    /// earlier, an update to the values it has).
    Held(String),
}

impl State {
    /// The outcome as the report says it (its table and its CSV), and the tenant's word.
    fn report(&self) -> (&'static str, String) {
        match self {
            State::NotSent => ("not sent", String::new()),
            State::Sent(m) => ("sent", m.clone()),
            State::Unknown(m) => ("unknown", m.clone()),
            State::Done(m) => ("done", m.clone()),
            State::Failed(m) => ("failed", m.clone()),
            State::Held(m) => ("already in ISC", m.clone()),
        }
    }
}

/// The flat-file screen.
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
            view! {
                <Import info=info sep=sep ro=ro threshold=threshold/>
                <entitlements::LoadEntitlements info=info ro=ro/>
            }.into_any()
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

/// Whether the tenant may have carried a failed write out: no answer, a time-out, an
/// unreadable one, a cancel, a gateway error, or (for a create) "already exists", which a create the browser
/// sent twice also answers.
fn may_have_acted(e: &ApiError, create: bool) -> bool {
    e.outcome_unknown() || (create && e.already_exists())
}
