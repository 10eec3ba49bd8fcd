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
    /// set of profiles that can keep their value leaves the others a direct order, one more
    /// when every such set leaves a cycle of values that only a temporary value breaks.
    pub fn summary(&self) -> String {
        let count = self.steps.len();
        let n = self.final_priorities.len();
        let kept = n - self.lower_bound;
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
/// How many alternative kept sets and value choices to try before spending a temporary call.
const SEARCH_BUDGET: usize = 4096;
/// How many ways to pick busy values in one gap are tried.
const COMBINATION_LIMIT: usize = 64;

fn check(current: &[Profile], wanted: &[String]) -> Result<(), PlanError> {
    let mut seen_p = HashSet::new();
    let mut seen_id = HashSet::new();
    for p in current {
        if p.priority < 1 {
            return Err(PlanError::NotPositive(p.id.clone()));
        }
        if !seen_p.insert(p.priority) {
            return Err(PlanError::DuplicatePriority(p.priority));
        }
        if !seen_id.insert(p.id.as_str()) {
            return Err(PlanError::DuplicateId(p.id.clone()));
        }
    }
    let mut seen_w = HashSet::new();
    for w in wanted {
        if !seen_id.contains(w.as_str()) {
            return Err(PlanError::UnknownId(w.clone()));
        }
        if !seen_w.insert(w.as_str()) {
            return Err(PlanError::DuplicateId(w.clone()));
        }
    }
    if let Some(p) = current.iter().find(|p| !seen_w.contains(p.id.as_str())) {
        return Err(PlanError::MissingId(p.id.clone()));
    }
    Ok(())
}

/// The longest run that can keep its values, as positions in the wanted order.
/// `d[k] = p[k] - k`; eligible when `d >= 1`; a run is non-decreasing in `d`.
fn longest_kept(d: &[i64]) -> usize {
    // Patience sorting for the longest non-decreasing subsequence, O(n log n).
    let mut tails: Vec<i64> = Vec::new();
    for &x in d.iter().filter(|&&x| x >= 1) {
        let i = tails.partition_point(|&t| t <= x);
        if i == tails.len() {
            tails.push(x);
        } else {
            tails[i] = x;
        }
    }
    tails.len()
}

/// Enumerates kept sets of the largest size (each as ascending positions), up to `budget`.
fn max_kept_sets(d: &[i64], budget: usize) -> Vec<Vec<usize>> {
    let n = d.len();
    let ok = |k: usize| d[k] >= 1;
    // start[k]: longest valid run starting at k. O(n^2) is fine for the sizes involved
    // (hundreds); the O(n log n) bound above already gives the length.
    let mut start = vec![0usize; n];
    for k in (0..n).rev() {
        if !ok(k) {
            continue;
        }
        let best = (k + 1..n)
            .filter(|&j| ok(j) && d[j] >= d[k])
            .map(|j| start[j])
            .max()
            .unwrap_or(0);
        start[k] = best + 1;
    }
    let l = start.iter().copied().max().unwrap_or(0);
    let mut out = Vec::new();
    if l == 0 {
        out.push(vec![]);
        return out;
    }
    let mut stack: Vec<usize> = Vec::new();
    fn dfs(
        d: &[i64],
        start: &[usize],
        from: usize,
        need: usize,
        stack: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
        budget: usize,
    ) {
        if out.len() >= budget {
            return;
        }
        if need == 0 {
            out.push(stack.clone());
            return;
        }
        for j in from..d.len() {
            if start[j] == need && stack.last().is_none_or(|&k| d[j] >= d[k]) {
                stack.push(j);
                dfs(d, start, j + 1, need - 1, stack, out, budget);
                stack.pop();
                if out.len() >= budget {
                    return;
                }
            }
        }
    }
    dfs(d, &start, 0, l, &mut stack, &mut out, budget);
    out
}

/// Picks `m` values spread across `pool` (ascending), or `None` if it is too small.
fn spread(pool: &[i64], m: usize) -> Option<Vec<i64>> {
    if pool.len() < m {
        return None;
    }
    Some(
        (0..m)
            .map(|i| pool[(i + 1) * pool.len() / (m + 1)])
            .collect(),
    )
}

/// Targets for every position given a kept set; `choice` selects among the ways to use
/// values held by moving profiles when free ones run short (0 = the first way). Returns the
/// targets and how many ways there were.
///
/// A gap with enough free values takes only free ones, so its movers never wait on anyone.
/// A gap without enough takes every free value, then values held by such never-waiting
/// movers (a wait on them cannot be part of a cycle), and only then values held by movers
/// that wait themselves; `choice` ranges over those last picks.
fn assign(
    current_at: &[i64],
    kept: &[usize],
    held: &HashSet<i64>,
    choice: usize,
) -> Option<(Vec<i64>, usize)> {
    let n = current_at.len();
    let mut target = vec![0i64; n];
    for &k in kept {
        target[k] = current_at[k];
    }
    let max_now = current_at.iter().copied().max().unwrap_or(0);
    let position_of: HashMap<i64, usize> = current_at
        .iter()
        .enumerate()
        .map(|(k, &v)| (v, k))
        .collect();
    // Gaps between kept values: (first pos, end pos excl, low value excl, high value excl).
    let mut gaps: Vec<(usize, usize, i64, i64)> = Vec::new();
    let mut prev_pos = 0usize;
    let mut prev_val = 0i64;
    for &k in kept {
        gaps.push((prev_pos, k, prev_val, current_at[k]));
        prev_pos = k + 1;
        prev_val = current_at[k];
    }
    gaps.push((prev_pos, n, prev_val, i64::MAX));
    let free_in = |a: usize, b: usize, lo: i64, hi: i64| -> Vec<i64> {
        let m = b - a;
        if b == n {
            // Below every kept one: multiples of STEP past the maximum, as for a new profile.
            (1..=m as i64).map(|i| lo.max(max_now) + STEP * i).collect()
        } else {
            (lo + 1..hi).filter(|v| !held.contains(v)).collect()
        }
    };
    let mut never_waits = vec![false; n];
    let mut free_of: Vec<Vec<i64>> = Vec::with_capacity(gaps.len());
    for &(a, b, lo, hi) in &gaps {
        let free = free_in(a, b, lo, hi);
        if free.len() >= b - a {
            never_waits[a..b].iter_mut().for_each(|w| *w = true);
        }
        free_of.push(free);
    }
    let mut choice = choice;
    let mut ways = 1usize;
    for (&(a, b, lo, hi), free) in gaps.iter().zip(free_of) {
        let m = b - a;
        if m == 0 {
            continue;
        }
        let vals = if free.len() >= m {
            spread(&free, m)?
        } else {
            let busy = (lo + 1..hi).filter(|v| held.contains(v));
            let (safe, risky): (Vec<i64>, Vec<i64>) =
                busy.partition(|v| never_waits[position_of[v]]);
            let need = m - free.len();
            let mut vals = free;
            if safe.len() >= need {
                vals.extend(spread(&safe, need)?);
            } else {
                vals.extend(&safe);
                let combos = combinations(risky.len(), need - safe.len());
                if combos.is_empty() {
                    return None;
                }
                let pick = &combos[choice % combos.len()];
                choice /= combos.len();
                ways = ways.saturating_mul(combos.len());
                vals.extend(pick.iter().map(|&i| risky[i]));
            }
            vals.sort_unstable();
            vals
        };
        for (i, v) in vals.into_iter().enumerate() {
            target[a + i] = v;
        }
    }
    Some((target, ways))
}

fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    fn go(start: usize, n: usize, k: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if out.len() >= COMBINATION_LIMIT {
            return;
        }
        if cur.len() == k {
            out.push(cur.clone());
            return;
        }
        // Only starts that leave enough elements to finish the combination.
        for i in start..=n - (k - cur.len()) {
            cur.push(i);
            go(i + 1, n, k, cur, out);
            cur.pop();
            if out.len() >= COMBINATION_LIMIT {
                return;
            }
        }
    }
    if k <= n {
        go(0, n, k, &mut cur, &mut out);
    }
    out
}

