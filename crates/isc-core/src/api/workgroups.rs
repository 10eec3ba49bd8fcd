//! Workgroups (governance groups): a source's management workgroup.

use super::{Area, Generation, ListQuery};
use crate::http::{ApiRequest, Method};

const AREA: Area = Area {
    v1: "/workgroups/v1",
    classic: "/beta/workgroups",
};

/// `GET …/workgroups` with a page, filters and sorters.
pub fn list(g: Generation, q: &ListQuery) -> ApiRequest {
    q.apply(AREA.req(g, Method::Get, &[]))
}
