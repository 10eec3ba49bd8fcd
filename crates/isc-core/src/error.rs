//! One error type for every failed call: it keeps what the tenant said and renders one clear
//! sentence for a person.

use crate::http::{ApiResponse, Method};
use serde_json::Value;

/// What went wrong, broadly.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ErrorKind {
    /// The tenant answered with a non-2xx status.
    Http,
    /// No answer: network failure, refused connection, or a CORS block.
    Network,
    /// A 2xx answer whose body is not what the API describes.
    Malformed,
    /// The person cancelled the call.
    Cancelled,
    /// No answer within the client's time-out; the call was abandoned (it may still land).
    TimedOut,
    /// The console refused to send it (read-only mode, invalid input).
    Refused,
}

/// A failed call with everything the tenant said about it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub method: Method,
    pub path: String,
    /// HTTP status, 0 when there was no answer.
    pub status: u16,
    pub detail_code: Option<String>,
    pub tracking_id: Option<String>,
    /// `messages[].text`, or the `error` / `message` field of 401 and 429 bodies.
    pub messages: Vec<String>,
    /// `causes[].text`.
    pub causes: Vec<String>,
    /// Seconds from `Retry-After`, where the browser could read it.
    pub retry_after_s: Option<u64>,
    /// The body as received.
    pub raw_body: String,
}

/// The trimmed, non-empty `text` of each `{locale, text}` item of an error's `messages` or
/// `causes` array.
fn texts(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|m| m.get("text").and_then(Value::as_str))
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

impl ApiError {
    fn blank(kind: ErrorKind, method: Method, path: &str) -> Self {
        ApiError {
            kind,
            method,
            path: path.to_string(),
            status: 0,
            detail_code: None,
            tracking_id: None,
            messages: vec![],
            causes: vec![],
            retry_after_s: None,
            raw_body: String::new(),
        }
    }

    /// Reads an error answer: `ErrorResponseDto`, the 401 `{error}` and 429 `{message}`
    /// shapes, or any other body (kept raw).
    pub fn from_response(method: Method, path: &str, resp: &ApiResponse) -> Self {
        let mut e = Self::blank(ErrorKind::Http, method, path);
        e.status = resp.status;
        e.raw_body = resp.body.clone();
        e.retry_after_s = resp
            .header("Retry-After")
            .and_then(|v| whole_seconds_up(v.trim()));
        // Read through a JSON tree, field by field: a field of an unexpected type is skipped
        // rather than losing the whole body (and no derive code for the shapes in the wasm).
        let body = serde_json::from_str::<Value>(&resp.body).ok();
        if let Some(b) = body.as_ref().filter(|b| b.is_object()) {
            let text = |k: &str| b.get(k).and_then(Value::as_str);
            let nonempty = |k: &str| text(k).filter(|s| !s.is_empty()).map(str::to_string);
            e.detail_code = nonempty("detailCode");
            e.tracking_id = nonempty("trackingId");
            e.messages = texts(b.get("messages"));
            e.causes = texts(b.get("causes"));
            match b.get("error") {
                // OAuth shape: {error: "code", error_description: "text"}
                Some(Value::String(s))
                    if !s.trim().is_empty() && text("error_description").is_some() =>
                {
                    e.detail_code.get_or_insert(s.trim().to_string());
                }
                Some(Value::String(s)) if !s.trim().is_empty() => {
                    e.messages.push(s.trim().to_string())
                }
                Some(Value::Object(o)) => {
                    if let Some(Value::String(s)) = o.get("message") {
                        e.messages.push(s.trim().to_string())
                    }
                }
                _ => {}
            }
            if let Some(d) = text("error_description") {
                e.messages.push(d.trim().to_string());
            }
            if let Some(m) = text("message").filter(|m| !m.trim().is_empty()) {
                e.messages.push(m.trim().to_string());
            }
            // A SCIM error (IdentityIQ): {status, scimType, detail}.
            if let Some(d) = text("detail").filter(|d| !d.trim().is_empty()) {
                e.messages.push(d.trim().to_string());
                e.detail_code = e.detail_code.take().or_else(|| nonempty("scimType"));
            }
        }
        e
    }

    /// A call that got no answer.
    pub fn network(method: Method, path: &str, detail: &str) -> Self {
        let mut e = Self::blank(ErrorKind::Network, method, path);
        e.messages.push(detail.to_string());
        e
    }

    /// A success status whose body could not be read as the API describes.
    pub fn malformed(method: Method, path: &str, resp: &ApiResponse, detail: &str) -> Self {
        let mut e = Self::blank(ErrorKind::Malformed, method, path);
        e.status = resp.status;
        e.raw_body = resp.body.clone();
        e.messages.push(detail.to_string());
        e
    }

    /// A call the person cancelled.
    pub fn cancelled(method: Method, path: &str) -> Self {
        Self::blank(ErrorKind::Cancelled, method, path)
    }

