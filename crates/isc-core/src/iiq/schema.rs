//! An application's account schema: attribute kinds and mutability, and reading typed values.

use super::*;
use serde_json::Value;

/// A SCIM attribute type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    String,
    Boolean,
    Integer,
    Decimal,
    DateTime,
    Reference,
    /// Complex and binary values: shown, not edited.
    Other,
}

impl Kind {
    fn parse(s: &str) -> Kind {
        match s.to_ascii_lowercase().as_str() {
            "string" => Kind::String,
            "boolean" => Kind::Boolean,
            "integer" | "int" | "long" => Kind::Integer,
            "decimal" => Kind::Decimal,
            "datetime" | "date" => Kind::DateTime,
            "reference" => Kind::Reference,
            _ => Kind::Other,
        }
    }

    /// The type as the schema table shows it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Boolean => "boolean",
            Kind::Integer => "integer",
            Kind::Decimal => "decimal",
            Kind::DateTime => "date and time",
            Kind::Reference => "reference",
            Kind::Other => "complex",
        }
    }
}

/// Who may set an attribute (RFC 7643 §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutability {
    ReadWrite,
    ReadOnly,
    /// Set once, at create.
    Immutable,
    WriteOnly,
}

impl Mutability {
    fn parse(s: &str) -> Mutability {
        match s {
            "readOnly" => Mutability::ReadOnly,
            "immutable" => Mutability::Immutable,
            "writeOnly" => Mutability::WriteOnly,
            _ => Mutability::ReadWrite,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Mutability::ReadWrite => "read and write",
            Mutability::ReadOnly => "read only",
            Mutability::Immutable => "set at create only",
            Mutability::WriteOnly => "write only",
        }
    }
}

/// One attribute of an application's account schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    pub name: String,
    pub description: String,
    pub kind: Kind,
    pub multi: bool,
    pub required: bool,
    pub mutability: Mutability,
    /// The only values allowed, when the schema lists some.
    pub canonical: Vec<String>,
}

impl Attr {
    /// Whether the create form asks for it.
    pub fn on_create(&self) -> bool {
        self.mutability != Mutability::ReadOnly && self.kind != Kind::Other
    }

    /// Whether the edit form may change it.
    pub fn on_update(&self) -> bool {
        matches!(
            self.mutability,
            Mutability::ReadWrite | Mutability::WriteOnly
        ) && self.kind != Kind::Other
    }
}

/// An application's account schema.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    pub id: String,
    pub name: String,
    pub attrs: Vec<Attr>,
}

/// Reads a Schema resource.
pub fn parse_schema(v: &Value) -> Schema {
    let attrs = v
        .get("attributes")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter(|x| !text(x, "name").is_empty())
                .map(|x| Attr {
                    name: text(x, "name"),
                    description: text(x, "description"),
                    kind: Kind::parse(&text(x, "type")),
                    multi: x.get("multiValued").and_then(Value::as_bool) == Some(true),
                    required: x.get("required").and_then(Value::as_bool) == Some(true),
                    mutability: Mutability::parse(&text(x, "mutability")),
                    canonical: x
                        .get("canonicalValues")
                        .and_then(Value::as_array)
                        .map(|c| {
                            c.iter()
                                .filter_map(|s| s.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    Schema {
        id: text(v, "id"),
        name: text(v, "name"),
        attrs,
    }
}

/// One value typed into the form, read as the attribute's type. Multi-valued attributes
/// take one value per line. Empty is `Ok(None)`.
pub fn read_value(attr: &Attr, raw: &str) -> Result<Option<Value>, String> {
    let parts: Vec<&str> = if attr.multi {
        raw.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    } else if raw.trim().is_empty() {
        Vec::new()
    } else {
        vec![raw.trim()]
    };
    if parts.is_empty() {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(parts.len());
    for p in &parts {
        if !attr.canonical.is_empty() && !attr.canonical.iter().any(|c| c == p) {
            return Err(format!(
                "“{p}” is not one of the values {} allows: {}.",
                attr.name,
                attr.canonical.join(", ")
            ));
        }
        out.push(match attr.kind {
            Kind::Boolean => match p.to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => return Err(format!("{} is true or false.", attr.name)),
            },
            Kind::Integer => match p.parse::<i64>() {
                Ok(n) => Value::from(n),
                Err(_) => return Err(format!("“{p}” is not a whole number.")),
            },
            Kind::Decimal => match p.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
                Some(n) => Value::Number(n),
                None => return Err(format!("“{p}” is not a number.")),
            },
            Kind::DateTime => {
                if !is_date_time(p) {
                    let why = crate::dates::date_problem(p)
                        .filter(|_| p.len() > 10)
                        .map(|w| format!(" {w}"))
                        .unwrap_or_default();
                    return Err(format!(
                        "“{p}” is not a date and time like 2026-12-02T09:30:00Z.{why}"
                    ));
                }
                Value::String(p.to_string())
            }
            _ => Value::String(p.to_string()),
        });
    }
    Ok(Some(if attr.multi {
        Value::Array(out)
    } else {
        out.remove(0)
    }))
}

pub use crate::dates::is_date_time;
