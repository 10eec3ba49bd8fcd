//! Reading every page of a list: the first page with its total (`count=true`), then the
//! other offsets a few at a time, each through the client (limiter, retries, garbled answers
//! read again). Pickers and lookups use it, so a tenant with 1,200 sources shows all 1,200.

use isc_core::api::at_page;
use isc_core::http::ApiRequest;
use isc_core::paging::{remaining_offsets, total_count, PageQuery, MAX_LIMIT};
use isc_core::ApiError;
use serde_json::Value;

/// How many pages are asked for at once after the first.
const PARALLEL: usize = 4;

fn items(resp: &isc_core::http::ApiResponse) -> Result<Vec<Value>, String> {
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
    // Without a total, a full page means there may be more: keep reading until a short one.
    let Some(total) = total_count(&first) else {
        let mut offset = 0;
        let mut last = all.len();
        while last == MAX_LIMIT as usize {
            offset += MAX_LIMIT as u64;
            let (more, _) = super::call_read(page(offset, false), items).await?;
            last = more.len();
            all.extend(more);
        }
        return Ok(all);
    };
    let offsets = remaining_offsets(total, MAX_LIMIT);
    for chunk in offsets.chunks(PARALLEL) {
        // Each page in a task of its own, so they are in flight together; read in order.
        let answers: Vec<_> = chunk
            .iter()
            .map(|&o| {
                let (tx, rx) = futures_channel::oneshot::channel();
                let r = page(o, false);
                leptos::task::spawn_local(async move {
                    let _ = tx.send(super::call_read(r, items).await);
                });
                rx
            })
            .collect();
        for rx in answers {
            match rx.await {
                Ok(p) => all.extend(p?.0),
                Err(_) => return Err(ApiError::cancelled(req.method, &req.path)),
            }
        }
    }
    Ok(all)
}
