//! What the account page reads (the account, its source, the source's account schema and the
//! account's entitlements), and the read-back after a write whose outcome is unknown.

use isc_core::accounts::{account_schema, AccountSchema};
use isc_core::api::accounts;
use isc_core::api::sources;
use isc_core::paging::PageQuery;
use isc_core::reconcile::{self, Expect};
use isc_core::ApiError;
use serde_json::Value;

#[derive(Clone)]
pub(super) struct Loaded {
    pub account: Value,
    pub flat: bool,
    pub source_type: String,
    pub schema: Option<AccountSchema>,
    pub entitlements: Vec<Value>,
    pub entitlement_total: Option<u64>,
}

pub(super) async fn load(id: String) -> Result<Loaded, ApiError> {
    let g = crate::api::generation();
    let (account, _) = crate::api::call_json(accounts::get(g, &id)).await?;
    let sid = account["sourceId"].as_str().unwrap_or("").to_string();
    let (source, _) = crate::api::call_json(sources::get(g, &sid)).await?;
    let flat = sources::is_flat_file(&source);
    super::gone::remember(&id, &sid, source["name"].as_str().unwrap_or(""));
    let schema = crate::api::call_json(sources::schemas(g, &sid))
        .await
        .ok()
        .and_then(|(v, _)| account_schema(v.as_array().map(|a| a.as_slice()).unwrap_or(&[])));
    let ent_req = accounts::entitlements(g, &id, PageQuery::page(0, 250));
    let (ents, total) = match crate::api::call_json(ent_req).await {
        Ok((v, r)) => (
            v.as_array().cloned().unwrap_or_default(),
            isc_core::paging::total_count(&r),
        ),
        Err(_) => (vec![], None),
    };
    Ok(Loaded {
        account,
        flat,
        source_type: source["type"].as_str().unwrap_or("").to_string(),
        schema,
        entitlements: ents,
        entitlement_total: total,
    })
}

/// Reads an account back after a write whose outcome is unknown, up to
/// [`reconcile::ROUNDS`] times, until it shows `expect`. Returns whether it did (`None`: it
/// cannot be told) and the seconds waited.
pub(super) async fn read_back(id: &str, expect: &Expect) -> (Option<bool>, u64) {
    let mut held = None;
    let mut waited = 0;
    for _ in 0..reconcile::ROUNDS {
        if *expect == Expect::Unknowable {
            break;
        }
        crate::api::transport::sleep(reconcile::ROUND_MS).await;
        waited += reconcile::ROUND_MS / 1000;
        held = match crate::api::call_json(accounts::get(crate::api::generation(), id)).await {
            Ok((a, _)) => expect.holds(Some(&a)),
            Err(e) if e.status == 404 => expect.holds(None),
            Err(_) => None,
        };
        if held == Some(true) {
            break;
        }
    }
    (held, waited)
}
