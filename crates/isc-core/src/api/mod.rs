//! Every request the console sends to an ISC tenant, one module per API area.
//!
//! Each operation is a function that takes the API [`Generation`] and returns the
//! [`ApiRequest`] (path, query, body, content type); where an answer has something the app
//! reads, a reader sits beside it. Rules that belong to the API (which sources are flat files,
//! which answers carry a task id, which operations a source type allows) live here too, so a
//! page never writes a path, a query key or a content type.
//!
//! The two generations carry the same bodies and rules; only the paths differ:
//!
//! | area | per-service (v1) | classic |
//! |---|---|---|
//! | sources | `/sources/v1` | `/v3/sources` (load-accounts: `/beta/sources/{id}/load-accounts`) |
//! | connectors | `/connectors/v1` | `/v3/connectors` |
//! | accounts | `/accounts/v1` | `/v3/accounts` (remove: `/beta/accounts/{id}/remove`) |
//! | task status | `/task-status/v1` | `/beta/task-status` |
//! | identity profiles | `/identity-profiles/v1` | `/beta/identity-profiles` |
//! | identities | `/public-identities/v1` | `/v3/public-identities` |
//! | managed clusters | `/managed-clusters/v1` | `/v3/managed-clusters` |
//! | workgroups | `/workgroups/v1` | `/beta/workgroups` |
//! | token | `/oauth/token` | `/oauth/token` |

pub mod accounts;
pub mod clusters;
pub mod connectors;
pub mod identities;
pub mod identity_attributes;
pub mod identity_profiles;
pub mod oauth;
pub mod sources;
pub mod tasks;
pub mod workgroups;

use crate::filter::Filter;
use crate::http::{ApiRequest, Method};
use crate::paging::PageQuery;

/// Which paths of the ISC API a connection speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Generation {
    /// The per-service paths (`/sources/v1`, `/accounts/v1`, …) that replace the classic ones.
    #[default]
    V1,
    /// The classic `/v3` and `/beta` paths: frozen, supported until Q2 2028, gone in Q1 2029.
    Classic,
}

impl Generation {
    /// Both generations, the default first.
    pub const ALL: [Generation; 2] = [Generation::V1, Generation::Classic];

    /// A short key for storage and the URL: `v1` or `classic`.
    pub fn key(self) -> &'static str {
        match self {
            Generation::V1 => "v1",
            Generation::Classic => "classic",
        }
    }

    /// Reads [`Generation::key`] back.
    pub fn from_key(s: &str) -> Option<Generation> {
        match s {
            "v1" => Some(Generation::V1),
            "classic" => Some(Generation::Classic),
            _ => None,
        }
    }

    /// How the Connection page names it.
    pub fn label(self) -> &'static str {
        match self {
            Generation::V1 => "Per-service (v1)",
            Generation::Classic => "Classic (v3/beta)",
        }
    }
}

/// A call as a help text names it, `POST /beta/accounts/{id}/remove`: build the request with
/// `"{id}"` for the id, and the text follows the generation in use.
pub fn call_name(req: &ApiRequest) -> String {
    format!(
        "{} {}",
        req.method.as_str(),
        crate::http::decode_component(&req.path)
    )
}

/// An API area and the path prefix it has in each generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Area {
    v1: &'static str,
    classic: &'static str,
}

impl Area {
    /// The prefix of this area in `g`, e.g. `/sources/v1` or `/v3/sources`.
    pub(crate) fn base(self, g: Generation) -> &'static str {
        match g {
            Generation::V1 => self.v1,
            Generation::Classic => self.classic,
        }
    }

    /// The prefix followed by `/` and each segment, e.g. `/sources/v1/{id}/schemas`.
    pub(crate) fn path(self, g: Generation, segments: &[&str]) -> String {
        let mut p = self.base(g).to_string();
        for s in segments {
            p.push('/');
            p.push_str(s);
        }
        p
    }

    /// A request to this area with no body.
    pub(crate) fn req(self, g: Generation, method: Method, segments: &[&str]) -> ApiRequest {
        ApiRequest::new(method, "", &self.path(g, segments))
    }
}

/// What a list call asks for: a page (or none, for the tenant's default), a filter
/// expression and sorters. Built with the methods below; applied by each area's `list`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub page: Option<PageQuery>,
    pub filters: Option<Filter>,
    pub sorters: Option<String>,
}

impl ListQuery {
    /// No page, filter or sorters.
    pub fn new() -> Self {
        ListQuery::default()
    }

    /// Asks for this page.
    pub fn page(mut self, page: PageQuery) -> Self {
        self.page = Some(page);
        self
    }

    /// Filters by this expression (or not at all).
    pub fn filters(mut self, f: Option<Filter>) -> Self {
        self.filters = f;
        self
    }

    /// Sorts by `name,-created` style keys; an empty string sorts nothing.
    pub fn sorters(mut self, s: &str) -> Self {
        self.sorters = (!s.is_empty()).then(|| s.to_string());
        self
    }

    /// Adds the page, `filters` and `sorters` to a request.
    pub fn apply(&self, mut req: ApiRequest) -> ApiRequest {
        if let Some(p) = &self.page {
            req = p.apply(req);
        }
        if let Some(f) = &self.filters {
            req = req.with_query("filters", f.as_str());
        }
        if let Some(s) = &self.sorters {
            req = req.with_query("sorters", s.as_str());
        }
        req
    }
}

/// The same list request for another page: `limit`, `offset` and `count` replaced. Used to
/// read every page of a list (count first, then the offsets).
pub fn at_page(req: &ApiRequest, page: PageQuery) -> ApiRequest {
    let mut r = req.clone();
    r.query
        .retain(|(k, _)| !matches!(k.as_str(), "limit" | "offset" | "count"));
    page.apply(r)
}

/// The generation a probe call's answer points to: a 404 on the per-service paths means the
/// tenant does not serve them yet (classic); any other answer means it does.
pub fn generation_from_probe(status: u16) -> Generation {
    if status == 404 {
        Generation::Classic
    } else {
        Generation::V1
    }
}

/// The call made after sign-in to learn whether the tenant serves the per-service paths:
/// one source, no count.
pub fn probe_request() -> ApiRequest {
    sources::list(
        Generation::V1,
        &ListQuery::new().page(PageQuery {
            limit: 1,
            offset: 0,
            count: false,
        }),
    )
}

/// The `id` of each item of a list answer (items without one are skipped): what a read
/// back after an unknown outcome compares.
pub fn ids(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .map(|l| {
            l.iter()
                .filter_map(|t| t["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
