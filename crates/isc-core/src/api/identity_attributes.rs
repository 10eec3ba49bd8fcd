//! Identity attributes: the tenant's list, offered when a source's correlation is set.

use super::{Area, Generation};
use crate::http::{ApiRequest, Method};

const AREA: Area = Area {
    v1: "/identity-attributes/v1",
    classic: "/beta/identity-attributes",
};

/// `GET …/identity-attributes`: every identity attribute but the system and silent ones.
pub fn list(g: Generation) -> ApiRequest {
    AREA.req(g, Method::Get, &[])
}
