//! Emptying and deleting a source, on its page: remove every account from ISC (a confirmation
//! with the count, the task followed, the count read again) and delete the source (refused
//! before anything is sent while an identity profile reads it; a typed confirmation of its
//! name; the task followed; then back to the list). A lost answer is settled by reading the
//! tenant, never by sending again.

use crate::components::page::{focus, navigate_with};
use isc_core::api::{identity_profiles, sources, ListQuery};
use isc_core::reconcile;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// How many accounts the source holds (`None`: the read failed).
async fn count(sid: String) -> Option<u64> {
    super::facts::account_count(crate::api::generation(), &sid).await
}

/// The identity profiles that read the source, as (id, name).
async fn profiles_on(sid: String) -> Result<Vec<(String, String)>, String> {
    let g = crate::api::generation();
    let items = crate::api::get_all(identity_profiles::list(g, &ListQuery::new()))
        .await
        .map_err(|e| e.sentence())?;
    Ok(identity_profiles::rows(&items)
        .into_iter()
        .filter(|p| p.source_id.as_deref() == Some(sid.as_str()))
        .map(|p| (p.id, p.name))
        .collect())
}

/// The section: remove all accounts, and delete the source.
#[component]
pub fn SourceRemoval(sid: String, name: String) -> impl IntoView {
    let ro = expect_context::<crate::state::session::Session>().read_only();
    let sid = StoredValue::new(sid);
    let name = StoredValue::new(name);
    let said = crate::components::said::Said::new("removal-outcome", "removal-failure");
    let (busy, outcome, failure) = (said.busy, said.outcome, said.failure);
    let off = Signal::derive(move || busy.get() || ro.get());
    let held = RwSignal::new(None::<Option<u64>>);
    let users = RwSignal::new(None::<Result<Vec<(String, String)>, String>>);
    spawn_local(async move { held.set(Some(count(sid.get_value()).await)) });
    spawn_local(async move { users.set(Some(profiles_on(sid.get_value()).await)) });
    let show_remove = RwSignal::new(false);
    let show_delete = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    let say = move |ok: Option<String>, bad: Option<String>| said.say(ok, bad);
    let shown = move || isc_core::shown::inline(&name.get_value());

    let remove = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        show_remove.set(false);
        failure.set(None);
        outcome.set(Some("Remove all accounts: sending…".into()));
        let g = crate::api::generation();
        spawn_local(async move {
            match crate::api::call_json(sources::remove_accounts(g, &sid.get_value())).await {
                Ok((v, _)) => {
                    let task = isc_core::api::tasks::task_id_in(&v).unwrap_or_default();
                    outcome.set(Some(format!("Remove all accounts: task {task} running…")));
                    let link = Some(format!("/sources/{}", sid.get_value()));
                    let out = crate::state::tasks::follow(
                        task.clone(),
                        format!("Remove all accounts of {}", shown()),
                        link,
                    )
                    .await;
                    let left = count(sid.get_value()).await;
                    held.set(Some(left));
                    let left = left
                        .map(|n| {
                            format!(
                                " The source holds {} now.",
                                isc_core::shown::count(n as usize, "account")
                            )
                        })
                        .unwrap_or_default();
                    if out.succeeded {
                        say(
                            Some(format!(
                                "Remove all accounts: task {task} finished: {}. {}{left}",
                                out.status,
                                out.messages.join(" ")
                            )),
                            None,
                        );
                    } else {
                        say(
                            None,
                            Some(format!(
                                "Remove all accounts: task {task} ended {}. {}{left}",
                                out.status,
                                out.messages.join(" ")
                            )),
                        );
                    }
                }
                Err(e) if e.outcome_unknown() => {
                    outcome.set(Some("Remove all accounts: the outcome is unknown; reading the source's accounts back…".into()));
                    // A removal that landed runs as a task: read a few times before saying.
                    let mut left = None;
                    for _ in 0..reconcile::ROUNDS {
                        left = count(sid.get_value()).await;
                        if left == Some(0) {
                            break;
                        }
                        crate::api::transport::sleep(reconcile::ROUND_MS).await;
                    }
                    held.set(Some(left));
                    if left == Some(0) {
                        say(Some(format!("Remove all accounts: the answer was lost ({}), but the source holds no account now: the removal landed. Nothing was sent again.", e.sentence())), None);
                        return;
                    }
                    let now = match left {
                        Some(n) => format!("Read back: the source still holds {}; a removal that landed may still be running (see Tasks).", isc_core::shown::count(n as usize, "account")),
                        None => "The account count could not be read back.".into(),
                    };
                    say(
                        None,
                        Some(format!("{} {now} Nothing was sent again.", e.sentence())),
                    );
                }
                Err(e) => say(None, Some(format!("{} Nothing changed.", e.sentence()))),
            }
        });
    };

    let delete = move |_| {
        if busy.get_untracked() || typed.get_untracked() != name.get_value() {
            return;
        }
        busy.set(true);
        failure.set(None);
        outcome.set(Some("Delete the source: sending…".into()));
        let g = crate::api::generation();
        spawn_local(async move {
            let gone = |said: String| navigate_with("/sources", said);
            match crate::api::call_json(sources::delete(g, &sid.get_value())).await {
                Ok((v, _)) => {
                    show_delete.set(false);
                    let task = isc_core::api::tasks::task_id_in(&v).unwrap_or_default();
                    outcome.set(Some(format!(
                        "Delete the source: task {task} running (ISC removes its accounts first)…"
                    )));
                    let out = crate::state::tasks::follow(
                        task.clone(),
                        format!("Delete source {}", shown()),
                        None,
                    )
                    .await;
                    if out.succeeded {
                        gone(format!(
                            "Source {} deleted (task {task} finished: {}). {}",
                            shown(),
                            out.status,
                            out.messages.join(" ")
                        ));
                    } else {
                        say(
                            None,
                            Some(format!(
                                "Delete the source: task {task} ended {}. {}",
                                out.status,
                                out.messages.join(" ")
                            )),
                        );
                    }
                }
                Err(e) if e.outcome_unknown() || e.status == 404 => {
                    outcome.set(Some(
                        "Delete the source: the outcome is unknown; reading the source back…"
                            .into(),
                    ));
                    // A delete that landed runs as a task: read a few times before saying.
                    let mut back = crate::api::call(sources::get(g, &sid.get_value())).await;
                    for _ in 1..reconcile::ROUNDS {
                        if back.is_err() {
                            break;
                        }
                        crate::api::transport::sleep(reconcile::ROUND_MS).await;
                        back = crate::api::call(sources::get(g, &sid.get_value())).await;
                    }
                    match back {
                        Err(r) if r.status == 404 => gone(format!("Source {} deleted: the answer was lost, and the source is no longer in ISC.", shown())),
                        Ok(_) => say(None, Some(format!("{} Read back: the source is still in ISC; a delete that landed may still be removing its accounts (see Tasks). Nothing was sent again.", e.sentence()))),
                        Err(_) => say(None, Some(format!("{} The source could not be read back: reload the page before you send it again.", e.sentence()))),
                    }
                }
                Err(e) => say(None, Some(format!("{} Nothing changed.", e.sentence()))),
            }
        });
    };

    let count_words = move || match held.get() {
        None => "counting the accounts…".to_string(),
        Some(None) => "the account count could not be read".to_string(),
        Some(Some(n)) => isc_core::shown::count(n as usize, "account"),
    };
    let none_left = move || matches!(held.get(), Some(Some(0)));
    view! {
        <section class="card wide" aria-labelledby="src-removal">
            <h2 id="src-removal">"Empty or delete the source"</h2>
            {said.view()}
            <h3>"Remove all accounts"</h3>
            <p>{move || format!("This source holds {}. Removing them deletes ISC's records only ({}): the system keeps its accounts, and the next aggregation brings back every account the system or file still has. Handy to empty a source between classes.", count_words(), isc_core::api::call_name(&sources::remove_accounts(crate::api::generation(), "{id}")))}</p>
            <div class="actions">
                <button type="button" id="remove-all-open" class="secondary" disabled=move || off.get() || none_left()
                    on:click=move |_| { show_remove.set(true); focus("remove-all-cancel"); }>"Remove all accounts…"</button>
            </div>
            <Show when=move || show_remove.get()>
                <div class="notice" role="group" aria-label="Confirm remove all accounts">
                    <p>{move || format!("Remove all {} of {} from ISC?", count_words(), shown())}</p>
                    <div class="actions">
                        <button type="button" class="danger" disabled=move || off.get() on:click=remove>{move || format!("Remove {}", count_words())}</button>
                        <button type="button" class="secondary" id="remove-all-cancel" on:click=move |_| { show_remove.set(false); focus("remove-all-open"); }>"Cancel"</button>
                    </div>
                </div>
            </Show>
            <h3>"Delete the source"</h3>
            {move || match users.get() {
                None => view! { <p>"Checking whether an identity profile reads this source…"</p> }.into_any(),
                Some(Ok(list)) if !list.is_empty() => view! {
                    <p id="delete-refused">"ISC refuses to delete a source that an identity profile reads. Give these profiles another authoritative source, or delete them, first: "
                        {list.into_iter().map(|(id, n)| view! { <a href=crate::route::href(&format!("/identity-profiles#{id}"))>{n}</a>" " }).collect_view()}
                    </p>
                }.into_any(),
                Some(r) => view! {
                    {r.err().map(|e| view! { <p class="hint">{format!("The identity profiles could not be read ({e}); ISC will say if one reads this source.")}</p> })}
                    <p>"Deleting removes the source's accounts from ISC, then the source, its schemas and its settings. It cannot be undone."</p>
                    <div class="actions">
                        <button type="button" id="delete-open" class="danger" disabled=move || off.get()
                            on:click=move |_| { show_delete.set(true); focus("delete-name"); }>"Delete the source…"</button>
                    </div>
                }.into_any(),
            }}
            <Show when=move || show_delete.get()>
                <div class="notice" role="group" aria-label="Confirm delete the source">
                    <p>{move || format!("Type the source's name ({}) to delete it with its {}.", shown(), count_words())}</p>
                    <div class="field"><label for="delete-name">"Source name"</label>
                        <input id="delete-name" type="text" spellcheck="false" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/></div>
                    <div class="actions">
                        <button type="button" class="danger" disabled=move || off.get() || typed.get() != name.get_value() on:click=delete>"Delete source"</button>
                        <button type="button" class="secondary" on:click=move |_| { show_delete.set(false); focus("delete-open"); }>"Cancel"</button>
                    </div>
                </div>
            </Show>
        </section>
    }
}
