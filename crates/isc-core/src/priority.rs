//! Identity-profile priority planning: from the current priorities and the order a person
//! wants, the fewest `PATCH /priority` calls, in an order where no two profiles ever share a
//! value (the tenant refuses a duplicate).
//!
//! Lower value = higher priority; values stay positive. With positions `k` counted from 0 in
//! the wanted order and `p` the current priority there, a set of profiles can keep their
//! values iff `p - k` is non-decreasing along it and `p - k >= 1` (room above 0 for those
//! before the first). The longest such run `L` gives the lower bound `n - L`. Among the kept
//! sets of that size the planner looks for one whose moves need no temporary value; only
//! where none exists does it spend one extra call per cycle on a temporary value.

use std::collections::{HashMap, HashSet};

/// A profile as the planner sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub id: String,
    pub priority: i64,
}

/// One update call: set `id`'s priority from `from` to `to`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub id: String,
    pub from: i64,
    pub to: i64,
    /// True for a move to a temporary value that a later step replaces.
    pub temporary: bool,
}

/// A plan and how it compares with the lower bound.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub steps: Vec<Step>,
    /// `n - L`: no plan can use fewer calls.
    pub lower_bound: usize,
    /// The priority each profile ends with, in the wanted order.
    pub final_priorities: Vec<(String, i64)>,
}

impl Plan {
    /// Calls that go to a temporary value.
    pub fn temporary_calls(&self) -> usize {
        self.steps.iter().filter(|s| s.temporary).count()
    }

    /// The plan's count against the true minimum, in words: `n − L` calls when some largest
    /// set of profiles that can keep their value leaves the others a direct order; one more
    /// when every such set leaves a cycle of values, spent either on a temporary value or on
    /// keeping one profile fewer.
    pub fn summary(&self) -> String {
        let count = self.steps.len();
        let n = self.final_priorities.len();
        // Each profile that moves has one final step; a temporary value is a step more.
        let kept = n - (count - self.temporary_calls());
        let largest = n - self.lower_bound;
        let calls = |k: usize| format!("{k} update call{}", if k == 1 { "" } else { "s" });
        let keep = format!(
            "{kept} of {n} profile{} keep{} {} priority",
            if n == 1 { "" } else { "s" },
            if kept == 1 { "s" } else { "" },
            if kept == 1 { "its" } else { "their" },
        );
        match count {
            0 => "No update calls: this is the tenant's order.".into(),
            c if c == self.lower_bound => {
                format!("{}, the fewest possible: {keep}.", calls(c))
            }
            c if c == self.lower_bound + 1 && self.temporary_calls() > 0 => format!(
                "{}, the fewest possible: {keep}, and every way of keeping {kept} leaves the \
                 others holding each other's values in a cycle, so one of them first moves to a \
                 temporary value (two profiles may never share a priority).",
                calls(c)
            ),
            c if c == self.lower_bound + 1 => format!(
                "{}, the fewest possible: {keep}. Keeping {largest} would leave the others \
                 holding each other's values in cycles, each needing a temporary value (two \
                 profiles may never share a priority).",
                calls(c)
            ),
            c => format!(
                "{}; at least {} are needed ({keep}).",
                calls(c),
                self.lower_bound
            ),
        }
    }
}

/// Why a plan cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanError {
    DuplicatePriority(i64),
    DuplicateId(String),
    NotPositive(String),
    UnknownId(String),
    MissingId(String),
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanError::DuplicatePriority(p) => write!(
                f,
                "two profiles already share priority {p}; the tenant should never allow that"
            ),
            PlanError::DuplicateId(id) => write!(f, "profile {id} appears twice"),
            PlanError::NotPositive(id) => write!(f, "profile {id} has a priority below 1"),
            PlanError::UnknownId(id) => write!(
                f,
                "the wanted order names {id}, which is not a current profile"
            ),
            PlanError::MissingId(id) => write!(f, "the wanted order leaves out profile {id}"),
        }
    }
}

/// Gap left above the current maximum for profiles moved below every kept one, as the
/// tenant does for a new profile (10 + the current maximum).
pub const STEP: i64 = 10;

mod moves;
mod search;

pub use moves::order_moves;
use search::{assign, check, kept_sets, longest_kept, SEARCH_BUDGET};

