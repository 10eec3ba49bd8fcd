//! The Activity screen's rules: which calls a filter keeps, where a long path may wrap, and
//! what of an answer is kept to show (the first few KB, nothing secret).

/// How much of an answer Activity keeps per call.
pub const ANSWER_HEAD_BYTES: usize = 4096;

/// Which answers a filter keeps, by status class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusClass {
    #[default]
    Any,
    Success,
    ClientError,
    ServerError,
    /// No answer (status 0: a dropped connection, a cancel, a time-out).
    None,
}

impl StatusClass {
    /// The choices as the filter's `<select>` offers them: value and label.
    pub const CHOICES: [(&'static str, &'static str); 5] = [
        ("", "Any status"),
        ("2xx", "2xx success"),
        ("4xx", "4xx refused"),
        ("5xx", "5xx tenant error"),
        ("none", "No answer"),
    ];

    pub fn from_key(key: &str) -> Self {
        match key {
            "2xx" => StatusClass::Success,
            "4xx" => StatusClass::ClientError,
            "5xx" => StatusClass::ServerError,
            "none" => StatusClass::None,
            _ => StatusClass::Any,
        }
    }

    pub fn keeps(self, status: u16) -> bool {
        match self {
            StatusClass::Any => true,
            StatusClass::Success => (200..300).contains(&status),
            StatusClass::ClientError => (400..500).contains(&status),
            StatusClass::ServerError => (500..600).contains(&status),
            StatusClass::None => status == 0,
        }
    }
}

/// The Activity filter: method (empty for any), status class, and words that must all appear
/// (case-insensitive) in the path, the error, the task id or the call number.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub method: String,
    pub status: StatusClass,
    pub text: String,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.method.is_empty() && self.status == StatusClass::Any && self.text.trim().is_empty()
    }

    /// Whether a call with these fields is shown.
    pub fn keeps(&self, method: &str, status: u16, texts: &[&str]) -> bool {
        if !self.method.is_empty() && !self.method.eq_ignore_ascii_case(method) {
            return false;
        }
        if !self.status.keeps(status) {
            return false;
        }
        let hay: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
        self.text
            .split_whitespace()
            .map(str::to_lowercase)
            .all(|w| hay.iter().any(|h| h.contains(&w)))
    }
}

/// A path cut after each `/`, `?` and `&`, so it may wrap there and nowhere else.
pub fn path_parts(path: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in path.char_indices() {
        if matches!(c, '/' | '?' | '&') && i + 1 > start {
            parts.push(&path[start..i + 1]);
            start = i + 1;
        }
    }
    if start < path.len() {
        parts.push(&path[start..]);
    }
    parts
}

fn secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    [
        "password",
        "secret",
        "token",
        "credential",
        "apikey",
        "api_key",
        "privatekey",
    ]
    .iter()
    .any(|s| k.contains(s))
}

/// The string values of secret-named keys in (possibly cut) JSON text, replaced by
/// `"(hidden)"`: a scan of the text, never a parse, so it costs little on a large page and
/// works on a cut answer.
pub(crate) fn redact(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        if b[i] != b'"' {
            i += 1;
            continue;
        }
        // A string: find its end.
        let start = i + 1;
        let mut j = start;
        while j < b.len() && b[j] != b'"' {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        let key = &text[start..j.min(b.len())];
        i = j + 1;
        // A key: what follows is `:` then, for a secret one, its value.
        let mut k = i;
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        if k < b.len() && b[k] == b':' && secret_key(key) {
            k += 1;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            if k < b.len() && b[k] == b'"' {
                let mut e = k + 1;
                while e < b.len() && b[e] != b'"' {
                    e += if b[e] == b'\\' { 2 } else { 1 };
                }
                out.push_str(&text[copied..k]);
                out.push_str("\"(hidden)\"");
                copied = (e + 1).min(b.len());
                i = copied;
            }
        }
    }
    if copied < text.len() {
        out.push_str(&text[copied..]);
    }
    out
}

