//! Uploading the file and aggregating it (or a plain aggregation), followed to the task's counts.

use super::*;

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
pub(super) fn Aggregate(
    info: StoredValue<Info>,
    preview: RwSignal<Option<std::sync::Arc<Preview>>>,
    ro: Signal<bool>,
    /// Called once the aggregation has ended: the import compares its file with the tenant again.
    #[prop(optional)]
    after: Option<Callback<()>>,
) -> impl IntoView {
    let no_opt = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let running = RwSignal::new(false);
    let outcome = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let counts = RwSignal::new(Vec::<(String, String)>::new());
    let messages = RwSignal::new(Vec::<String>::new());
    // The task's page, once the aggregation has a task id.
    let task = RwSignal::new(None::<String>);
    let blocked =
        Signal::derive(move || preview.with(|p| p.as_ref().is_some_and(|p| p.counts.invalid > 0)));
    let run = move || {
        confirm.set(false);
        running.set(true);
        outcome.set(None);
        failure.set(None);
        counts.set(vec![]);
        messages.set(vec![]);
        task.set(None);
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
                Ok((v, _)) => Ok((isc_core::api::tasks::task_id_in(&v).unwrap_or_default(), String::new())),
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
                    let _ = task.try_set(Some(id.clone()));
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
            // Not when the page is gone (then there is no preview to follow the tenant).
            if let Some(after) = after.filter(|_| !running.is_disposed()) {
                after.run(());
            }
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
            id="ff-agg-open" on:click=move |_| { confirm.set(true); crate::components::page::focus("ff-agg-cancel"); }>
            {move || if with_file.get() { "Upload and aggregate…" } else { "Aggregate now…" }}</button>
        <Show when=Signal::derive(move || confirm.get())>
            <div class="notice" role="group" aria-label="Confirm aggregation">
                <p>{move || preview.with(|p| match p {
                    Some(p) if !p.missing.is_empty() => match flatfile::removal(p.missing.len(), p.held.len(), info.with_value(|i| i.threshold)) {
                        r @ flatfile::Removal::Skipped { .. } => format!("Aggregate {} into {}? {}", p.file, info.with_value(|i| isc_core::shown::inline(&i.name)), r.sentence()),
                        _ => format!("Aggregate {} into {}? {} that ISC holds and the file lacks will be removed.", p.file, info.with_value(|i| isc_core::shown::inline(&i.name)), plural(p.missing.len(), "account")),
                    },
                    Some(p) => format!("Aggregate {} into {}? Every account ISC holds is in the file.", p.file, info.with_value(|i| isc_core::shown::inline(&i.name))),
                    None => format!("Aggregate {} from its connector now?", info.with_value(|i| isc_core::shown::inline(&i.name))),
                })}</p>
                <div class="actions">
                    <button type="button" id="ff-agg-go" class="danger" on:click=move |_| run()>{move || if with_file.get() { "Upload and aggregate" } else { "Aggregate" }}</button>
                    <button type="button" id="ff-agg-cancel" class="secondary" on:click=move |_| { confirm.set(false); crate::components::page::focus("ff-agg-open"); }>"Cancel"</button>
                </div>
            </div>
        </Show>
        {move || failure.get().map(|f| view! { <p role="alert" class="failure">{f}</p> })}
        <Outcome id="ff-agg-outcome" text=outcome/>
        <Show when=Signal::derive(move || !counts.with(Vec::is_empty))>
            <dl class="facts" aria-label="Aggregation counts">
                {move || counts.get().into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
        </Show>
        {move || task.get().map(|id| view! { <p><a href=crate::route::href(&format!("/tasks/{}", isc_core::http::encode_component(&id)))>"Open the aggregation's task"</a></p> })}
        <ul class="messages" aria-label="Task messages">{move || messages.get().into_iter().map(|m| view! { <li><bdi>{m}</bdi></li> }).collect_view()}</ul>
    }
}
