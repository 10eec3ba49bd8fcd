//! Public identities: owners, correlation targets, and identity search.

use super::{Area, Generation, ListQuery};
use crate::filter::Filter;
use crate::http::{ApiRequest, Method};
use crate::paging::PageQuery;

const AREA: Area = Area {
    v1: "/public-identities/v1",
    classic: "/v3/public-identities",
};

/// How many identities a search-as-you-type asks for.
pub const SEARCH_LIMIT: u32 = 20;

/// `GET …/public-identities` with a page, filters and sorters.
pub fn list(g: Generation, q: &ListQuery) -> ApiRequest {
    q.apply(AREA.req(g, Method::Get, &[]))
}

/// One search for identities whose `field` starts with `text` (first 20, no count).
fn search_by(g: Generation, field: &str, text: &str) -> ApiRequest {
    list(
        g,
        &ListQuery::new()
            .page(PageQuery {
                limit: SEARCH_LIMIT,
                offset: 0,
                count: false,
            })
            .filters(Some(Filter::sw(field, text))),
    )
}

/// The search for identities whose name starts with `text`: `name sw` first.
pub fn search(g: Generation, text: &str) -> ApiRequest {
    search_by(g, "name", text)
}

/// The searches to make instead when a tenant refuses `name sw` with a 400 (the spec lists
/// `firstname` and `lastname` as the filterable fields): by first and by last name.
pub fn search_fallback(g: Generation, text: &str) -> [ApiRequest; 2] {
    [
        search_by(g, "firstname", text),
        search_by(g, "lastname", text),
    ]
}

/// One identity by id, read as a one-item list (`id eq "…"`): the public-identities API has
/// no read-one call.
pub fn by_id(g: Generation, id: &str) -> ApiRequest {
    list(g, &ListQuery::new().filters(Some(Filter::eq("id", id))))
}
