//! One apply run: read what the tenant holds before writing, send the rows still to do (three
//! at a time, the limiter pacing them), then settle every row from what the tenant holds.

use super::*;

/// Sends the rows not sent yet (three at a time, the limiter pacing them), then reads the
/// source back and settles every row from what the tenant holds.
#[allow(clippy::too_many_arguments)]
pub(super) async fn apply_run(
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
