//! Applying a plan of priority changes: one call at a time, stopping at the first failure,
//! then reading the tenant back (a failed call may have landed), and undoing what landed.

use isc_core::api::identity_profiles::{self, ProfileRow};
use isc_core::api::ListQuery;
use isc_core::http::ApiRequest;
use isc_core::priority::{order_of, undo_plan, Plan, Profile, Step};
use isc_core::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// One profile as the list shows it.
pub(super) type Row = ProfileRow;

/// Every profile (all pages), sorted by priority.
pub(super) async fn load_profiles() -> Result<Vec<Row>, ApiError> {
    let list = crate::api::get_all(identity_profiles::list(
        crate::api::generation(),
        &ListQuery::new().sorters("priority"),
    ))
    .await?;
    Ok(identity_profiles::rows(&list))
}

pub(super) fn patch_request(step: &Step) -> ApiRequest {
    identity_profiles::set_priority(crate::api::generation(), &step.id, step.to)
}

/// How one call of an apply run went.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum CallState {
    Waiting,
    Sending,
    Landed,
    /// Its answer was lost, but the tenant, read back, holds its value.
    LandedLost,
    /// The sentence, and whether the tenant may have carried the call out all the same
    /// (no answer, a time-out, an unreadable one, a gateway error, or cancelled).
    Failed(String, bool),
    NotSent,
}

/// An apply (or undo) run: its steps and how each went.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Run {
    pub undo: bool,
    pub steps: Vec<Step>,
    pub states: Vec<CallState>,
    pub done: bool,
}

/// The editor's state an apply run reads and changes.
#[derive(Clone, Copy)]
pub(super) struct Editor {
    pub tenant_rows: RwSignal<Vec<Row>>,
    pub order: RwSignal<Vec<String>>,
    pub load_error: RwSignal<Option<String>>,
    pub run: RwSignal<Option<Run>>,
    pub confirm: RwSignal<bool>,
    pub verified: RwSignal<Option<bool>>,
    /// The tenant's profiles before the last apply that landed whole: what Revert goes back to.
    pub previous: RwSignal<Option<Vec<Profile>>>,
    pub revert_confirm: RwSignal<bool>,
    /// The tenant's profiles when the last apply started: what "Undo the changes made" goes
    /// back to.
    pub run_from: RwSignal<Vec<Profile>>,
    /// What reading the tenant back after a failed run found.
    pub reread: RwSignal<Option<String>>,
    pub current: Memo<Vec<Profile>>,
    pub the_plan: Memo<Result<Plan, String>>,
}

impl Editor {
    /// Applies steps one at a time; stops at the first failure.
    pub fn start_run(self, steps: Vec<Step>, undo: bool) {
        let n = steps.len();
        self.previous
            .set((!undo).then(|| self.current.get_untracked()));
        if !undo {
            self.run_from.set(self.current.get_untracked());
        }
        self.reread.set(None);
        self.revert_confirm.set(false);
        crate::components::page::focus("run-status");
        self.run.set(Some(Run {
            undo,
            steps: steps.clone(),
            states: vec![CallState::Waiting; n],
            done: false,
        }));
        self.confirm.set(false);
        self.verified.set(None);
        spawn_local(async move {
            let mut failed = false;
            for (i, step) in steps.iter().enumerate() {
                if failed {
                    self.run.update(|r| {
                        if let Some(r) = r {
                            r.states[i] = CallState::NotSent
                        }
                    });
                    continue;
                }
                self.run.update(|r| {
                    if let Some(r) = r {
                        r.states[i] = CallState::Sending
                    }
                });
                match crate::api::call_json(patch_request(step)).await {
                    Ok(_) => self.run.update(|r| {
                        if let Some(r) = r {
                            r.states[i] = CallState::Landed
                        }
                    }),
                    Err(e) => {
                        failed = true;
                        self.run.update(|r| {
                            if let Some(r) = r {
                                r.states[i] = CallState::Failed(e.sentence(), e.outcome_unknown())
                            }
                        });
                    }
                }
            }
            self.run.update(|r| {
                if let Some(r) = r {
                    r.done = true
                }
            });
            if failed {
                self.previous.set(None);
                // Read the tenant back before saying anything: the failed call may have
                // landed. The plan is then recomputed from what the tenant holds (the wanted
                // order stays), so nothing is sent again blindly.
                match load_profiles().await {
                    Ok(rows) => {
                        let now: Vec<Profile> = rows.iter().map(ProfileRow::profile).collect();
                        let held = |id: &str| now.iter().find(|p| p.id == id).map(|p| p.priority);
                        let mut lost_landed = false;
                        self.run.update(|r| {
                            if let Some(r) = r {
                                for (st, step) in r.states.iter_mut().zip(r.steps.iter()) {
                                    if matches!(st, CallState::Failed(_, true)) && held(&step.id) == Some(step.to) {
                                        *st = CallState::LandedLost;
                                        lost_landed = true;
                                    }
                                }
                            }
                        });
                        self.tenant_rows.set(rows);
                        let left = self.the_plan.with_untracked(|p| p.as_ref().map(|p| p.steps.len()).unwrap_or(0));
                        self.reread.set(Some(format!(
                            "Read back from the tenant: {} The plan below is recomputed from what it holds now: {left} call{} left.",
                            if lost_landed { "the call that failed did land (its answer was lost)." } else { "the call that failed did not land." },
                            if left == 1 { "" } else { "s" }
                        )));
                    }
                    Err(e) => self.reread.set(Some(format!(
                        "Reading the profiles back failed, so what the tenant holds is unknown: Reload the page before applying again. {}",
                        e.sentence()
                    ))),
                }
            } else {
                // Read the tenant again and check its order.
                let wanted = self.order.get_untracked();
                if let Ok(rows) = load_profiles().await {
                    let now: Vec<Profile> = rows.iter().map(ProfileRow::profile).collect();
                    let matches = order_of(&now) == wanted || undo;
                    self.tenant_rows.set(rows);
                    self.order.set(order_of(&now));
                    self.verified.set(Some(matches));
                }
            }
        });
    }

    /// Undo reads the tenant first: a call that failed without a clear answer may have landed.
    pub fn undo_landed(self) {
        let original = self.run_from.get_untracked();
        spawn_local(async move {
            let now: Vec<Profile> = match load_profiles().await {
                Ok(rows) => rows.iter().map(ProfileRow::profile).collect(),
                Err(e) => {
                    self.load_error.set(Some(format!(
                        "Cannot undo: reading the profiles back failed. {}",
                        e.sentence()
                    )));
                    return;
                }
            };
            let back = undo_plan(&original, &now);
            self.order.set(order_of(&original));
            self.start_run(back, true);
        });
    }
}
