//! Connectors: the list the new-source form picks from.

use super::{Area, Generation, ListQuery};
use crate::http::{ApiRequest, Method};

const AREA: Area = Area {
    v1: "/connectors/v1",
    classic: "/v3/connectors",
};

/// `GET …/connectors` with a page and filters (the API has no sorters here).
pub fn list(g: Generation, q: &ListQuery) -> ApiRequest {
    q.apply(AREA.req(g, Method::Get, &[]))
}