/// Plans the fewest calls that turn `current` into the `wanted` order (ids, highest priority
/// first) with no collision after any call.
pub fn plan(current: &[Profile], wanted: &[String]) -> Result<Plan, PlanError> {
    check(current, wanted)?;
    let by_id: HashMap<&str, i64> = current
        .iter()
        .map(|p| (p.id.as_str(), p.priority))
        .collect();
    let current_at: Vec<i64> = wanted.iter().map(|id| by_id[id.as_str()]).collect();
    let d: Vec<i64> = current_at
        .iter()
        .enumerate()
        .map(|(k, &p)| p - k as i64)
        .collect();
    let n = wanted.len();
    let l = longest_kept(&d);
    let lower_bound = n - l;
    let held: HashSet<i64> = current.iter().map(|p| p.priority).collect();

    let mut best: Option<Vec<Step>> = None;
    // Each try costs O(n); small lists get an exhaustive-enough search, large ones a bounded one.
    let mut budget = (SEARCH_BUDGET * 8 / n.max(8)).max(32);
    // The largest kept sets first. A set of `size` costs `n - size` calls plus one per cycle
    // it leaves, so a smaller set is tried only while it could still beat the best plan (when
    // every largest set leaves two cycles, keeping one profile fewer may leave none).
    for size in (0..=l).rev() {
        if budget == 0 || best.as_ref().is_some_and(|b| n - size >= b.len()) {
            break;
        }
        'sets: for kept in kept_sets(&d, size, budget) {
            for choice in 0.. {
                if budget == 0 {
                    break 'sets;
                }
                budget -= 1;
                let Some((target, ways)) = assign(&current_at, &kept, &held, choice) else {
                    break;
                };
                let moves: Vec<(String, i64)> =
                    wanted.iter().cloned().zip(target.iter().copied()).collect();
                let steps = order_moves(current, &moves);
                let temps = steps.iter().filter(|s| s.temporary).count();
                if best.as_ref().is_none_or(|b| steps.len() < b.len()) {
                    best = Some(steps);
                }
                if temps == 0 {
                    break 'sets;
                }
                // Only sets that had to use busy values have alternatives to try.
                if choice + 1 >= ways.min(256) {
                    break;
                }
            }
        }
    }
    let steps = best.unwrap_or_default();
    let mut final_values: HashMap<String, i64> =
        current.iter().map(|p| (p.id.clone(), p.priority)).collect();
    for s in &steps {
        final_values.insert(s.id.clone(), s.to);
    }
    Ok(Plan {
        steps,
        lower_bound,
        final_priorities: wanted
            .iter()
            .map(|id| (id.clone(), final_values[id]))
            .collect(),
    })
}

/// Applies steps one at a time, refusing any that would make two profiles share a value.
pub fn simulate(current: &[Profile], steps: &[Step]) -> Result<Vec<Profile>, String> {
    let mut now: Vec<Profile> = current.to_vec();
    for (i, s) in steps.iter().enumerate() {
        let Some(pos) = now.iter().position(|p| p.id == s.id) else {
            return Err(format!("step {i}: no profile {}", s.id));
        };
        if now[pos].priority != s.from {
            return Err(format!(
                "step {i}: {} is at {}, not {}",
                s.id, now[pos].priority, s.from
            ));
        }
        if s.to < 1 {
            return Err(format!("step {i}: value {} is not positive", s.to));
        }
        if now.iter().any(|p| p.id != s.id && p.priority == s.to) {
            return Err(format!("step {i}: value {} is already held", s.to));
        }
        now[pos].priority = s.to;
    }
    Ok(now)
}

/// The ids ordered by priority, highest first.
pub fn order_of(profiles: &[Profile]) -> Vec<String> {
    let mut v: Vec<&Profile> = profiles.iter().collect();
    v.sort_by_key(|p| p.priority);
    v.into_iter().map(|p| p.id.clone()).collect()
}

/// The steps that put back exactly the `original` values after some of a plan landed.
pub fn undo_plan(original: &[Profile], now: &[Profile]) -> Vec<Step> {
    let moves: Vec<(String, i64)> = original
        .iter()
        .map(|p| (p.id.clone(), p.priority))
        .collect();
    order_moves(now, &moves)
}

pub mod proof;

#[cfg(test)]
mod tests;
