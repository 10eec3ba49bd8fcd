//! The tenant's side of `filters`: a parser and evaluator for the standard filter syntax
//! (`eq ne co sw in gt ge lt le isnull`, `and or not`, parentheses), as the docs describe it.
//! String comparisons ignore case, as most tenant comparisons do.

use serde_json::Value;

/// A parsed filter expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Cmp {
        field: String,
        op: String,
        value: Lit,
    },
    IsNull(String),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
}

/// A literal on the right of an operator.
#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    Str(String),
    Num(f64),
    Bool(bool),
    List(Vec<Lit>),
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    LParen,
    RParen,
    Comma,
}

fn lex(s: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        match c {
            ' ' | '\t' | '\n' => i += 1,
            '(' => {
                out.push(Tok::LParen);
                i += 1
            }
            ')' => {
                out.push(Tok::RParen);
                i += 1
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1
            }
            '"' => {
                let mut v = String::new();
                i += 1;
                loop {
                    match cs.get(i) {
                        None => return Err("unterminated string in filter".into()),
                        Some('\\') => {
                            match cs.get(i + 1) {
                                Some(n) => v.push(*n),
                                None => return Err("dangling escape in filter".into()),
                            }
                            i += 2;
                        }
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some(ch) => {
                            v.push(*ch);
                            i += 1
                        }
                    }
                }
                out.push(Tok::Str(v));
            }
            _ => {
                let start = i;
                while i < cs.len() && !matches!(cs[i], ' ' | '\t' | '\n' | '(' | ')' | ',' | '"') {
                    i += 1;
                }
                out.push(Tok::Word(cs[start..i].iter().collect()));
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

const OPS: [&str; 11] = [
    "eq", "ne", "co", "sw", "in", "gt", "ge", "lt", "le", "ca", "pr",
];

impl Parser {
    fn peek_word(&self) -> Option<String> {
        match self.toks.get(self.pos) {
            Some(Tok::Word(w)) => Some(w.to_ascii_lowercase()),
            _ => None,
        }
    }
    fn or(&mut self) -> Result<Expr, String> {
        let mut l = self.and()?;
        while self.peek_word().as_deref() == Some("or") {
            self.pos += 1;
            let r = self.and()?;
            l = Expr::Or(Box::new(l), Box::new(r));
        }
        Ok(l)
    }
    fn and(&mut self) -> Result<Expr, String> {
        let mut l = self.unary()?;
        while self.peek_word().as_deref() == Some("and") {
            self.pos += 1;
            let r = self.unary()?;
            l = Expr::And(Box::new(l), Box::new(r));
        }
        Ok(l)
    }
    fn unary(&mut self) -> Result<Expr, String> {
        if self.peek_word().as_deref() == Some("not") {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.toks.get(self.pos) == Some(&Tok::LParen) {
            self.pos += 1;
            let e = self.or()?;
            if self.toks.get(self.pos) != Some(&Tok::RParen) {
                return Err("missing ) in filter".into());
            }
            self.pos += 1;
            return Ok(e);
        }
        self.cmp()
    }
    fn cmp(&mut self) -> Result<Expr, String> {
        let field = match self.toks.get(self.pos) {
            Some(Tok::Word(w)) => w.clone(),
            other => return Err(format!("expected a field name in filter, found {other:?}")),
        };
        self.pos += 1;
        let op = self
            .peek_word()
            .ok_or_else(|| format!("expected an operator after {field}"))?;
        self.pos += 1;
        if op == "isnull" {
            return Ok(Expr::IsNull(field));
        }
        if !OPS.contains(&op.as_str()) {
            return Err(format!("unknown filter operator {op}"));
        }
        let value = self.lit()?;
        if op == "in" && !matches!(value, Lit::List(_)) {
            return Err("the in operator takes a list: field in (\"a\", \"b\")".into());
        }
        Ok(Expr::Cmp { field, op, value })
    }
    fn lit(&mut self) -> Result<Lit, String> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        match t {
            Some(Tok::Str(s)) => Ok(Lit::Str(s)),
            Some(Tok::Word(w)) => match w.as_str() {
                "true" => Ok(Lit::Bool(true)),
                "false" => Ok(Lit::Bool(false)),
                _ => w
                    .parse::<f64>()
                    .map(Lit::Num)
                    .map_err(|_| format!("value {w} must be quoted")),
            },
            Some(Tok::LParen) => {
                let mut items = Vec::new();
                loop {
                    items.push(self.lit()?);
                    match self.toks.get(self.pos) {
                        Some(Tok::Comma) => self.pos += 1,
                        Some(Tok::RParen) => {
                            self.pos += 1;
                            break;
                        }
                        _ => return Err("list not closed in filter".into()),
                    }
                }
                Ok(Lit::List(items))
            }
            other => Err(format!("expected a value in filter, found {other:?}")),
        }
    }
}

/// Parses a filter expression.
pub fn parse(s: &str) -> Result<Expr, String> {
    let toks = lex(s)?;
    if toks.is_empty() {
        return Err("empty filter".into());
    }
    let mut p = Parser { toks, pos: 0 };
    let e = p.or()?;
    if p.pos != p.toks.len() {
        return Err(format!(
            "unexpected text after position {} in filter",
            p.pos
        ));
    }
    Ok(e)
}

/// Every (field, operator) pair an expression uses.
pub fn fields(e: &Expr, out: &mut Vec<(String, String)>) {
    match e {
        Expr::Cmp { field, op, .. } => out.push((field.clone(), op.clone())),
        Expr::IsNull(f) => out.push((f.clone(), "isnull".into())),
        Expr::And(a, b) | Expr::Or(a, b) => {
            fields(a, out);
            fields(b, out)
        }
        Expr::Not(a) => fields(a, out),
    }
}

/// Looks up a dotted path in a JSON object.
pub fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = v;
    for part in path.split('.') {
        cur = cur.get(part)?;
    }
    Some(cur)
}

fn cmp_one(v: &Value, op: &str, lit: &Lit) -> bool {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (v, lit) {
        (Value::String(a), Lit::Str(b)) => Some(a.to_lowercase().cmp(&b.to_lowercase())),
        (Value::Number(a), Lit::Num(b)) => a.as_f64().and_then(|a| a.partial_cmp(b)),
        (Value::Number(a), Lit::Str(b)) => b
            .parse::<f64>()
            .ok()
            .and_then(|b| a.as_f64()?.partial_cmp(&b)),
        (Value::Bool(a), Lit::Bool(b)) => Some(a.cmp(b)),
        (Value::Bool(a), Lit::Str(b)) => Some(a.to_string().cmp(&b.to_lowercase())),
        _ => None,
    };
    match op {
        "eq" => ord == Some(Ordering::Equal),
        "ne" => ord != Some(Ordering::Equal),
        "gt" => ord == Some(Ordering::Greater),
        "ge" => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
        "lt" => ord == Some(Ordering::Less),
        "le" => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
        "sw" => {
            matches!((v, lit), (Value::String(a), Lit::Str(b)) if a.to_lowercase().starts_with(&b.to_lowercase()))
        }
        "co" => {
            matches!((v, lit), (Value::String(a), Lit::Str(b)) if a.to_lowercase().contains(&b.to_lowercase()))
        }
        _ => false,
    }
}

/// Evaluates an expression against an object.
pub fn eval(e: &Expr, item: &Value) -> bool {
    match e {
        Expr::And(a, b) => eval(a, item) && eval(b, item),
        Expr::Or(a, b) => eval(a, item) || eval(b, item),
        Expr::Not(a) => !eval(a, item),
        Expr::IsNull(f) => matches!(lookup(item, f), None | Some(Value::Null)),
        Expr::Cmp { field, op, value } => {
            let v = lookup(item, field).unwrap_or(&Value::Null);
            match (op.as_str(), value) {
                ("in", Lit::List(items)) => items.iter().any(|l| cmp_one(v, "eq", l)),
                ("ca", Lit::List(items)) => match v {
                    Value::Array(arr) => items
                        .iter()
                        .all(|l| arr.iter().any(|x| cmp_one(x, "eq", l))),
                    _ => false,
                },
                ("co", l) if v.is_array() => {
                    v.as_array().unwrap().iter().any(|x| cmp_one(x, "eq", l))
                }
                (op, l) => cmp_one(v, op, l),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_and_evaluates_the_documented_forms() {
        let item = json!({"name": "\"Employees\" #1", "type": "DelimitedFile", "authoritative": true,
            "owner": {"id": "abc"}, "features": ["ENABLE", "UNLOCK"], "deleteThreshold": 10, "cluster": null});
        for (f, want) in [
            (r#"name sw "\"emp""#, true),
            (r##"name co "#1""##, true),
            (r#"type eq "delimitedfile""#, true),
            (r#"authoritative eq true"#, true),
            (r#"owner.id eq "abc" and type ne "x""#, true),
            (r#"type in ("a", "DelimitedFile")"#, true),
            (r#"features co "ENABLE""#, true),
            (r#"cluster isnull"#, true),
            (
                r#"not (authoritative eq true) or deleteThreshold gt 5"#,
                true,
            ),
            (r#"deleteThreshold lt 5"#, false),
            (
                r#"name eq "x" or (type eq "y" and authoritative eq true)"#,
                false,
            ),
        ] {
            assert_eq!(eval(&parse(f).unwrap(), &item), want, "{f}");
        }
    }

    #[test]
    fn refuses_broken_filters() {
        for f in [
            "",
            "name",
            "name eq",
            "name eq unquoted",
            "name zz \"a\"",
            "name eq \"a",
            "(name eq \"a\"",
            "name in \"a\"",
        ] {
            assert!(parse(f).is_err(), "{f}");
        }
    }

    #[test]
    fn lists_fields_used() {
        let mut out = vec![];
        fields(
            &parse(r#"a eq "1" and (b sw "2" or c isnull)"#).unwrap(),
            &mut out,
        );
        assert_eq!(out.len(), 3);
        assert_eq!(out[2], ("c".into(), "isnull".into()));
    }
}
