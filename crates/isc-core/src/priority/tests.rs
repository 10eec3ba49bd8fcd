use super::proof::brute_force_min;
use super::*;
use proptest::prelude::*;

fn profiles(prios: &[i64]) -> Vec<Profile> {
    prios
        .iter()
        .enumerate()
        .map(|(i, &p)| Profile {
            id: format!("p{i}"),
            priority: p,
        })
        .collect()
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn check_plan(current: &[Profile], wanted: &[String]) -> Plan {
    let plan = plan(current, wanted).unwrap();
    let end = simulate(current, &plan.steps).unwrap_or_else(|e| panic!("collision: {e}\n{plan:?}"));
    assert_eq!(&order_of(&end), wanted, "wrong final order: {plan:?}");
    assert!(end.iter().all(|p| p.priority >= 1));
    assert!(plan.steps.len() >= plan.lower_bound);
    plan
}

#[test]
fn swapping_the_top_two_takes_one_call_and_no_temporary() {
    // Admins do this by hand through a third value today: 3 calls.
    let cur = profiles(&[10, 20, 30]);
    let p = check_plan(&cur, &ids(&["p1", "p0", "p2"]));
    assert_eq!(p.steps.len(), 1);
    assert_eq!(p.temporary_calls(), 0);
}

#[test]
fn already_in_order_needs_nothing() {
    let cur = profiles(&[10, 20, 40]);
    let p = check_plan(&cur, &ids(&["p0", "p1", "p2"]));
    assert!(p.steps.is_empty());
    assert_eq!(p.lower_bound, 0);
}

#[test]
fn moving_the_last_to_the_top_lands_in_the_middle_of_the_gap() {
    let cur = profiles(&[10, 20, 30, 40]);
    let p = check_plan(&cur, &ids(&["p3", "p0", "p1", "p2"]));
    assert_eq!(
        p.steps,
        vec![Step {
            id: "p3".into(),
            from: 40,
            to: 5,
            temporary: false
        }]
    );
}

#[test]
fn dense_priorities_move_below_the_maximum_with_room() {
    // 1,2,3: no room above 1, so the mover goes past the maximum, STEP apart.
    let cur = profiles(&[1, 2, 3]);
    let p = check_plan(&cur, &ids(&["p2", "p0", "p1"]));
    assert_eq!(p.steps.len(), 2, "{p:?}");
    assert_eq!(p.lower_bound, 2);
    let tos: Vec<i64> = p.steps.iter().map(|s| s.to).collect();
    assert!(tos.iter().all(|&t| t > 3), "{tos:?}");
}

#[test]
fn a_forced_cycle_costs_exactly_one_temporary_call() {
    // Kept set {1,3,5} is the only one of size 3; P4 must take 2 and P2 must take 4.
    let cur = profiles(&[1, 2, 3, 4, 5]);
    let p = check_plan(&cur, &ids(&["p0", "p3", "p2", "p1", "p4"]));
    assert_eq!(p.lower_bound, 2);
    assert_eq!(p.steps.len(), 3, "{p:?}");
    assert_eq!(p.temporary_calls(), 1);
}

#[test]
fn bad_input_is_refused() {
    assert_eq!(
        plan(&profiles(&[10, 10]), &ids(&["p0", "p1"])),
        Err(PlanError::DuplicatePriority(10))
    );
    assert_eq!(
        plan(&profiles(&[10, 20]), &ids(&["p0"])),
        Err(PlanError::MissingId("p1".into()))
    );
    assert_eq!(
        plan(&profiles(&[10, 20]), &ids(&["p0", "x"])),
        Err(PlanError::UnknownId("x".into()))
    );
    assert_eq!(
        plan(&profiles(&[0, 20]), &ids(&["p0", "p1"])),
        Err(PlanError::NotPositive("p0".into()))
    );
    assert_eq!(
        plan(&profiles(&[10, 20]), &ids(&["p0", "p0"])),
        Err(PlanError::DuplicateId("p0".into()))
    );
}

#[test]
fn undo_puts_back_exactly_the_original_values() {
    let orig = profiles(&[10, 20, 30, 40]);
    let p = check_plan(&orig, &ids(&["p3", "p2", "p1", "p0"]));
    for landed in 0..=p.steps.len() {
        let now = simulate(&orig, &p.steps[..landed]).unwrap();
        let back = undo_plan(&orig, &now);
        let end = simulate(&now, &back).unwrap();
        assert_eq!(end, orig, "after {landed} landed");
    }
}

/// How many profiles end on another value than they hold now.
fn moved(cur: &[Profile], p: &Plan) -> usize {
    p.final_priorities
        .iter()
        .filter(|(id, v)| cur.iter().any(|c| &c.id == id && c.priority != *v))
        .count()
}

/// Found by the property test below: the only largest kept set ({p0, p2, p5}) leaves two
/// cycles (p4/p3 and p6/p1), so keeping it costs 4 + 2 calls; keeping {p4, p6} costs 5, with
/// no temporary value.
#[test]
fn a_smaller_kept_set_wins_when_every_largest_one_leaves_two_cycles() {
    let cur: Vec<Profile> = [
        ("p0", 4),
        ("p1", 2),
        ("p2", 5),
        ("p3", 1),
        ("p4", 3),
        ("p5", 7),
        ("p6", 6),
    ]
    .iter()
    .map(|(id, priority)| Profile {
        id: id.to_string(),
        priority: *priority,
    })
    .collect();
    let p = check_plan(&cur, &ids(&["p4", "p6", "p3", "p0", "p2", "p1", "p5"]));
    assert_eq!(p.lower_bound, 4);
    assert_eq!(p.steps.len(), 5, "{p:?}");
    assert_eq!(p.temporary_calls(), 0);
    assert_eq!(
        p.summary(),
        "5 update calls, the fewest possible: 2 of 7 profiles keep their priority. Keeping 3 \
         would leave the others holding each other's values in cycles, each needing a temporary \
         value (two profiles may never share a priority)."
    );
}

fn arb_case(max_n: usize, spread: i64) -> impl Strategy<Value = (Vec<Profile>, Vec<String>)> {
    (2..=max_n)
        .prop_flat_map(move |n| {
            (
                proptest::sample::subsequence((1..=(n as i64 * spread + 3)).collect::<Vec<_>>(), n)
                    .prop_shuffle(),
                Just(n).prop_flat_map(|n| Just((0..n).collect::<Vec<_>>()).prop_shuffle()),
            )
        })
        .prop_map(|(prios, perm)| {
            let cur = profiles(&prios);
            let wanted = perm.iter().map(|i| format!("p{i}")).collect();
            (cur, wanted)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_collides_and_ends_in_the_wanted_order_dense((cur, wanted) in arb_case(300, 1)) {
        let p = check_plan(&cur, &wanted);
        prop_assert_eq!(p.steps.len(), moved(&cur, &p) + p.temporary_calls());
    }

    #[test]
    fn never_collides_and_ends_in_the_wanted_order_sparse((cur, wanted) in arb_case(300, 10)) {
        let p = check_plan(&cur, &wanted);
        prop_assert_eq!(p.steps.len(), moved(&cur, &p) + p.temporary_calls());
    }

    #[test]
    fn no_plan_has_fewer_calls_small_dense((cur, wanted) in arb_case(8, 1)) {
        let p = check_plan(&cur, &wanted);
        let (bound, direct_exists) = brute_force_min(&cur, &wanted);
        prop_assert_eq!(p.lower_bound, bound);
        if direct_exists {
            prop_assert_eq!(p.steps.len(), bound, "a plan of {} calls exists: {:?}", bound, p);
        } else {
            // no plan of `bound` calls exists, so bound + 1 is the minimum
            prop_assert_eq!(p.steps.len(), bound + 1, "{:?}", p);
        }
    }

    #[test]
    fn no_plan_has_fewer_calls_small_sparse((cur, wanted) in arb_case(8, 2)) {
        let p = check_plan(&cur, &wanted);
        let (bound, direct_exists) = brute_force_min(&cur, &wanted);
        prop_assert_eq!(p.lower_bound, bound);
        prop_assert_eq!(p.steps.len(), if direct_exists { bound } else { bound + 1 }, "{:?}", p);
    }
}

/// Every order of four profiles packed at 1..=4 (no room between values) and spread out.
fn all_orders(n: usize) -> Vec<Vec<String>> {
    fn go(rest: Vec<String>, done: Vec<String>, out: &mut Vec<Vec<String>>) {
        if rest.is_empty() {
            out.push(done);
            return;
        }
        for i in 0..rest.len() {
            let mut r = rest.clone();
            let x = r.remove(i);
            let mut d = done.clone();
            d.push(x);
            go(r, d, out);
        }
    }
    let mut out = vec![];
    go((0..n).map(|i| format!("p{i}")).collect(), vec![], &mut out);
    out
}

#[test]
fn the_summary_states_the_true_minimum_and_why_a_temporary_value_is_needed() {
    let (mut direct, mut cycle) = (0, 0);
    for prios in [[1, 2, 3, 4], [1, 2, 3, 5], [2, 3, 4, 5]] {
        let cur = profiles(&prios);
        for wanted in all_orders(4) {
            let p = check_plan(&cur, &wanted);
            let (bound, reachable) = brute_force_min(&cur, &wanted);
            let minimum = if reachable { bound } else { bound + 1 };
            assert_eq!(p.steps.len(), minimum, "{prios:?} {wanted:?}");
            let s = p.summary();
            if p.steps.is_empty() {
                assert_eq!(s, "No update calls: this is the tenant's order.");
                continue;
            }
            assert!(s.contains("the fewest possible"), "{s}");
            if p.steps.len() == bound {
                direct += 1;
                assert!(!s.contains("temporary"), "{s}");
            } else {
                cycle += 1;
                assert!(s.contains("cycle") && s.contains("temporary value"), "{s}");
            }
        }
    }
    assert!(
        direct > 0 && cycle > 0,
        "both kinds seen: {direct} direct, {cycle} with a cycle"
    );
}

#[test]
fn the_summary_says_call_and_calls_rightly() {
    let cur = profiles(&[10, 20, 30]);
    let one = check_plan(&cur, &ids(&["p1", "p0", "p2"])).summary();
    assert!(
        one.starts_with("1 update call, the fewest possible: 2 of 3 profiles keep their priority."),
        "{one}"
    );
    let cur = profiles(&[1, 2]);
    let p = check_plan(&cur, &ids(&["p1", "p0"]));
    let s = p.summary();
    assert!(
        s.starts_with(&format!("{} update call", p.steps.len())),
        "{s}"
    );
    assert!(s.contains("1 of 2 profiles keeps its priority"), "{s}");
}
