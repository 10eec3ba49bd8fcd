//! Accounts and tasks: the account list and detail, create/PUT/PATCH/DELETE, enable,
//! disable, unlock, reload and remove, each answering `202` with a task that takes effect
//! when it completes a little later, as the tenant's do.

use crate::{DemoTenant, ListSpec};
use isc_core::http::{ApiRequest, ApiResponse, Method};
use serde_json::{json, Map, Value};

mod aggregate;
mod build;
mod routes;
mod tasks;

pub(crate) use build::{add_bulk, seed_accounts};

/// How long a task runs before it completes.
pub const TASK_MS: u64 = 1_200;

/// `GET /task-status/v1`: the filters and sorter its description documents.
const TASK_LIST_V1: ListSpec = ListSpec {
    filters: &[
        ("id", &["eq", "in"]),
        ("sourceId", &["eq", "in"]),
        ("completionStatus", &["eq", "in", "isnull"]),
        ("type", &["eq", "in"]),
        ("launcher", &["eq", "in"]),
    ],
    sorters: &["created"],
};

/// `GET /beta/task-status`: the filters and sorter its description documents.
const TASK_LIST: ListSpec = ListSpec {
    filters: &[
        ("id", &["eq", "in"]),
        ("sourceId", &["eq", "in"]),
        ("completionStatus", &["eq", "in"]),
        ("type", &["eq", "in"]),
    ],
    sorters: &["created"],
};

pub(crate) const ACCOUNT_LIST: ListSpec = ListSpec {
    filters: &[
        ("id", &["eq", "in", "sw"]),
        ("identityId", &["eq", "in", "sw"]),
        ("name", &["eq", "in", "sw"]),
        ("nativeIdentity", &["eq", "in", "sw"]),
        ("hasEntitlements", &["eq"]),
        ("sourceId", &["eq", "in", "sw"]),
        ("uncorrelated", &["eq"]),
        ("origin", &["eq", "in"]),
        ("manuallyCorrelated", &["eq"]),
        ("identity.name", &["eq", "in", "sw"]),
        ("created", &["eq", "ge", "gt", "le", "lt"]),
        ("modified", &["eq", "ge", "gt", "le", "lt"]),
    ],
    sorters: &[
        "id",
        "name",
        "created",
        "modified",
        "sourceId",
        "identityId",
        "nativeIdentity",
        "uuid",
        "manuallyCorrelated",
        "origin",
        "identity.name",
    ],
};

/// What a task does when it completes.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub(crate) enum Effect {
    Create(Value),
    Replace(String, Map<String, Value>),
    Patch(String, Vec<Value>),
    Delete(String),
    Flag(String, String, bool),
    Reload(String),
    /// Every account of this source removed from ISC.
    RemoveAccounts(String),
    /// The source's accounts removed, then the source (and its schemas).
    DeleteSource(String),
    /// An entitlement aggregation of a source: from this CSV (a flat file) or its connector.
    LoadEntitlements {
        source: String,
        file: Option<String>,
    },
    /// An aggregation of a source: from this CSV (a flat file) or from its connector.
    Aggregate {
        source: String,
        file: Option<String>,
        optimize: bool,
    },
}

/// How long an aggregation runs before it completes.
pub const AGGREGATION_MS: u64 = 2_400;

/// The figures an aggregation reports, as the tenant labels them.
const RETURNS: [(&str, &str); 5] = [
    ("TASK_OUT_ACCOUNT_AGGREGATION_TOTAL", "total"),
    ("TASK_OUT_ACCOUNT_AGGREGATION_CREATED", "created"),
    ("TASK_OUT_ACCOUNT_AGGREGATION_UPDATED", "updated"),
    ("TASK_OUT_ACCOUNT_AGGREGATION_DELETED", "deleted"),
    ("TASK_OUT_ACCOUNT_AGGREGATION_OPTIMIZED", "optimized"),
];

#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct Task {
    pub status: Value,
    pub done_at: u64,
    pub effect: Option<Effect>,
}

/// The timestamp of a moment on the tenant's clock. The page's worker passes the wall clock
/// (milliseconds since 1970), so what a trainee makes today is dated today; a clock that counts
/// from 0 (the seed, native tests) counts from the seed day, 2026-11-26T09:00:00Z.
pub(crate) fn stamp(ms: u64) -> String {
    /// 2001-09-09: any earlier reading is a clock that counts from 0.
    const WALL_CLOCK_FROM: u64 = 1_000_000_000_000;
    const SEED_DAY: u64 = 1_795_683_600_000;
    isc_core::dates::iso_from_epoch_ms(if ms >= WALL_CLOCK_FROM {
        ms
    } else {
        SEED_DAY + ms
    })
}
