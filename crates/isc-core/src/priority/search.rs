//! The search behind a plan: input checks, the largest kept sets, and target values for
//! every position given a kept set.

use super::*;

/// How many alternative kept sets and value choices to try before spending a temporary call.
pub(super) const SEARCH_BUDGET: usize = 4096;
/// How many ways to pick busy values in one gap are tried.
const COMBINATION_LIMIT: usize = 64;

pub(super) fn check(current: &[Profile], wanted: &[String]) -> Result<(), PlanError> {
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
pub(super) fn longest_kept(d: &[i64]) -> usize {
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

/// Enumerates kept sets of `size` profiles (each as ascending positions), up to `budget`; none
/// when `size` is more than the largest.
pub(super) fn kept_sets(d: &[i64], size: usize, budget: usize) -> Vec<Vec<usize>> {
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
    if size == 0 {
        out.push(vec![]);
        return out;
    }
    if size > l {
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
            if start[j] >= need && stack.last().is_none_or(|&k| d[j] >= d[k]) {
                stack.push(j);
                dfs(d, start, j + 1, need - 1, stack, out, budget);
                stack.pop();
                if out.len() >= budget {
                    return;
                }
            }
        }
    }
    dfs(d, &start, 0, size, &mut stack, &mut out, budget);
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
pub(super) fn assign(
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
