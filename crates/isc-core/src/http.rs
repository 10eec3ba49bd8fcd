//! Requests and responses as plain data, so every call can be built, logged, replayed as
//! `curl` and tested without a browser.

use std::fmt;

/// An HTTP method the console uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Options,
}

impl Method {
    /// The method as it is written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
        }
    }

    /// Parses a wire method name (case-insensitive).
    pub fn parse(s: &str) -> Option<Method> {
        Some(match s.to_ascii_uppercase().as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            "OPTIONS" => Method::Options,
            _ => return None,
        })
    }

    /// True for methods that may be repeated safely after a server or network fault.
    pub fn is_idempotent(self) -> bool {
        matches!(
            self,
            Method::Get | Method::Put | Method::Delete | Method::Options
        )
    }

    /// True for methods that change data on the tenant.
    pub fn is_write(self) -> bool {
        matches!(
            self,
            Method::Post | Method::Put | Method::Patch | Method::Delete
        )
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Content type of JSON Patch bodies; ISC refuses a PATCH sent as plain JSON.
pub const JSON_PATCH: &str = "application/json-patch+json";
/// Content type of JSON bodies.
pub const JSON: &str = "application/json";
/// Content type of the OAuth token form.
pub const FORM: &str = "application/x-www-form-urlencoded";

/// One API call as plain data: method, base, path, query pairs, headers and body.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ApiRequest {
    pub method: Method,
    /// Scheme and host, e.g. `https://acme.api.identitynow.com` (no trailing slash).
    pub base: String,
    /// Path starting with `/`, e.g. `/v3/sources`.
    pub path: String,
    /// Query pairs, not yet encoded.
    pub query: Vec<(String, String)>,
    /// Header pairs.
    pub headers: Vec<(String, String)>,
    /// Body text, if any.
    pub body: Option<String>,
}

impl fmt::Debug for ApiRequest {
    /// Debug output never shows header values or the body: they can carry secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiRequest")
            .field("method", &self.method)
            .field("url", &self.url())
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl ApiRequest {
    /// A request with no query, headers or body.
    pub fn new(method: Method, base: &str, path: &str) -> Self {
        ApiRequest {
            method,
            base: base.trim_end_matches('/').to_string(),
            path: path.to_string(),
            query: Vec::new(),
            headers: vec![("Accept".into(), JSON.into())],
            body: None,
        }
    }

    /// Adds a query pair.
    pub fn with_query(mut self, key: &str, value: impl Into<String>) -> Self {
        self.query.push((key.to_string(), value.into()));
        self
    }

    /// Sets a header, replacing one of the same name.
    pub fn with_header(mut self, key: &str, value: impl Into<String>) -> Self {
        self.set_header(key, value);
        self
    }

    /// Sets a header in place, replacing one of the same name.
    pub fn set_header(&mut self, key: &str, value: impl Into<String>) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(key));
        self.headers.push((key.to_string(), value.into()));
    }

    /// The value of a header, if set.
    pub fn header(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// Sets a JSON body and its content type.
    pub fn with_json(self, body: &serde_json::Value) -> Self {
        let mut r = self.with_header("Content-Type", JSON);
        r.body = Some(body.to_string());
        r
    }

    /// Sets a JSON Patch body with `application/json-patch+json`.
    pub fn with_json_patch(self, ops: &serde_json::Value) -> Self {
        let mut r = self.with_header("Content-Type", JSON_PATCH);
        r.body = Some(ops.to_string());
        r
    }

    /// The encoded query string without `?`, empty when there is no query.
    pub fn query_string(&self) -> String {
        self.query
            .iter()
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Path plus encoded query, as logged in Activity.
    pub fn path_and_query(&self) -> String {
        let q = self.query_string();
        if q.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, q)
        }
    }

    /// The full URL.
    pub fn url(&self) -> String {
        format!("{}{}", self.base, self.path_and_query())
    }

    /// The body with secrets replaced by shell variables, for display and export.
    pub fn redacted_body(&self) -> Option<String> {
        let body = self.body.as_ref()?;
        if self.header("Content-Type") == Some(FORM) {
            let pairs = parse_form(body)
                .into_iter()
                .map(|(k, v)| {
                    let v = match k.as_str() {
                        "client_secret" => "$CLIENT_SECRET".to_string(),
                        "refresh_token" | "code" | "code_verifier" => "$SECRET".to_string(),
                        "client_id" => "$CLIENT_ID".to_string(),
                        _ => encode_component(&v),
                    };
                    format!("{}={}", encode_component(&k), v)
                })
                .collect::<Vec<_>>();
            return Some(pairs.join("&"));
        }
        // A JSON body: the values of password- and secret-named keys hidden, as in Activity.
        Some(crate::activity::redact(body))
    }

    /// Whether the call goes to IdentityIQ (built by [`crate::iiq`]): HTTP Basic, not a token.
    pub fn is_scim(&self) -> bool {
        self.header("Accept") == Some(crate::iiq::SCIM_JSON)
    }

    /// The call as a `curl` command; the bearer token is written as `$TOKEN` and the client
    /// secret as `$CLIENT_SECRET`, so the command can be shared.
    pub fn to_curl(&self) -> String {
        let mut out = format!("curl -X {} {}", self.method, shell_quote(&self.url()));
        for (k, v) in &self.headers {
            if k.eq_ignore_ascii_case("authorization") && self.is_scim() {
                continue;
            }
            let v = if k.eq_ignore_ascii_case("authorization") {
                "Bearer $TOKEN".to_string()
            } else {
                v.clone()
            };
            // Double quotes so that $TOKEN expands in a shell.
            out.push_str(&format!(" \\\n  -H \"{}: {}\"", k, v.replace('"', "\\\"")));
        }
        if self.is_scim() {
            out.push_str(" \\\n  -u \"$IIQ_USER:$IIQ_PASSWORD\"");
        } else if self.header("Authorization").is_none() && !self.path.starts_with("/oauth/") {
            out.push_str(" \\\n  -H \"Authorization: Bearer $TOKEN\"");
        }
        if let Some(b) = self.redacted_body() {
            if self.header("Content-Type") == Some(FORM) {
                out.push_str(&format!(" \\\n  --data \"{}\"", b.replace('"', "\\\"")));
            } else {
                out.push_str(&format!(" \\\n  --data {}", shell_quote(&b)));
            }
        }
        out
    }
}

