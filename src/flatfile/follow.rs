//! A call that starts a task on a source (an aggregation, an entitlement load), followed to
//! the task's end: its counts and messages shown as they come. A lost answer is settled by
//! looking for a new completed task of the source, never by sending again.

use super::*;
use isc_core::http::ApiRequest;

/// Reads back after a call whose answer was lost: this many reads, 3 s apart.
const ROUNDS: u64 = 10;

/// The ids of the source's completed tasks (`None`: the read failed).
async fn completed_tasks(g: isc_core::api::Generation, sid: &str) -> Option<Vec<String>> {
    let (v, _) = crate::api::call_json(tasks::completed_on_source(g, sid))
        .await
        .ok()?;
    Some(isc_core::api::ids(&v))
}

/// What the page shows of a task-starting call.
#[derive(Clone, Copy)]
pub(super) struct Followed {
    pub running: RwSignal<bool>,
    pub outcome: RwSignal<Option<String>>,
    pub failure: RwSignal<Option<String>>,
    counts: RwSignal<Vec<(String, String)>>,
    messages: RwSignal<Vec<String>>,
    /// The task's id, once the call has one.
    task: RwSignal<Option<String>>,
    /// The call's noun ("aggregation", "entitlement load").
    what: &'static str,
}

impl Followed {
    pub fn new(what: &'static str) -> Self {
        Followed {
            running: RwSignal::new(false),
            outcome: RwSignal::new(None),
            failure: RwSignal::new(None),
            counts: RwSignal::new(vec![]),
            messages: RwSignal::new(vec![]),
            task: RwSignal::new(None),
            what,
        }
    }

    /// Sends `req`, which starts a task on source `sid` (named `name`), and follows the task
    /// to its end; `Ok` once the task ended (or was looked for long enough), `Err` when
    /// nothing was started (or it cannot be known).
    pub async fn run(self, req: ApiRequest, sid: String, name: String) {
        let what = self.what;
        self.running.set(true);
        self.outcome.set(None);
        self.failure.set(None);
        self.counts.set(vec![]);
        self.messages.set(vec![]);
        self.task.set(None);
        let g = crate::api::generation();
        // The source's completed tasks before sending: after a lost answer, a new one is the
        // task this call started.
        let before = completed_tasks(g, &sid).await;
        let sent = match crate::api::call_json(req).await {
            Ok((v, _)) => Ok((
                isc_core::api::tasks::task_id_in(&v).unwrap_or_default(),
                String::new(),
            )),
            Err(e) if super::may_have_acted(&e, false) => match before {
                Some(before) => {
                    let _ = self.outcome.try_set(Some(format!("The outcome is unknown: looking for the {what} among the source's completed tasks…")));
                    let mut found = None;
                    for _ in 0..ROUNDS {
                        sleep(3_000).await;
                        if let Some(now) = completed_tasks(g, &sid).await {
                            found = now.into_iter().find(|t| !before.contains(t));
                            if found.is_some() {
                                break;
                            }
                        }
                    }
                    match found {
                        Some(id) => Ok((id, format!("The answer to the call was lost, but the tenant ran the {what}: "))),
                        None => Err(format!("{} Read back for {} s, no new {what} of this source has completed: it may still run. Look in Tasks or at the source before you send it again.", e.sentence(), ROUNDS * 3)),
                    }
                }
                None => Err(format!("{} The tenant may have started the {what} all the same: look at the source before you send it again.", e.sentence())),
            },
            Err(e) => Err(e.sentence()),
        };
        match sent {
            Ok((id, lead)) => {
                let say = move |s: String| {
                    let _ = self.outcome.try_set(Some(format!("{lead}{s}")));
                };
                let mut capital = what.to_string();
                capital[..1].make_ascii_uppercase();
                say(format!("{capital} started (task {id}); following it…"));
                let _ = self.task.try_set(Some(id.clone()));
                let started = now_ms();
                let name = isc_core::shown::inline(&name);
                loop {
                    sleep(1_000).await;
                    match crate::api::call_json(tasks::get(g, &id)).await {
                        Ok((t, _)) => {
                            let _ = self.counts.try_set(flatfile::task_counts(&t));
                            let _ = self.messages.try_set(tasks::task_messages(&t));
                            match tasks::task_state(&t) {
                                tasks::TaskState::Running => {}
                                tasks::TaskState::Succeeded => {
                                    say(format!("The {what} of {name} completed (task {id})."));
                                    break;
                                }
                                tasks::TaskState::Failed(s) => {
                                    say(format!("The {what} of {name} ended with {s} (task {id}): read its messages below."));
                                    break;
                                }
                            }
                        }
                        Err(e) => {
                            let _ = self.failure.try_set(Some(format!(
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
                let _ = self.failure.try_set(Some(why));
            }
        }
        let _ = self.running.try_set(false);
    }

    /// The failure, the outcome line (`outcome_id`), the counts, the task's link and its
    /// messages.
    pub fn view(self, outcome_id: &'static str) -> impl IntoView {
        let Followed {
            outcome,
            failure,
            counts,
            messages,
            task,
            what,
            ..
        } = self;
        let mut capital = what.to_string();
        capital[..1].make_ascii_uppercase();
        view! {
            {move || failure.get().map(|f| view! { <p role="alert" class="failure">{f}</p> })}
            <Outcome id=outcome_id text=outcome/>
            <Show when=Signal::derive(move || !counts.with(Vec::is_empty))>
                <dl class="facts" aria-label=format!("{capital} counts")>
                    {move || counts.get().into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                </dl>
            </Show>
            {move || task.get().map(|id| view! { <p><a href=crate::route::href(&format!("/tasks/{}", isc_core::http::encode_component(&id)))>{format!("Open the {what}'s task")}</a></p> })}
            <ul class="messages" aria-label=format!("Messages of the {what}'s task")>{move || messages.get().into_iter().map(|m| view! { <li><bdi>{m}</bdi></li> }).collect_view()}</ul>
        }
    }
}
