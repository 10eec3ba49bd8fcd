//! A builder for the `filters` parameter that quotes and escapes values as the docs say.
//!
//! Inside a quoted value, `\` becomes `\\` and `"` becomes `\"`. The characters the docs
//! list for percent-escaping (`#`, `%`, `&`) are handled by query encoding, which
//! [`crate::http::ApiRequest`] applies to the whole parameter; escaping them here as well
//! would encode them twice.

/// A filter expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter(String);

/// Quotes a string value for a filter.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn op(field: &str, op: &str, value: &str) -> Filter {
    Filter(format!("{field} {op} {}", quote(value)))
}

impl Filter {
    /// `field eq "value"`.
    pub fn eq(field: &str, value: &str) -> Filter {
        op(field, "eq", value)
    }
    /// `field sw "value"` (starts with).
    pub fn sw(field: &str, value: &str) -> Filter {
        op(field, "sw", value)
    }
    /// `field co "value"` (contains).
    pub fn co(field: &str, value: &str) -> Filter {
        op(field, "co", value)
    }
    /// `field isnull`.
    pub fn is_null(field: &str) -> Filter {
        Filter(format!("{field} isnull"))
    }
    /// `field eq true|false`.
    pub fn eq_bool(field: &str, value: bool) -> Filter {
        Filter(format!("{field} eq {value}"))
    }
    /// `field in ("a", "b")`.
    pub fn is_in(field: &str, values: &[&str]) -> Filter {
        let vs = values
            .iter()
            .map(|v| quote(v))
            .collect::<Vec<_>>()
            .join(", ");
        Filter(format!("{field} in ({vs})"))
    }
    /// Joins parts with `and`; `None` when there are none.
    pub fn and(parts: Vec<Filter>) -> Option<Filter> {
        match parts.len() {
            0 => None,
            1 => parts.into_iter().next(),
            _ => Some(Filter(
                parts
                    .into_iter()
                    .map(|p| {
                        if p.0.contains(" or ") {
                            format!("({})", p.0)
                        } else {
                            p.0
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" and "),
            )),
        }
    }
    /// The expression text, before query encoding.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{ApiRequest, Method};

    #[test]
    fn quotes_and_escapes_as_documented() {
        assert_eq!(
            Filter::eq("name", "\"Employees\"").as_str(),
            r#"name eq "\"Employees\"""#
        );
        assert_eq!(Filter::sw("name", r"a\b").as_str(), r#"name sw "a\\b""#);
        assert_eq!(
            Filter::eq_bool("authoritative", true).as_str(),
            "authoritative eq true"
        );
        assert_eq!(
            Filter::is_in("type", &["a", "b"]).as_str(),
            r#"type in ("a", "b")"#
        );
    }

    #[test]
    fn special_characters_are_percent_escaped_once_in_the_url() {
        let f = Filter::eq("name", "#Employees & 100%");
        let r = ApiRequest::new(Method::Get, "https://x", "/v3/sources")
            .with_query("filters", f.as_str());
        let url = r.url();
        assert!(url.contains("%23Employees%20%26%20100%25"), "{url}");
        assert!(!url.contains("%2523"));
    }

    #[test]
    fn and_joins() {
        let f = Filter::and(vec![
            Filter::eq("sourceId", "abc"),
            Filter::sw("name", "jo"),
        ])
        .unwrap();
        assert_eq!(f.as_str(), r#"sourceId eq "abc" and name sw "jo""#);
        assert!(Filter::and(vec![]).is_none());
    }
}
