//! List endpoints: `limit`, `offset`, `filters`, `sorters` and `count` over any items.

use super::*;

/// What a list endpoint allows in `filters` and `sorters`.
pub(crate) struct ListSpec {
    pub(crate) filters: &'static [(&'static str, &'static [&'static str])],
    pub(crate) sorters: &'static [&'static str],
}

fn cmp_values(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    match (a, b) {
        (None | Some(Value::Null), None | Some(Value::Null)) => Equal,
        (None | Some(Value::Null), _) => Greater,
        (_, None | Some(Value::Null)) => Less,
        (Some(Value::String(x)), Some(Value::String(y))) => {
            x.to_lowercase().cmp(&y.to_lowercase()).then(x.cmp(y))
        }
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .unwrap_or(0.0)
            .partial_cmp(&y.as_f64().unwrap_or(0.0))
            .unwrap_or(Equal),
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
    }
}

impl DemoTenant {
    pub(crate) fn list(
        &mut self,
        items: Vec<Value>,
        req: &ApiRequest,
        spec: &ListSpec,
    ) -> ApiResponse {
        self.list_with(items, req, spec, |_| {})
    }

    /// [`Self::list`] over owned or borrowed items; `shape` trims each item of the page
    /// sent (so a large list is filtered and sorted by reference and only a page is copied).
    pub(crate) fn list_with<T: std::borrow::Borrow<Value>>(
        &mut self,
        mut items: Vec<T>,
        req: &ApiRequest,
        spec: &ListSpec,
        shape: fn(&mut Value),
    ) -> ApiResponse {
        let q = |k: &str| {
            req.query
                .iter()
                .rev()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
        };
        let limit = match q("limit") {
            None => 250,
            Some(l) => match l.parse::<u64>() {
                Ok(v) if v <= 250 => v,
                _ => {
                    return self
                        .bad_request(&format!("limit must be an integer from 0 to 250, got {l}"))
                }
            },
        };
        let offset = match q("offset") {
            None => 0,
            Some(o) => match o.parse::<u64>() {
                Ok(v) => v,
                _ => {
                    return self
                        .bad_request(&format!("offset must be a non-negative integer, got {o}"))
                }
            },
        };
        if let Some(f) = q("filters").filter(|f| !f.trim().is_empty()) {
            let expr = match filter::parse(&f) {
                Ok(e) => e,
                Err(why) => return self.bad_request(&format!("Invalid filter: {why}")),
            };
            let mut used = vec![];
            filter::fields(&expr, &mut used);
            for (field, op) in used {
                let ok = spec
                    .filters
                    .iter()
                    .any(|(f, ops)| *f == field && ops.contains(&op.as_str()));
                if !ok {
                    return self
                        .bad_request(&format!("Filtering by {field} with {op} is not supported"));
                }
            }
            items.retain(|i| filter::eval(&expr, i.borrow()));
        }
        if let Some(s) = q("sorters").filter(|s| !s.trim().is_empty()) {
            let mut keys = vec![];
            for part in s.split(',') {
                let part = part.trim();
                let (desc, field) = match part.strip_prefix('-') {
                    Some(f) => (true, f),
                    None => (false, part),
                };
                if !spec.sorters.contains(&field) {
                    return self.bad_request(&format!("Sorting by {field} is not supported"));
                }
                keys.push((field.to_string(), desc));
            }
            items.sort_by(|a, b| {
                for (f, desc) in &keys {
                    let o =
                        cmp_values(filter::lookup(a.borrow(), f), filter::lookup(b.borrow(), f));
                    let o = if *desc { o.reverse() } else { o };
                    if o != std::cmp::Ordering::Equal {
                        return o;
                    }
                }
                std::cmp::Ordering::Equal
            });
        }
        let total = items.len();
        let page: Vec<Value> = items
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .map(|v| {
                let mut v = v.borrow().clone();
                shape(&mut v);
                v
            })
            .collect();
        let mut r = ApiResponse::json(200, &Value::Array(page));
        if q("count").as_deref() == Some("true") {
            r = r.with_header("X-Total-Count", total.to_string());
        }
        r
    }
}
