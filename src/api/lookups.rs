//! Reads that several screens share: the sources for a picker, identities by name.

use isc_core::api::sources::SourceChoice;
use isc_core::api::{identities, sources, ListQuery};
use isc_core::http::ApiRequest;
use isc_core::ApiError;
use serde_json::Value;

async fn get_list(req: ApiRequest) -> Result<Vec<Value>, ApiError> {
    Ok(crate::api::call_read(req, crate::api::all_pages::items)
        .await?
        .0)
}

/// Identities whose name starts with `text` (search as you type: the list can be large):
/// `name sw` first; a tenant that refuses that filter (the spec lists firstname/lastname) is
/// asked by first and last name instead.
pub async fn search_identities(text: String) -> Result<Vec<Value>, ApiError> {
    let g = crate::api::generation();
    match get_list(identities::search(g, &text)).await {
        Err(e) if e.status == 400 => {
            let [first, last] = identities::search_fallback(g, &text);
            let mut out = get_list(first).await?;
            for i in get_list(last).await? {
                if !out.iter().any(|o| o["id"] == i["id"]) {
                    out.push(i);
                }
            }
            Ok(out)
        }
        other => other,
    }
}

/// Every source, for pickers (all pages, sorted by name): id, name, and whether it is a flat file.
pub async fn load_sources() -> Result<Vec<SourceChoice>, ApiError> {
    let list = crate::api::get_all(sources::list(
        crate::api::generation(),
        &ListQuery::new().sorters("name"),
    ))
    .await?;
    Ok(sources::choices(&list))
}
