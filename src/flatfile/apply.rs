//! Applying an import row by row through the accounts API.

use super::run::apply_run;
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
                let (outcome, message) = state.report();
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
                        let (o, m) = state.as_ref().map_or(("not sent", String::new()), State::report);
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
