//! Paging with `limit`, `offset` and `count=true` / `X-Total-Count`, and sorters.

use crate::http::{ApiRequest, ApiResponse};

/// The largest page the API serves.
pub const MAX_LIMIT: u32 = 250;

/// One page of a list call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageQuery {
    pub limit: u32,
    pub offset: u64,
    /// Ask for the total in `X-Total-Count`.
    pub count: bool,
}

impl PageQuery {
    /// Page `page` (from 0) of `size` items, sizes clamped to 1..=250, with the total asked for.
    pub fn page(page: u64, size: u32) -> Self {
        let limit = size.clamp(1, MAX_LIMIT);
        PageQuery {
            limit,
            offset: page * limit as u64,
            count: true,
        }
    }

    /// Adds `limit`, `offset` and `count` to a request.
    pub fn apply(&self, req: ApiRequest) -> ApiRequest {
        let r = req
            .with_query("limit", self.limit.to_string())
            .with_query("offset", self.offset.to_string());
        if self.count {
            r.with_query("count", "true")
        } else {
            r
        }
    }
}

/// The total from `X-Total-Count`, if the answer has it.
pub fn total_count(resp: &ApiResponse) -> Option<u64> {
    resp.header("X-Total-Count")?.trim().parse().ok()
}

/// Number of pages for `total` items at `limit` a page (at least one).
pub fn page_count(total: u64, limit: u32) -> u64 {
    let l = limit.max(1) as u64;
    total.div_ceil(l).max(1)
}

/// Offsets of every page after the first, for loading a whole list in parallel.
pub fn remaining_offsets(total: u64, limit: u32) -> Vec<u64> {
    let l = limit.max(1) as u64;
    (1..page_count(total, limit)).map(|p| p * l).collect()
}

/// A sort key: a field and a direction, written `name` or `-name`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sorter {
    pub field: String,
    pub descending: bool,
}

impl Sorter {
    /// Parses one key, `-name` meaning descending.
    pub fn parse(s: &str) -> Option<Sorter> {
        let s = s.trim();
        let (descending, field) = match s.strip_prefix('-') {
            Some(f) => (true, f),
            None => (false, s),
        };
        if field.is_empty()
            || !field
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
        {
            return None;
        }
        Some(Sorter {
            field: field.to_string(),
            descending,
        })
    }

    /// Parses `name,-created`.
    pub fn parse_list(s: &str) -> Vec<Sorter> {
        s.split(',').filter_map(Sorter::parse).collect()
    }

    /// Writes the key back.
    pub fn to_param(&self) -> String {
        if self.descending {
            format!("-{}", self.field)
        } else {
            self.field.clone()
        }
    }

    /// The key a column header click gives: same field flips direction, a new field sorts ascending.
    pub fn toggled(current: Option<&Sorter>, field: &str) -> Sorter {
        match current {
            Some(s) if s.field == field => Sorter {
                field: field.to_string(),
                descending: !s.descending,
            },
            _ => Sorter {
                field: field.to_string(),
                descending: false,
            },
        }
    }
}

/// Writes several keys as the `sorters` parameter.
pub fn sorters_param(keys: &[Sorter]) -> String {
    keys.iter()
        .map(Sorter::to_param)
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    #[test]
    fn page_query_clamps_and_applies() {
        let q = PageQuery::page(2, 1000);
        assert_eq!(q.limit, 250);
        assert_eq!(q.offset, 500);
        let r = q.apply(ApiRequest::new(Method::Get, "https://x", "/v3/sources"));
        assert_eq!(
            r.path_and_query(),
            "/v3/sources?limit=250&offset=500&count=true"
        );
        assert_eq!(PageQuery::page(0, 0).limit, 1);
    }

    #[test]
    fn reads_the_total() {
        let r = ApiResponse {
            status: 200,
            headers: vec![("x-total-count".into(), "1234".into())],
            body: "[]".into(),
        };
        assert_eq!(total_count(&r), Some(1234));
        let r = ApiResponse {
            status: 200,
            headers: vec![],
            body: "[]".into(),
        };
        assert_eq!(total_count(&r), None);
    }

    #[test]
    fn pages_cover_the_total() {
        assert_eq!(page_count(0, 250), 1);
        assert_eq!(page_count(250, 250), 1);
        assert_eq!(page_count(251, 250), 2);
        assert_eq!(remaining_offsets(10_000, 250).len(), 39);
        assert_eq!(remaining_offsets(10_000, 250).last(), Some(&9_750));
        assert!(remaining_offsets(12, 250).is_empty());
    }

    #[test]
    fn sorters_round_trip_and_toggle() {
        let keys = Sorter::parse_list("name,-created, bogus field ,");
        assert_eq!(sorters_param(&keys), "name,-created");
        let s = Sorter::toggled(keys.first(), "name");
        assert_eq!(s.to_param(), "-name");
        assert_eq!(Sorter::toggled(Some(&s), "name").to_param(), "name");
        assert_eq!(Sorter::toggled(Some(&s), "type").to_param(), "type");
    }
}
