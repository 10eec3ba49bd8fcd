//! Applying an import row by row through the accounts API.

use super::*;

/// "Row by row through the accounts API": creates and PUTs, paced by the client, with
/// Pause/Resume/Stop, each outcome read back from the tenant, and a report.
#[component]
pub(super) fn ApplyRows(
    info: StoredValue<Info>,
    preview: RwSignal<Option<std::sync::Arc<Preview>>>,
    ro: Signal<bool>,
    /// Called once a run has ended: the import compares its file with the tenant again.
    after: Callback<()>,
) -> impl IntoView {
    let steps = StoredValue::new(Vec::<Step>::new());
    // The last run's report, kept when the preview is made again after it (the new plan holds
    // only what is still to do).
    let last = RwSignal::new(None::<std::sync::Arc<(Vec<Step>, Vec<State>, Vec<String>)>>);
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
        let again = preview.with_untracked(|p| p.as_ref().is_some_and(|p| p.round > 0));
        let ran = states.with_untracked(|s| s.iter().any(|x| !matches!(x, State::NotSent)));
        if again && ran {
            last.set(Some(std::sync::Arc::new((
                steps.get_value(),
                states.get_untracked(),
                tasks_of.get_value(),
            ))));
        } else if !again {
            last.set(None);
            outcome.set(None);
            duplicates.set(vec![]);
        }
        steps.set_value(plan);
        tasks_of.set_value(vec![String::new(); n]);
        states.set(vec![State::NotSent; n]);
    });
    let total = Signal::derive(move || states.with(Vec::len));
    let settled = Signal::derive(move || {
        states.with(|s| {
            s.iter()
                .filter(|x| matches!(x, State::Done(_) | State::Failed(_) | State::Held(_)))
                .count()
        })
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
        last.set(None);
        let sid = info.with_value(|i| i.id.clone());
        spawn_local(async move {
            apply_run(
                sid, steps, states, tasks_of, paused, stop, stage, duplicates,
            )
            .await;
            let (done, failed, unsent, held) = states
                .try_with_untracked(|s| {
                    (
                        s.iter().filter(|x| matches!(x, State::Done(_))).count(),
                        s.iter().filter(|x| matches!(x, State::Failed(_))).count(),
                        s.iter().filter(|x| matches!(x, State::NotSent)).count(),
                        s.iter().filter(|x| matches!(x, State::Held(_))).count(),
                    )
                })
                .unwrap_or_default();
            let _ = outcome.try_set(Some(if done + failed + unsent == 0 && held > 0 {
                format!("Nothing sent: read before writing, the tenant already holds {} of this plan as the file says (see the report).", plural(held, "row"))
            } else {
                format!(
                    "{} applied, {failed} failed, {unsent} not sent{}. The report below says what the tenant holds for each; the preview above is compared with the tenant again.",
                    plural(done, "row"),
                    if held > 0 { format!(", {held} already in ISC (not sent)") } else { String::new() }
                )
            }));
            let _ = running.try_set(false);
            if !running.is_disposed() {
                after.run(());
            }
            crate::components::page::focus("ff-apply-outcome");
        });
    };
    // One row of the report: the last run's when the preview was made again after it, else
    // the current run's.
    let entry = move |k: usize| -> Option<(Step, State, String)> {
        if let Some(l) = last.get() {
            return Some((
                l.0.get(k)?.clone(),
                l.1.get(k)?.clone(),
                l.2.get(k).cloned().unwrap_or_default(),
            ));
        }
        let st = steps.with_value(|s| s.get(k).cloned())?;
        let state = states.with(|s| s.get(k).cloned())?;
        Some((
            st,
            state,
            tasks_of.with_value(|t| t.get(k).cloned().unwrap_or_default()),
        ))
    };
    let report_n = Signal::derive(move || {
        last.with(|l| l.as_ref().map(|l| l.0.len()))
            .unwrap_or_else(|| total.get())
    });
    let report = move || -> Vec<ReportRow> {
        (0..report_n.get_untracked())
            .filter_map(|k| untrack(|| entry(k)))
            .map(|(st, state, task_id)| {
                let (outcome, message) = match state {
                    State::NotSent => ("not sent", String::new()),
                    State::Sent(m) => ("sent", m),
                    State::Unknown(m) => ("unknown", m),
                    State::Done(m) => ("done", m),
                    State::Failed(m) => ("failed", m),
                    State::Held(m) => ("already in ISC", m),
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
                    task_id,
                    message,
                }
            })
            .collect()
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
                <button type="button" disabled=move || running.get() || total.get() == 0 || ro.get() id="ff-apply-open" on:click=move |_| { confirm.set(true); crate::components::page::focus("ff-apply-cancel"); }>
                    {move || format!("Apply {}…", plural(total.get(), "row"))}</button>
                <Show when=Signal::derive(move || running.get())>
                    <button type="button" class="secondary" on:click=move |_| paused.update(|p| *p = !*p)>{move || if paused.get() { "Resume" } else { "Pause" }}</button>
                    <button type="button" class="secondary" on:click=move |_| stop.set(true)>"Stop"</button>
                </Show>
            </div>
            <Show when=Signal::derive(move || confirm.get())>
                <div class="notice" role="group" aria-label="Confirm apply">
                    <p>{move || format!("Send {} to {}? Each create makes an account in ISC only (the create call does not provision); the file stays the truth at the next aggregation.", plural(total.get(), "call"), info.with_value(|i| isc_core::shown::inline(&i.name)))}</p>
                    <div class="actions">
                        <button type="button" id="ff-apply-go" on:click=move |_| run()>"Apply"</button>
                        <button type="button" id="ff-apply-cancel" class="secondary" on:click=move |_| { confirm.set(false); crate::components::page::focus("ff-apply-open"); }>"Cancel"</button>
                    </div>
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
            <Show when=Signal::derive(move || !running.get() && total.get() == 0 && preview.with(|p| p.as_ref().is_some_and(|p| p.round > 0)))>
                <p class="hint">"Nothing left to apply: the tenant holds every valid row of the file as the file says."</p>
            </Show>
            <Show when=Signal::derive(move || (settled.get() > 0 || last.with(Option::is_some)) && !running.get())>
                <button type="button" class="secondary" on:click=move |_| {
                    let name = file_name(&info.with_value(|i| i.name.clone()), "report");
                    crate::components::download::download(&name, "text/csv", &flatfile::report_csv(&report()));
                }>"Download the report (CSV)"</button>
                <VirtualTable label="Apply report".to_string() count=report_n columns=5
                    key=move |k| k
                    row=move |k| {
                        let e = entry(k);
                        let st = e.as_ref().map(|(s, _, _)| (s.line, s.native.clone(), s.create));
                        let state = e.as_ref().map(|(_, s, _)| s.clone());
                        let task = e.map(|(_, _, t)| t).unwrap_or_default();
                        let (o, m) = match state { Some(State::Done(m)) => ("done", m), Some(State::Failed(m)) => ("failed", m), Some(State::Unknown(m)) => ("unknown", m), Some(State::Sent(m)) => ("sent", m), Some(State::Held(m)) => ("already in ISC", m), _ => ("not sent", String::new()) };
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
    let set = move |k: usize, s: State| {
        let _ = states.try_update(|v| {
            if let Some(x) = v.get_mut(k) {
                *x = s
            }
        });
    };
    // Read before writing: a row the tenant already holds as the file says is not sent (a
    // create of an account made earlier would be refused, and told apart from a lost answer
    // only by guessing).
    let _ = stage.try_set("reading what the tenant holds before writing".into());
    let todo = {
        let progress = RwSignal::new((0usize, None));
        let keep = RwSignal::new(false);
        match read_accounts(&sid, progress, keep).await {
            Ok(Some(held)) => {
                let by_native: HashMap<&str, &Value> = held
                    .iter()
                    .filter_map(|a| Some((a["nativeIdentity"].as_str()?, a)))
                    .collect();
                let mut left = Vec::new();
                for k in todo {
                    let Some(st) = steps.with_value(|s| s.get(k).cloned()) else {
                        continue;
                    };
                    match by_native.get(st.native.as_str()) {
                        Some(_) if st.create => set(
                            k,
                            State::Held(
                                "already in ISC, made earlier: the create was not sent".into(),
                            ),
                        ),
                        Some(a) if same_values(a, &st.attributes) => set(
                            k,
                            State::Held(
                                "the tenant already holds these values: the update was not sent"
                                    .into(),
                            ),
                        ),
                        _ => left.push(k),
                    }
                }
                left
            }
            // Unread: send, and let the read back after it settle each row.
            _ => todo,
        }
    };
    let todo = std::rc::Rc::new(std::cell::RefCell::new(std::collections::VecDeque::from(
        todo,
    )));
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
                (false, Some(a)) => same_values(a, &st.attributes),
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

/// Whether an account holds every one of `attributes` (cell by cell, as the file writes them).
fn same_values(account: &Value, attributes: &serde_json::Map<String, Value>) -> bool {
    attributes.iter().all(|(name, v)| {
        flatfile::cell(&account["attributes"][name.as_str()], "\u{1f}")
            == flatfile::cell(v, "\u{1f}")
    })
}