fn cut_at(text: &str, max: usize) -> &str {
    let mut cut = max.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// What Activity keeps of an answer: nothing for the token request (its answer is the token),
/// else its first [`ANSWER_HEAD_BYTES`] as the tenant sent it, with the rest counted, and
/// every string under a key that names a password, secret, token or credential hidden.
pub fn answer_head(path: &str, body: &str) -> Option<String> {
    if path.starts_with("/oauth/") || path.contains("/oauth/token") {
        return None;
    }
    // Twice the room, so a secret that straddles the cut is hidden before cutting.
    let mut text = redact(cut_at(body, ANSWER_HEAD_BYTES * 2));
    if !body.trim_start().starts_with(['{', '[']) && text.to_ascii_lowercase().contains("token") {
        return Some("(not JSON, and it names a token: not kept)".into());
    }
    if text.len() > ANSWER_HEAD_BYTES || body.len() > ANSWER_HEAD_BYTES * 2 {
        let kept = cut_at(&text, ANSWER_HEAD_BYTES).len();
        let more = body.len().saturating_sub(kept);
        text.truncate(kept);
        text.push_str(&format!("\n… {more} more bytes not kept"));
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_keeps_a_call_only_when_method_status_and_every_word_match() {
        let f = Filter {
            method: "POST".into(),
            status: StatusClass::from_key("4xx"),
            text: "Sources  HR".into(),
        };
        assert!(f.keeps(
            "post",
            400,
            &["/v3/sources", "A source named HR exists", ""]
        ));
        assert!(!f.keeps("GET", 400, &["/v3/sources", "HR", ""]), "method");
        assert!(!f.keeps("POST", 201, &["/v3/sources", "HR", ""]), "status");
        assert!(
            !f.keeps("POST", 400, &["/v3/sources", "", ""]),
            "every word"
        );
        assert!(Filter::default().keeps("DELETE", 0, &[]));
        assert!(Filter::default().is_empty());
        assert!(StatusClass::from_key("none").keeps(0));
        assert!(!StatusClass::from_key("none").keeps(200));
        assert!(StatusClass::from_key("5xx").keeps(503));
        assert!(!StatusClass::from_key("2xx").keeps(302));
    }

    #[test]
    fn a_path_wraps_only_after_slash_question_mark_and_ampersand() {
        assert_eq!(
            path_parts("/v3/accounts?limit=250&offset=0"),
            vec!["/", "v3/", "accounts?", "limit=250&", "offset=0"]
        );
        assert_eq!(path_parts("/sources/v1/").concat(), "/sources/v1/");
        assert_eq!(path_parts(""), Vec::<&str>::new());
    }

    #[test]
    fn an_answer_keeps_no_token_no_secret_and_at_most_a_few_kb() {
        assert_eq!(answer_head("/oauth/token", r#"{"access_token":"x"}"#), None);
        let kept = answer_head(
            "/v3/sources",
            r#"{"name":"HR","connectorAttributes":{"password":"p4ss","clientSecret":"s","host":"h"},"items":[{"apiToken":"t"}]}"#,
        )
        .unwrap();
        assert!(
            !kept.contains("p4ss") && !kept.contains("\"s\"") && !kept.contains("\"t\""),
            "{kept}"
        );
        assert!(
            kept.contains(r#""host":"h""#) && kept.contains("(hidden)"),
            "{kept}"
        );
        // A cut answer is still redacted.
        let cut = format!(r#"{{"a":"{}","password":"p4ss","#, "x".repeat(10));
        assert!(!answer_head("/v3/x", &cut).unwrap().contains("p4ss"));
        assert!(answer_head("/v3/x", r#"{"k\"password":"v"}"#).is_some());
        let long = format!("[{}]", vec!["\"ééé\""; 2000].join(","));
        let head = answer_head("/v3/accounts", &long).unwrap();
        assert!(head.len() < ANSWER_HEAD_BYTES + 60, "{}", head.len());
        assert!(head.contains("ééé"));
        assert!(
            head.ends_with("more bytes not kept"),
            "{}",
            &head[head.len() - 40..]
        );
        assert_eq!(
            answer_head("/v3/x", "plain text").as_deref(),
            Some("plain text")
        );
        assert!(!answer_head("/v3/x", "token=abc").unwrap().contains("abc"));
    }
}
