//! Reading the source list's facts for the sources on the page: one read of the task list (the
//! newest aggregations), then per source its account count and its health, each filled in as
//! it arrives (`isc_core::source_facts`).

use isc_core::api::tasks::{self, TaskQuery};
use isc_core::api::{accounts, sources};
use isc_core::paging::{total_count, PageQuery};
use isc_core::source_facts::{newest_aggregations, Facts};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

/// How many of the tenant's newest tasks are read for the last aggregations.
const TASKS_READ: u32 = 250;

/// How many accounts source `sid` holds (`None`: the read failed).
pub async fn account_count(g: isc_core::api::Generation, sid: &str) -> Option<u64> {
    let r = crate::api::call(accounts::count_on(g, sid)).await.ok()?;
    total_count(&r)
}

/// Reads the facts of `ids` into `facts`; `read` counts the sources whose reads have ended.
pub fn read(ids: Vec<String>, facts: RwSignal<HashMap<String, Facts>>, read: RwSignal<usize>) {
    let g = crate::api::generation();
    facts.set(ids.iter().map(|i| (i.clone(), Facts::default())).collect());
    read.set(0);
    let task_ids = ids.clone();
    spawn_local(async move {
        let q = TaskQuery {
            source_id: None,
            state: None,
        };
        let Ok(req) = tasks::list(g, &q, PageQuery::page(0, TASKS_READ)) else {
            return;
        };
        if let Ok((v, _)) = crate::api::call_json(req).await {
            let rows: Vec<_> = v
                .as_array()
                .map(|a| a.iter().map(tasks::task_row).collect())
                .unwrap_or_default();
            let newest = newest_aggregations(&rows);
            facts.update(|f| {
                for id in &task_ids {
                    if let (Some(e), Some(t)) = (f.get_mut(id), newest.get(id)) {
                        e.last_aggregation = Some(t.clone());
                    }
                }
            });
        }
    });
    for id in ids {
        spawn_local(async move {
            let count = account_count(g, &id).await;
            let health = crate::api::call_json(sources::health(g, &id))
                .await
                .ok()
                .and_then(|(v, _)| v["status"].as_str().map(str::to_string));
            facts.update(|f| {
                if let Some(e) = f.get_mut(&id) {
                    e.accounts = count;
                    e.health = health;
                }
            });
            read.update(|n| *n += 1);
        });
    }
}
