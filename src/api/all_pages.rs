//! Reading every page of a list: the first page with its total (`count=true`), then the
//! next offsets in turn, each through the client (limiter, retries, garbled answers
//! read again). Pickers and lookups use it, so a tenant with 1,200 sources shows all 1,200.

use isc_core::api::at_page;
use isc_core::http::ApiRequest;
use isc_core::paging::{total_count, PageQuery, MAX_LIMIT};
use isc_core::ApiError;
use serde_json::Value;

/// Reads a list answer: a JSON array, anything else unreadable (and so read again).
pub fn items(resp: &isc_core::http::ApiResponse) -> Result<Vec<Value>, String> {
    match serde_json::from_str::<Value>(&resp.body) {
        Ok(Value::Array(a)) => Ok(a),
        Ok(_) => Err("expected a JSON array".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// Every item of the list `req` names (its own page, if any, is replaced).
pub async fn get_all(req: ApiRequest) -> Result<Vec<Value>, ApiError> {
    let page = |offset: u64, count: bool| {
        at_page(
            &req,
            PageQuery {
                limit: MAX_LIMIT,
                offset,
                count,
            },
        )
    };
    let (mut all, first) = super::call_read(page(0, true), items).await?;
    let total = total_count(&first);
    let (limit, mut offset, mut last) = (MAX_LIMIT as u64, 0, all.len() as u64);
    // Page after page (a picker's list is a few pages; the limiter paces them) up to the
    // total, or, without one, until a page comes back short.
    while last > 0 && total.map_or(last == limit, |t| offset + limit < t) {
        offset += limit;
        let (more, _) = super::call_read(page(offset, false), items).await?;
        last = more.len() as u64;
        all.extend(more);
    }
    Ok(all)
}
