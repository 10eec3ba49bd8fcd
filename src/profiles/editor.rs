//! Identity profiles: the priority list, reordered by drag and drop or from the keyboard,
//! the plan of update calls it turns into, applying it with progress, and undo.

use super::run::{load_profiles, patch_request, CallState, Editor, Row, Run};
use crate::components::connected::Connected;
use crate::components::show::Show;
use isc_core::api::identity_profiles::ProfileRow;
use isc_core::priority::{order_of, plan, undo_plan, Profile, Step};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The identity-profiles screen.
#[component]
pub fn ProfilesPage() -> impl IntoView {
    view! {
        <h1>"Identity profiles"</h1>
        <Connected>
            <ProfileEditor/>
        </Connected>
    }
}

/// The editor itself.
#[component]
pub fn ProfileEditor() -> impl IntoView {
    let ro = expect_context::<crate::state::session::Session>().read_only();
    let tenant_rows = RwSignal::new(Vec::<Row>::new());
    let order = RwSignal::new(Vec::<String>::new());
    let load_error = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    let announce = RwSignal::new(String::new());
    let run = RwSignal::new(None::<Run>);
    let confirm = RwSignal::new(false);
    let verified = RwSignal::new(None::<bool>);
    let dragging = RwSignal::new(None::<String>);
    // The tenant's profiles before the last apply that landed whole: what Revert goes back to.
    let previous = RwSignal::new(None::<Vec<Profile>>);
    let revert_confirm = RwSignal::new(false);
    // The tenant's profiles when the last apply started: what "Undo the changes made" goes
    // back to (the list itself follows the tenant once a failed run is read back).
    let run_from = RwSignal::new(Vec::<Profile>::new());
    // What reading the tenant back after a failed run found.
    let reread = RwSignal::new(None::<String>);

    let reload = move || {
        loading.set(true);
        spawn_local(async move {
            match load_profiles().await {
                Ok(rows) => {
                    order.set(rows.iter().map(|r| r.id.clone()).collect());
                    tenant_rows.set(rows);
                    load_error.set(None);
                }
                Err(e) => load_error.set(Some(e.sentence())),
            }
            loading.set(false);
        });
    };
    reload();

    // A profile's row by id (a tenant has tens of profiles: a scan, not a map, which would
    // add a hash table to the wasm).
    let row_of =
        move |id: &str| tenant_rows.with_untracked(|rs| rs.iter().find(|r| r.id == id).cloned());
    let current = Memo::new(move |_| {
        tenant_rows.with(|rs| rs.iter().map(ProfileRow::profile).collect::<Vec<_>>())
    });
    let the_plan =
        Memo::new(move |_| plan(&current.get(), &order.get()).map_err(|e| e.to_string()));
    let name_of = move |id: &str| {
        tenant_rows.with(|rs| {
            rs.iter()
                .find(|r| r.id == id)
                .map(|r| isc_core::shown::text(&r.name))
                .unwrap_or_else(|| id.to_string())
        })
    };
    let busy = move || run.with(|r| r.as_ref().is_some_and(|r| !r.done));
    let has_run = Memo::new(move |_| run.with(Option::is_some));

    let move_to = move |id: String, to: usize| {
        if busy() {
            return;
        }
        let mut o = order.get_untracked();
        let Some(from) = o.iter().position(|x| *x == id) else {
            return;
        };
        let to = to.min(o.len() - 1);
        if from == to {
            return;
        }
        let item = o.remove(from);
        o.insert(to, item);
        let n = o.len();
        order.set(o);
        verified.set(None);
        announce.set(format!(
            "Moved {} to position {} of {}",
            name_of(&id),
            to + 1,
            n
        ));
        // Keep keyboard focus on the moved row.
        request_animation_frame(move || {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&format!("profile-{id}")))
            {
                use wasm_bindgen::JsCast;
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        });
    };

    let editor = Editor {
        tenant_rows,
        order,
        load_error,
        run,
        confirm,
        verified,
        previous,
        revert_confirm,
        run_from,
        reread,
        current,
        the_plan,
    };
    let start_run = move |steps: Vec<Step>, undo: bool| editor.start_run(steps, undo);
    let undo_landed = move |_| editor.undo_landed();

    view! {
        <p class="hint">"Lower value = higher priority. When an identity is in several profiles' sources, the highest-priority profile wins. Drag a row, or focus it and press Alt+Arrow Up/Down, or use its move buttons."</p>
        <crate::components::read_only::ReadOnlyNotice/>
        <div aria-live="polite" role="status" class="sr-only" id="move-announcer">{move || announce.get()}</div>
        <Show when=move || load_error.get().is_some()>
            <p role="alert" class="failure">{move || load_error.get()}</p>
        </Show>
        <Show when=move || loading.get() && tenant_rows.with(|r| r.is_empty())>
            <p role="status">"Loading identity profiles…"</p>
        </Show>
        <div class="profiles">
            <section aria-labelledby="order-h" class="order">
                <h2 id="order-h">"Priority order"</h2>
                <ol class="sortable" aria-label="Identity profiles by priority, highest first">
                    // Rebuilt whole when the order changes (a person's move): the moved row
                    // gets its focus back below, so a keyed list buys nothing here.
                    {move || order.get().into_iter().map(|id| {
                            let row = row_of(&id);
                            let id_up = id.clone();
                            let id_down = id.clone();
                            let id_key = id.clone();
                            let id_drag = id.clone();
                            let id_drop = id.clone();
                            let id_pos = id.clone();
                            let pos = move || order.with(|o| o.iter().position(|x| *x == id_pos).unwrap_or(0));
                            let (pos_a, pos_b, pos_c, pos_d) = (pos.clone(), pos.clone(), pos.clone(), pos.clone());
                            let on_up = move |_| { let p = pos_a(); if p > 0 { move_to(id_up.clone(), p - 1); } };
                            let on_down = move |_| { let p = pos_b(); move_to(id_down.clone(), p + 1); };
                            let up_disabled = move || pos_c() == 0 || busy();
                            let down_disabled = move || pos_d() + 1 >= order.with(|o| o.len()) || busy();
                            let is_dragging = { let id = id.clone(); move || dragging.get().as_deref() == Some(id.as_str()) };
                            let name = row.as_ref().map(|r| isc_core::shown::text(&r.name)).unwrap_or_default();
                            let name_up = name.clone();
                            let name_down = name.clone();
                            let changed = {
                                let id = id.clone();
                                move || the_plan.with(|p| p.as_ref().is_ok_and(|p| p.steps.iter().any(|s| s.id == id)))
                            };
                            view! {
                                <li id=format!("profile-{id}") tabindex="0" draggable="true"
                                    class:changed=changed
                                    class:dragging=is_dragging
                                    aria-label=format!("{name}, priority {}", row.as_ref().map(|r| r.priority).unwrap_or_default())
                                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                        if !ev.alt_key() { return; }
                                        let p = order.with_untracked(|o| o.iter().position(|x| *x == id_key).unwrap_or(0));
                                        match ev.key().as_str() {
                                            "ArrowUp" if p > 0 => { ev.prevent_default(); move_to(id_key.clone(), p - 1); }
                                            "ArrowDown" => { ev.prevent_default(); move_to(id_key.clone(), p + 1); }
                                            _ => {}
                                        }
                                    }
                                    on:dragstart=move |ev: leptos::ev::DragEvent| {
                                        if let Some(dt) = ev.data_transfer() { let _ = dt.set_data("text/plain", &id_drag); dt.set_effect_allowed("move"); }
                                        dragging.set(Some(id_drag.clone()));
                                    }
                                    on:dragend=move |_| dragging.set(None)
                                    on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
                                    on:drop=move |ev: leptos::ev::DragEvent| {
                                        ev.prevent_default();
                                        let dragged = dragging.get_untracked().or_else(|| ev.data_transfer().and_then(|d| d.get_data("text/plain").ok()));
                                        dragging.set(None);
                                        if let Some(d) = dragged {
                                            let target = order.with_untracked(|o| o.iter().position(|x| *x == id_drop).unwrap_or(0));
                                            move_to(d, target);
                                        }
                                    }
                                >
                                    <span class="pos" aria-hidden="true">{move || pos() + 1}</span>
                                    <span class="grip" aria-hidden="true">"⠿"</span>
                                    <span class="pname"><bdi>{isc_core::shown::text(&name)}</bdi></span>
                                    <span class="meta">{row.as_ref().map(|r| view! {
                                        {format!("priority {} · ", r.priority)}
                                        {crate::components::show::link_or_text(r.source_id.as_deref().unwrap_or(""), "/sources/", r.source_name.clone().unwrap_or_else(|| "—".into()))}
                                        {r.identities.map(|n| format!(" · {}", isc_core::shown::count(n as usize, "identity"))).unwrap_or_else(|| " · ? identities".into())}
                                    })}</span>
                                    <span class="moves">
                                        <button type="button" class="small secondary" aria-label=format!("Move {name_up} up")
                                            disabled=up_disabled on:click=on_up>"↑"</button>
                                        <button type="button" class="small secondary" aria-label=format!("Move {name_down} down")
                                            disabled=down_disabled on:click=on_down>"↓"</button>
                                    </span>
                                </li>
                            }
                    }).collect_view()}
                </ol>
            </section>
            <section aria-labelledby="plan-h" class="plan card">
                <h2 id="plan-h">"Plan"</h2>
                {move || match the_plan.get() {
                    Err(e) => view! { <p class="failure" role="alert">{format!("Cannot plan: {e}")}</p> }.into_any(),
                    Ok(p) if p.steps.is_empty() => view! { <p>"No calls needed: this is the tenant's order."</p> }.into_any(),
                    Ok(p) => {
                        let preview = p.steps.iter().enumerate().map(|(i, s)| {
                            let r = patch_request(s);
                            format!("# {} of {}: {}{}\n{} {}\nContent-Type: {}\n\n{}\n", i + 1, p.steps.len(), name_of(&s.id), if s.temporary { " (temporary)" } else { "" }, r.method, r.path, isc_core::http::JSON_PATCH, r.body.clone().unwrap_or_default())
                        }).collect::<Vec<_>>().join("\n");
                        let first = p.steps.first().cloned();
                        view! {
                            <p class="count">{p.summary()}</p>
                            <ol class="calls" aria-label="Planned calls">
                                {p.steps.iter().map(|s| view! {
                                    <li>{format!("{}: {} → {}{}", name_of(&s.id), s.from, s.to, if s.temporary { " (temporary)" } else { "" })}</li>
                                }).collect_view()}
                            </ol>
                            {first.map(|s| {
                                view! {
                                    <details>
                                        <summary>"Request preview"</summary>
                                        <p class="hint">"Every call of the plan, in the order it is sent:"</p>
                                        <pre><code>{preview.clone()}</code></pre>
                                        <p class="hint">"On older tenants the legacy call has this shape (shown only, never sent):"</p>
                                        <pre><code>{format!("POST /cc/api/profile/update/{}\nContent-Type: multipart/form-data\n\npriority={}", s.id, s.to)}</code></pre>
                                    </details>
                                }
                            })}
                        }.into_any()
                    }
                }}
                <div class="actions">
                    <Show when=move || !confirm.get()>
                        <button type="button"
                            disabled=move || ro.get() || busy() || the_plan.with(|p| p.as_ref().map(|p| p.steps.is_empty()).unwrap_or(true))
                            id="apply-open"
                            on:click=move |_| { confirm.set(true); crate::components::page::focus("apply-cancel"); }>"Apply…"</button>
                    </Show>
                    <Show when=move || confirm.get()>
                        <span role="group" aria-label="Confirm apply" class="confirm">
                            {move || { let n = the_plan.with(|p| p.as_ref().map(|p| p.steps.len()).unwrap_or(0)); format!("Send {n} update call{} to the tenant?", if n == 1 { "" } else { "s" }) }}
                            <button type="button" id="apply-now" on:click=move |_| {
                                if let Ok(p) = the_plan.get_untracked() { start_run(p.steps, false); }
                            }>"Apply now"</button>
                            <button type="button" class="secondary" id="apply-cancel" on:click=move |_| { confirm.set(false); crate::components::page::focus("apply-open"); }>"Cancel"</button>
                        </span>
                    </Show>
                    <button type="button" class="secondary" disabled=busy
                        on:click=move |_| { order.set(tenant_rows.with_untracked(|r| r.iter().map(|r| r.id.clone()).collect())); run.set(None); verified.set(None); announce.set("Back to the tenant's order".into()); }>
                        "Reset"
                    </button>
                </div>
                // The section stays while a run is shown (only its contents follow the calls), so
                // the focus it takes when a run starts is not lost at the next call.
                {move || has_run.get().then(|| view! {
                <section class="run" id="run-status" tabindex="-1"
                    aria-label=move || format!("{} progress", if run.with(|r| r.as_ref().is_some_and(|r| r.undo)) { "Undo" } else { "Apply" })>
                {move || run.get().map(|r| {
                    let total = r.steps.len();
                    let landed = r.states.iter().filter(|s| matches!(s, CallState::Landed | CallState::LandedLost)).count();
                    // Cut off: a call failed (or failed and was read back as landed).
                    let failed = r.states.iter().any(|s| matches!(s, CallState::Failed(..) | CallState::LandedLost));
                    let unsure = r.states.iter().any(|s| matches!(s, CallState::Failed(_, true)));
                    let title = if r.undo { "Undo" } else { "Apply" };
                    view! {
                            <label for="run-progress">{format!("{title}: {landed} of {total} calls landed")}</label>
                            <progress id="run-progress" max=total value=landed></progress>
                            <ol class="calls">
                                {r.steps.iter().zip(r.states.iter()).map(|(s, st)| {
                                    let (mark, cls, msg) = match st {
                                        CallState::Waiting => ("waiting", "", String::new()),
                                        CallState::Sending => ("sending…", "", String::new()),
                                        CallState::Landed => ("landed", "ok", String::new()),
                                        CallState::LandedLost => ("landed (its answer was lost; read back)", "ok", String::new()),
                                        CallState::Failed(m, _) => ("failed", "bad", m.clone()),
                                        CallState::NotSent => ("not sent", "", String::new()),
                                    };
                                    view! { <li class=cls>{format!("{}: {} → {}{} — {mark}", name_of(&s.id), s.from, s.to, if s.temporary { " (temporary)" } else { "" })}{(!msg.is_empty()).then(|| view! { <p role="alert" class="failure">{msg}</p> })}</li> }
                                }).collect_view()}
                            </ol>
                            {move || reread.get().map(|t| view! { <p role="status" class="notice">{t}</p> })}
                            {(r.done && failed && !r.undo && (landed > 0 || unsure)).then(|| view! {
                                <button type="button" disabled=move || ro.get() on:click=undo_landed>"Undo the changes made"</button>
                            })}
                    }
                })}
                </section>
                })}
                {move || verified.get().map(|ok| if ok {
                    view! {
                        <p role="status" class="okline">"Done. Read back from the tenant: its order is the wanted one."</p>
                        {move || previous.get().map(|before| {
                            let back = undo_plan(&before, &current.get());
                            let n = back.len();
                            view! {
                                <Show when=move || !revert_confirm.get()>
                                    <button type="button" id="revert-open" class="secondary" disabled=move || ro.get()
                                        on:click=move |_| { revert_confirm.set(true); crate::components::page::focus("revert-cancel"); }>"Revert to the previous order…"</button>
                                </Show>
                                <Show when=move || revert_confirm.get()>
                                    {
                                        let back = back.clone();
                                        view! {
                                            <section class="notice" role="group" aria-label="Confirm revert">
                                                <p>{format!("Reverting sends {n} update call{}, each profile back to its value before the apply:", if n == 1 { "" } else { "s" })}</p>
                                                <ol class="calls" aria-label="Revert calls">
                                                    {back.iter().map(|s| view! { <li>{format!("{}: {} → {}", name_of(&s.id), s.from, s.to)}</li> }).collect_view()}
                                                </ol>
                                                <div class="actions">
                                                <button type="button" id="revert-now" on:click={ let back = back.clone(); let before = before.clone(); move |_| { order.set(order_of(&before)); start_run(back.clone(), true); } }>"Revert now"</button>
                                                <button type="button" class="secondary" id="revert-cancel" on:click=move |_| { revert_confirm.set(false); crate::components::page::focus("revert-open"); }>"Cancel"</button>
                                                </div>
                                            </section>
                                        }
                                    }
                                </Show>
                            }
                        })}
                    }.into_any()
                } else {
                    view! { <p role="alert" class="failure">"Read back from the tenant: its order differs from the wanted one. Reload and check."</p> }.into_any()
                })}
            </section>
        </div>
    }
}