/// Orders direct moves `(id, to)` so that no value is ever held twice; a cycle of moves is
/// broken with one temporary value above every value in play. Targets must be distinct.
/// Linear in the number of moves (plus one scan per cycle).
pub fn order_moves(holders: &[Profile], moves: &[(String, i64)]) -> Vec<Step> {
    use std::collections::VecDeque;
    let mut value_of: HashMap<&str, i64> = holders
        .iter()
        .map(|p| (p.id.as_str(), p.priority))
        .collect();
    let mut held: HashSet<i64> = holders.iter().map(|p| p.priority).collect();
    let target: HashMap<&str, i64> = moves
        .iter()
        .filter(|(id, to)| value_of.get(id.as_str()) != Some(to))
        .map(|(id, to)| (id.as_str(), *to))
        .collect();
    let mut pending: HashSet<&str> = target.keys().copied().collect();
    let mut ceiling = holders
        .iter()
        .map(|p| p.priority)
        .chain(moves.iter().map(|m| m.1))
        .max()
        .unwrap_or(0);
    let mut waiting_on: HashMap<i64, &str> = HashMap::new();
    let mut ready: VecDeque<&str> = VecDeque::new();
    for (id, _) in moves {
        if let Some(&to) = target.get(id.as_str()) {
            if held.contains(&to) {
                waiting_on.insert(to, id.as_str());
            } else {
                ready.push_back(id.as_str());
            }
        }
    }
    let mut steps = Vec::with_capacity(target.len() + 1);
    let mut cursor = 0usize;
    loop {
        while let Some(id) = ready.pop_front() {
            let from = value_of[id];
            let to = target[id];
            held.remove(&from);
            held.insert(to);
            value_of.insert(id, to);
            pending.remove(id);
            steps.push(Step {
                id: id.to_string(),
                from,
                to,
                temporary: false,
            });
            if let Some(w) = waiting_on.remove(&from) {
                ready.push_back(w);
            }
        }
        if pending.is_empty() {
            break;
        }
        // A cycle: park the first pending mover above everything in play.
        while !pending.contains(moves[cursor].0.as_str()) {
            cursor += 1;
        }
        let id = moves[cursor].0.as_str();
        ceiling += 1;
        while held.contains(&ceiling) {
            ceiling += 1;
        }
        let from = value_of[id];
        held.remove(&from);
        held.insert(ceiling);
        value_of.insert(id, ceiling);
        steps.push(Step {
            id: id.to_string(),
            from,
            to: ceiling,
            temporary: true,
        });
        if let Some(w) = waiting_on.remove(&from) {
            ready.push_back(w);
        }
    }
    steps
}

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
    'sets: for kept in max_kept_sets(&d, budget) {
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
