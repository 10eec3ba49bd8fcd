//! Managed clusters: where a source's virtual appliance runs.

use super::{Area, Generation, ListQuery};
use crate::http::{ApiRequest, Method};

const AREA: Area = Area {
    v1: "/managed-clusters/v1",
    classic: "/v3/managed-clusters",
};

/// `GET …/managed-clusters` with a page and filters.
pub fn list(g: Generation, q: &ListQuery) -> ApiRequest {
    q.apply(AREA.req(g, Method::Get, &[]))
}
