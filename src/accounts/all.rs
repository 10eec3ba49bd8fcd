//! Accounts, all of them: every account matching the tenant-side filter (source,
//! correlation) is loaded in parallel pages under the rate limiter, with progress and a way
//! to stop; the table is usable from the first page. Sorting and the text filter then run
//! on the loaded rows, without asking the tenant again. Only the rows in view are rendered.

use crate::api::transport::now_ms;
use crate::components::show::{link_or_text, Show};
use crate::components::table::{ClientSortHeader, VirtualTable};
use isc_core::api::at_page;
use isc_core::grid::{account_rows, GridRow, GridView, ACCOUNT_COLUMNS};
use isc_core::http::ApiRequest;
use isc_core::paging::{remaining_offsets, total_count, PageQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};

/// Accounts a page (the most the API gives).
const PAGE: u32 = 250;
/// Pages in flight at once; the limiter still paces them to the tenant's rate.
const PARALLEL: usize = 6;

/// Rows in API order, filled in as pages arrive in any order.
#[derive(Clone, Default)]
struct Loaded {
    rows: Vec<Arc<GridRow>>,
    /// Offset → rows that page brought, for placing a late page where it belongs.
    pages: BTreeMap<u64, usize>,
}

impl Loaded {
    fn add(&mut self, offset: u64, rows: Vec<Arc<GridRow>>) {
        let at: usize = self.pages.range(..offset).map(|(_, n)| n).sum();
        self.pages.insert(offset, rows.len());
        self.rows.splice(at..at, rows);
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Loading,
    Stopped,
    Done(u64),
    Failed(String),
}

fn page_rows(body: &str) -> Result<Vec<Arc<GridRow>>, String> {
    account_rows(body, crate::text::fold)
        .map(|r| r.into_iter().map(Arc::new).collect())
        .map_err(|e| e.to_string())
}

/// Row `i` of an accounts table (both list modes). A cell cut short by the column's width
/// shows its whole text on hover.
pub fn account_tr(i: usize, r: &GridRow) -> impl IntoView {
    let href = crate::route::href(&format!("/accounts/{}", r.id));
    let cell = |c: usize| r.cells.get(c).cloned().unwrap_or_default();
    let [name, native, source, identity, status] = std::array::from_fn(cell);
    let [t_name, t_native, t_source, t_identity, t_status] = std::array::from_fn(cell);
    view! {
        <tr aria-rowindex=i + 2>
            <td title=t_name><a href=href>{name}</a></td>
            <td title=t_native><code>{native}</code></td>
            <td title=t_source><a href=crate::route::href(&format!("/sources/{}", r.links[0]))>{source}</a></td>
            <td title=t_identity>{link_or_text(&r.links[1], "/identities/", identity)}</td>
            <td title=t_status>{status}</td>
        </tr>
    }
}

/// Loads and shows every account `base` (an accounts list call with its filters) lists.
#[component]
pub fn AllAccounts(base: ApiRequest) -> impl IntoView {
    let loaded = RwSignal::new(Loaded::default());
    let total = RwSignal::new(None::<u64>);
    let phase = RwSignal::new(Phase::Loading);
    let failed_pages = RwSignal::new(Vec::<(u64, String)>::new());
    let grid = RwSignal::new(GridView::default());
    let stop = Arc::new(AtomicBool::new(false));
    let queue: Arc<Mutex<VecDeque<u64>>> = Arc::default();
    let started = now_ms();

    let page_req = {
        let base = base.clone();
        move |offset: u64, count: bool| {
            at_page(
                &base,
                PageQuery {
                    limit: PAGE,
                    offset,
                    count,
                },
            )
        }
    };
    let in_flight = Arc::new(AtomicUsize::new(0));
    // One worker takes offsets off the queue until it is empty or loading stops.
    let run_workers = {
        let (stop, queue, in_flight, page_req) = (
            stop.clone(),
            queue.clone(),
            in_flight.clone(),
            page_req.clone(),
        );
        move || {
            for _ in 0..PARALLEL {
                let (stop, queue, in_flight, page_req) = (
                    stop.clone(),
                    queue.clone(),
                    in_flight.clone(),
                    page_req.clone(),
                );
                spawn_local(async move {
                    in_flight.fetch_add(1, Relaxed);
                    loop {
                        if stop.load(Relaxed) {
                            break;
                        }
                        let Some(offset) = queue.lock().ok().and_then(|mut q| q.pop_front()) else {
                            break;
                        };
                        let req = page_req(offset, false);
                        match crate::api::call(req.clone()).await {
                            // Read the page in a task of its own, so this worker asks for the
                            // next page before the browser spends time reading this one. A
                            // garbled page is asked for again, as every read is.
                            Ok(resp) => spawn_local(async move {
                                let rows = match page_rows(&resp.body) {
                                    Ok(rows) => Ok(rows),
                                    Err(_) => crate::api::call_read(req, |r| page_rows(&r.body))
                                        .await
                                        .map(|(rows, _)| rows),
                                };
                                match rows {
                                    Ok(rows) => {
                                        loaded.try_update(|l| l.add(offset, rows));
                                    }
                                    Err(e) => {
                                        failed_pages.try_update(|f| f.push((offset, e.sentence())));
                                    }
                                }
                            }),
                            Err(e) => {
                                if matches!(e.kind, isc_core::error::ErrorKind::Cancelled) {
                                    stop.store(true, Relaxed);
                                }
                                failed_pages.try_update(|f| f.push((offset, e.sentence())));
                            }
                        }
                    }
                    if in_flight.fetch_sub(1, Relaxed) == 1 {
                        // Queued after the tasks reading the last pages, so it counts them.
                        let stop = stop.clone();
                        spawn_local(async move {
                            let _ = phase.try_update(|p| {
                                *p = if stop.load(Relaxed) {
                                    Phase::Stopped
                                } else if failed_pages.get_untracked().is_empty() {
                                    Phase::Done(now_ms().saturating_sub(started))
                                } else {
                                    Phase::Failed(format!(
                                        "{} page(s) could not be loaded.",
                                        failed_pages.get_untracked().len()
                                    ))
                                }
                            });
                        });
                    }
                });
            }
        }
    };
    {
        let (queue, run_workers) = (queue.clone(), run_workers.clone());
        spawn_local(async move {
            let first = crate::api::call_read(page_req(0, true), |r| page_rows(&r.body)).await;
            match first {
                Err(e) => {
                    phase.try_set(Phase::Failed(e.sentence()));
                }
                Ok((rows, resp)) => {
                    let n = rows.len() as u64;
                    let all = total_count(&resp).unwrap_or(n);
                    total.try_set(Some(all));
                    loaded.try_update(|l| l.add(0, rows));
                    let rest = remaining_offsets(all, PAGE);
                    let none_left = rest.is_empty();
                    if let Ok(mut q) = queue.lock() {
                        q.extend(rest);
                    }
                    if none_left {
                        phase.try_set(Phase::Done(now_ms().saturating_sub(started)));
                    } else {
                        run_workers();
                    }
                }
            }
        });
    }
    // Leaving the page (or changing the tenant-side filter) stops loading.
    {
        let stop = stop.clone();
        on_cleanup(move || stop.store(true, Relaxed));
    }

    let view_idx = Memo::new(move |_| {
        let g = grid.get();
        loaded.with(|l| g.apply(&l.rows, crate::text::fold))
    });
    let count = Signal::derive(move || view_idx.with(|v| v.len()));
    // Row `i` of the view. Tracked for the keys, so the table re-keys its rows when the view
    // or the loaded rows change; untracked when a row is drawn.
    let row_at = move |i: usize, track: bool| -> Option<Arc<GridRow>> {
        let pick = |v: &Vec<u32>| v.get(i).copied();
        let idx = if track {
            view_idx.with(pick)
        } else {
            view_idx.with_untracked(pick)
        }? as usize;
        let get = |l: &Loaded| l.rows.get(idx).cloned();
        if track {
            loaded.with(get)
        } else {
            loaded.with_untracked(get)
        }
    };
    let key = move |i: usize| row_at(i, true).map(|r| r.id.clone()).unwrap_or_default();
    let row = move |i: usize| row_at(i, false).map(|r| account_tr(i, &r));
    let retry = {
        let (stop, queue, run_workers) = (stop.clone(), queue.clone(), run_workers.clone());
        move |_| {
            let offsets: Vec<u64> = failed_pages
                .get_untracked()
                .iter()
                .map(|(o, _)| *o)
                .collect();
            failed_pages.set(vec![]);
            stop.store(false, Relaxed);
            if let Ok(mut q) = queue.lock() {
                q.extend(offsets);
            }
            phase.set(Phase::Loading);
            run_workers();
        }
    };
    let stop_now = {
        let stop = stop.clone();
        move |_| {
            stop.store(true, Relaxed);
        }
    };
    let loaded_n = move || loaded.with(|l| l.rows.len());
    let sort = Signal::derive(move || grid.with(|g| g.sort));
    let on_sort = Callback::new(move |col: usize| grid.update(|g| g.sort = g.toggled(col)));

    view! {
        <div class="loadbar">
            <label for="acc-progress">"Loaded"</label>
            <progress id="acc-progress" max=move || total.get().unwrap_or(0).max(1) value=loaded_n></progress>
            // The count changes with every page: not read out while loading (the line below
            // says once that loading started); the final count is.
            <p class="sr-only" role="status">{move || match (phase.get(), total.get()) {
                (Phase::Loading, Some(t)) => format!("Loading {t} accounts; the table can be used meanwhile."),
                _ => String::new(),
            }}</p>
            <p role="status" class="count" aria-live=move || if phase.get() == Phase::Loading { "off" } else { "polite" }>{move || {
                let n = loaded_n();
                match (phase.get(), total.get()) {
                    (Phase::Done(ms), _) => {
                        // Tenths of a second, rounded, without float formatting.
                        let t = (ms + 50) / 100;
                        format!("{} loaded in {}.{} s", isc_core::shown::count(n, "account"), t / 10, t % 10)
                    }
                    (Phase::Stopped, Some(t)) => format!("Stopped: {n} of {t} accounts loaded"),
                    (Phase::Failed(_), Some(t)) => format!("{n} of {t} accounts loaded"),
                    (_, Some(t)) => format!("Loading: {n} of {t} accounts"),
                    (_, None) => "Loading accounts…".to_string(),
                }
            }}</p>
            <Show when=move || phase.get() == Phase::Loading>
                <button type="button" class="secondary" on:click=stop_now.clone()>"Stop loading"</button>
            </Show>
            <Show when=move || !failed_pages.get().is_empty() && phase.get() != Phase::Loading>
                <button type="button" class="secondary" on:click=retry.clone()>"Load the missing pages"</button>
            </Show>
        </div>
        {move || match phase.get() {
            Phase::Failed(why) => Some(view! {
                <div role="alert" class="failure">
                    <p>{why}</p>
                    {failed_pages.get().first().map(|(_, s)| view! { <p>{s.clone()}</p> })}
                </div>
            }),
            _ => None,
        }}
        <div class="field">
            <label for="acc-quick">"Filter the loaded accounts"</label>
            <input id="acc-quick" type="search" aria-describedby="acc-quick-hint"
                prop:value=move || grid.with(|g| g.filter.clone())
                on:input=move |ev| { let v = event_target_value(&ev); grid.update(|g| g.filter = v); }/>
            <p id="acc-quick-hint" class="hint">{move || format!("Words to find in any column; sorting and this filter work on the {} loaded rows without asking the tenant. Showing {}.", loaded_n(), count.get())}</p>
        </div>
        <VirtualTable label="Accounts".to_string() count=count columns=5 key=key row=row>
            {ACCOUNT_COLUMNS.iter().enumerate().map(|(i, l)| view! {
                <ClientSortHeader col=i label=l current=sort on_sort=on_sort/>
            }).collect_view()}
        </VirtualTable>
    }
}
