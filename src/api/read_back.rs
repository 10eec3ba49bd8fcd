//! Reading a created object back after a create whose outcome is unknown
//! ([`isc_core::reconcile`] says what to make of what is found).

use isc_core::reconcile::{Created, ROUNDS};
use std::future::Future;

/// Calls `find` (the ids of the objects named like the one created; `None` when the read
/// failed) up to [`ROUNDS`] times, `every_ms` apart, until it finds one. Returns what it
/// found and the seconds waited.
pub async fn find_created<F, Fut>(every_ms: u64, mut find: F) -> (Created, u64)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<Vec<String>>>,
{
    let mut waited = 0;
    for _ in 0..ROUNDS {
        super::transport::sleep(every_ms).await;
        waited += every_ms;
        if let Some(ids) = find().await {
            let found = Created::from_ids(ids);
            if found != Created::Absent {
                return (found, waited / 1000);
            }
        }
    }
    (Created::Absent, waited / 1000)
}