/// An answer as plain data: status, headers and body text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ApiResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl ApiResponse {
    /// A response with a JSON body.
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        ApiResponse {
            status,
            headers: vec![("Content-Type".into(), JSON.into())],
            body: body.to_string(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, key: &str, value: impl Into<String>) -> Self {
        self.headers.push((key.to_string(), value.into()));
        self
    }

    /// The value of a header (case-insensitive name).
    pub fn header(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Percent-encodes a query component (RFC 3986 unreserved characters stay).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{:02X}", b)),
        }
    }
    out
}

/// Decodes a percent-encoded component; `+` is read as a space (form encoding).
pub fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'+' {
            out.push(b' ');
        } else if b == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(v) = u8::from_str_radix(hex, 16) {
                out.push(v);
                i += 3;
                continue;
            }
            out.push(b);
        } else {
            out.push(b);
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Parses `a=1&b=2` form or query text into decoded pairs.
pub fn parse_form(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode_component(k), decode_component(v)),
            None => (decode_component(p), String::new()),
        })
        .collect()
}

/// Builds a form-encoded body from pairs.
pub fn form_body(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_encoded_and_joined() {
        let r = ApiRequest::new(Method::Get, "https://t.api.identitynow.com/", "/v3/sources")
            .with_query("filters", "name sw \"#HR & co\"")
            .with_query("limit", "250");
        assert_eq!(
            r.url(),
            "https://t.api.identitynow.com/v3/sources?filters=name%20sw%20%22%23HR%20%26%20co%22&limit=250"
        );
    }

    #[test]
    fn decode_reverses_encode() {
        let s = "a b&c=d%e#f\"ü";
        assert_eq!(decode_component(&encode_component(s)), s);
        assert_eq!(decode_component("a+b%2"), "a b%2");
    }

    #[test]
    fn curl_hides_token_and_secret() {
        let token_req = ApiRequest::new(
            Method::Post,
            "https://t.api.identitynow.com",
            "/oauth/token",
        )
        .with_header("Content-Type", FORM);
        let mut token_req = token_req;
        token_req.body = Some(form_body(&[
            ("grant_type", "client_credentials"),
            ("client_id", "abc"),
            ("client_secret", "s3cr3t-value"),
        ]));
        let curl = token_req.to_curl();
        assert!(!curl.contains("s3cr3t-value"), "{curl}");
        assert!(curl.contains("client_secret=$CLIENT_SECRET"));

        let call = ApiRequest::new(Method::Get, "https://t.api.identitynow.com", "/v3/sources")
            .with_header("Authorization", "Bearer eyJreal.token.here");
        let curl = call.to_curl();
        assert!(!curl.contains("eyJreal"));
        assert!(curl.contains("Authorization: Bearer $TOKEN"));
        assert!(!format!("{:?}", call).contains("eyJreal"));
    }

    #[test]
    fn json_patch_sets_its_content_type() {
        let r = ApiRequest::new(Method::Patch, "https://x", "/beta/identity-profiles/1")
            .with_json_patch(&serde_json::json!([{"op":"replace","path":"/priority","value":10}]));
        assert_eq!(r.header("content-type"), Some(JSON_PATCH));
    }

    #[test]
    fn idempotent_methods() {
        assert!(
            Method::Get.is_idempotent()
                && Method::Put.is_idempotent()
                && Method::Delete.is_idempotent()
        );
        assert!(!Method::Post.is_idempotent() && !Method::Patch.is_idempotent());
    }
}
