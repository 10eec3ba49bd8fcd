//! An independent brute force for small lists (n <= 10 or so): the fewest update calls any
//! plan can use. The planner is checked against it in the property tests and in the
//! benchmark (`cargo run --release -p isc-core --example bench_priority`).

use super::Profile;
use std::collections::{HashMap, HashSet};

/// The proven minimum number of calls to reach `wanted` from `current`: `n - L` when a plan
/// moving each other profile once exists, otherwise one more (a temporary value).
pub fn minimum_calls(current: &[Profile], wanted: &[String]) -> usize {
    let (bound, direct) = brute_force_min(current, wanted);
    if direct {
        bound
    } else {
        bound + 1
    }
}

/// Independent check of "these positions can keep their values": walk the wanted order
/// with the smallest value each position could take.
pub fn keepable(current_at: &[i64], keep: &[bool]) -> bool {
    let mut last = 0i64;
    for (k, &p) in current_at.iter().enumerate() {
        if keep[k] {
            if p <= last {
                return false;
            }
            last = p;
        } else {
            last += 1;
        }
    }
    true
}

/// True if some direct-move plan (each moved profile called once) exists that keeps
/// exactly `keep` and uses values up to `vmax`: enumerates every final assignment.
pub fn direct_plan_exists(current_at: &[i64], keep: &[bool], vmax: i64) -> bool {
    let n = current_at.len();
    let mut target = vec![0i64; n];
    fn go(
        k: usize,
        last: i64,
        cur: &[i64],
        keep: &[bool],
        vmax: i64,
        target: &mut Vec<i64>,
    ) -> bool {
        let n = cur.len();
        if k == n {
            // acyclic? follow "my target is held by mover j" links; a cycle means no order.
            let holder: HashMap<i64, usize> =
                cur.iter().enumerate().map(|(i, &v)| (v, i)).collect();
            for start in 0..n {
                let mut seen = HashSet::new();
                let mut x = start;
                while !keep[x] {
                    if !seen.insert(x) {
                        return false;
                    }
                    match holder.get(&target[x]) {
                        Some(&j) if !keep[j] => x = j,
                        Some(_) => return false, // target held by a kept profile
                        None => break,
                    }
                }
            }
            return true;
        }
        if keep[k] {
            if cur[k] <= last {
                return false;
            }
            target[k] = cur[k];
            return go(k + 1, cur[k], cur, keep, vmax, target);
        }
        for v in last + 1..=vmax {
            if v == cur[k] {
                continue; // that would be keeping it
            }
            target[k] = v;
            if go(k + 1, v, cur, keep, vmax, target) {
                return true;
            }
        }
        false
    }
    go(0, 0, current_at, keep, vmax, &mut target)
}

/// The lower bound `n - L` by subset enumeration, and whether a plan of exactly that many
/// calls exists.
pub fn brute_force_min(current: &[Profile], wanted: &[String]) -> (usize, bool) {
    let by: HashMap<&str, i64> = current
        .iter()
        .map(|p| (p.id.as_str(), p.priority))
        .collect();
    let cur: Vec<i64> = wanted.iter().map(|w| by[w.as_str()]).collect();
    let n = cur.len();
    let vmax = cur.iter().copied().max().unwrap() + n as i64;
    let mut best_l = 0;
    for mask in 0u32..(1 << n) {
        let keep: Vec<bool> = (0..n).map(|i| mask & (1 << i) != 0).collect();
        if keepable(&cur, &keep) {
            best_l = best_l.max(mask.count_ones() as usize);
        }
    }
    // Does a plan of exactly n - best_l calls exist (every mover called once, directly)?
    let exists = (0u32..(1 << n)).any(|mask| {
        let keep: Vec<bool> = (0..n).map(|i| mask & (1 << i) != 0).collect();
        mask.count_ones() as usize == best_l
            && keepable(&cur, &keep)
            && direct_plan_exists(&cur, &keep, vmax)
    });
    (n - best_l, exists)
}
