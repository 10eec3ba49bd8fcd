//! The SCIM filters the demo reads: `attr op "value"` parts joined by `and`.

use super::lookup;
use serde_json::Value;

/// One `attr op "value"` of a SCIM filter; the parts of a filter are joined by `and`.
pub(super) struct Cond {
    attr: String,
    op: String,
    value: String,
}

pub(super) fn parse_filter(f: &str, allowed: &[&str]) -> Result<Vec<Cond>, String> {
    let mut out = Vec::new();
    let mut rest = f.trim();
    loop {
        let (attr, r) = rest
            .split_once(' ')
            .ok_or_else(|| format!("cannot read the filter at “{rest}”"))?;
        let (op, r) = r
            .trim_start()
            .split_once(' ')
            .ok_or_else(|| format!("no value after “{attr}”"))?;
        let op = op.to_ascii_lowercase();
        if !["eq", "ne", "sw", "ew", "co"].contains(&op.as_str()) {
            return Err(format!("the operator “{op}” is not supported"));
        }
        if !allowed.contains(&attr) {
            return Err(format!("filtering by “{attr}” is not supported"));
        }
        let r = r.trim_start();
        let body = r
            .strip_prefix('"')
            .ok_or_else(|| format!("the value for “{attr}” is not a quoted string"))?;
        let mut value = String::new();
        let mut end = None;
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, n)) = chars.next() {
                        value.push(n);
                    }
                }
                '"' => {
                    end = Some(i + 1);
                    break;
                }
                c => value.push(c),
            }
        }
        let end = end.ok_or_else(|| format!("the value for “{attr}” has no closing quote"))?;
        out.push(Cond {
            attr: attr.to_string(),
            op,
            value,
        });
        let after = body[end..].trim_start();
        if after.is_empty() {
            return Ok(out);
        }
        rest = match after.get(..4) {
            Some(a) if a.eq_ignore_ascii_case("and ") => &after[4..],
            _ => return Err(format!("only “and” joins filters, at “{after}”")),
        };
    }
}

pub(super) fn matches(v: &Value, conds: &[Cond]) -> bool {
    conds.iter().all(|c| {
        let got = lookup(v, &c.attr)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_lowercase();
        let want = c.value.to_lowercase();
        match c.op.as_str() {
            "eq" => got == want,
            "ne" => got != want,
            "sw" => got.starts_with(&want),
            "ew" => got.ends_with(&want),
            _ => got.contains(&want),
        }
    })
}