    /// A call abandoned after `after_ms` without an answer (the client's time-out).
    pub fn timed_out(method: Method, path: &str, after_ms: u64) -> Self {
        let mut e = Self::blank(ErrorKind::TimedOut, method, path);
        e.messages
            .push(format!("no answer within {} s", after_ms.div_ceil(1000)));
        e
    }

    /// Whether this is the tenant's 400 refusing a create because the object already exists
    /// (which a create the browser sent twice also meets).
    pub fn already_exists(&self) -> bool {
        self.status == 400 && self.sentence().contains("already exists")
    }

    /// Whether a write that ended in this error may still have been carried out by the
    /// tenant, so that what it holds must be read back before anything is said or sent
    /// again: no answer, a time-out, a cancel, an unreadable answer, or a gateway error
    /// (502/503/504 and 500 can come after the service acted). A 4xx or a refusal means
    /// nothing was done.
    pub fn outcome_unknown(&self) -> bool {
        match self.kind {
            ErrorKind::Network | ErrorKind::TimedOut | ErrorKind::Cancelled => true,
            ErrorKind::Malformed => true,
            ErrorKind::Http => self.status >= 500,
            ErrorKind::Refused => false,
        }
    }

    /// A call the console would not send, with the reason.
    pub fn refused(method: Method, path: &str, why: &str) -> Self {
        let mut e = Self::blank(ErrorKind::Refused, method, path);
        e.messages.push(why.to_string());
        e
    }

    fn said(&self) -> String {
        let mut parts: Vec<String> = self.messages.clone();
        for c in &self.causes {
            if !parts.contains(c) {
                parts.push(c.clone());
            }
        }
        let mut s = parts.join(" ");
        if !s.is_empty() && !s.ends_with(['.', '!', '?']) {
            s.push('.');
        }
        s
    }

    /// One sentence a person can act on.
    pub fn sentence(&self) -> String {
        let said = self.said();
        let tail = match &self.tracking_id {
            Some(t) => format!(" Tracking id: {t}."),
            None => String::new(),
        };
        let code = match &self.detail_code {
            Some(d) => format!(" · {d}"),
            None => String::new(),
        };
        let what = format!("{} {}", self.method, self.path);
        // A write that met no clear answer may still have been carried out.
        // A token request changes nothing in the tenant, so it has nothing to carry out.
        let unsure = if self.method == Method::Get || self.path.ends_with("/oauth/token") {
            ""
        } else {
            " The tenant may still have carried it out: check before sending it again."
        };
        match self.kind {
            ErrorKind::Network => format!(
                "No answer from the tenant for {what}: {}{unsure} Check the address and your network; if the tenant does not allow calls from this page (CORS), set a proxy base URL.",
                if said.is_empty() { "the connection failed.".to_string() } else { said }
            ),
            ErrorKind::Malformed => format!(
                "The tenant answered {what} with {} but the body is not what the API describes: {said}{unsure}",
                self.status
            ),
            ErrorKind::Cancelled => format!("{what} was cancelled; nothing more was sent.{unsure}"),
            ErrorKind::TimedOut => format!(
                "No answer from the tenant for {what}: {said} (the console's time-out, set on the Connection page), so the console stopped waiting.{unsure}"
            ),
            ErrorKind::Refused => format!("Not sent: {said}"),
            ErrorKind::Http => {
                let said = if said.is_empty() {
                    if self.raw_body.trim().is_empty() {
                        "(empty body).".to_string()
                    } else {
                        "(the body is not a documented error shape).".to_string()
                    }
                } else {
                    said
                };
                match self.status {
                    401 => format!(
                        "The tenant refused the credentials for {what} (401): {said}{tail}"
                    ),
                    403 => format!(
                        "The tenant says this identity may not do {what} (403{code}): {said}{tail}"
                    ),
                    404 => format!("The tenant found nothing at {what} (404{code}): {said}{tail}"),
                    429 => format!(
                        "The tenant is rate limiting {what} (429): {said} {}",
                        match self.retry_after_s {
                            Some(s) => format!("It asks to wait {s} s."),
                            None => "It did not say how long to wait.".to_string(),
                        }
                    ),
                    s if s >= 500 => format!(
                        "The tenant failed on {what} ({s}{code}): {said}{tail}"
                    ),
                    s => format!("The tenant rejected {what} ({s}{code}): {said}{tail}"),
                }
            }
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.sentence())
    }
}

impl std::error::Error for ApiError {}

/// A `Retry-After` of delta-seconds (`"3"`, or `"1.5"` as some proxies send), rounded up
/// to whole seconds. Read without floats, which would bring float parsing into the wasm.
fn whole_seconds_up(v: &str) -> Option<u64> {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() && frac.is_empty() || !digits(int) || !digits(frac) {
        return None;
    }
    let whole: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let up = frac.bytes().any(|b| b != b'0');
    whole.checked_add(up as u64)
}

#[cfg(test)]
mod tests;
