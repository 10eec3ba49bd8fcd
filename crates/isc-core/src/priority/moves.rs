//! Ordering direct moves so that no value is ever held twice.

use super::*;

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
