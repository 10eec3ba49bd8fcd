//! PAT sign-in: the client-credentials token request, its answer, and when to renew.

use crate::error::ApiError;
use crate::http::{form_body, ApiRequest, ApiResponse, Method, FORM};

/// Builds `POST {base}/oauth/token` with a form-encoded client-credentials body.
pub fn token_request(api_base: &str, client_id: &str, client_secret: &str) -> ApiRequest {
    let mut r =
        ApiRequest::new(Method::Post, api_base, "/oauth/token").with_header("Content-Type", FORM);
    r.body = Some(form_body(&[
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_secret", client_secret),
    ]));
    r
}

/// The fields of a token answer the console uses.
#[derive(Clone, PartialEq, Eq, serde::Deserialize)]
pub struct TokenAnswer {
    pub access_token: String,
    #[serde(default)]
    pub token_type: Option<String>,
    /// Lifetime in seconds.
    pub expires_in: u64,
    #[serde(default)]
    pub org: Option<String>,
    #[serde(default)]
    pub pod: Option<String>,
    #[serde(default)]
    pub tenant_id: Option<String>,
    #[serde(default)]
    pub identity_id: Option<String>,
}

impl std::fmt::Debug for TokenAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenAnswer")
            .field("access_token", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .field("org", &self.org)
            .field("pod", &self.pod)
            .finish()
    }
}

/// Reads a token answer, or the tenant's error.
pub fn parse_token_response(resp: &ApiResponse) -> Result<TokenAnswer, ApiError> {
    if !resp.is_success() {
        return Err(ApiError::from_response(Method::Post, "/oauth/token", resp));
    }
    serde_json::from_str::<TokenAnswer>(&resp.body)
        .map_err(|e| ApiError::malformed(Method::Post, "/oauth/token", resp, &e.to_string()))
}

/// A token held in memory with the time it was obtained.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    pub access_token: String,
    pub obtained_ms: u64,
    pub expires_in_s: u64,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Token(<redacted>, expires_in_s={})", self.expires_in_s)
    }
}

impl Token {
    /// A token obtained at `now_ms` from an answer.
    pub fn from_answer(a: &TokenAnswer, now_ms: u64) -> Self {
        Token {
            access_token: a.access_token.clone(),
            obtained_ms: now_ms,
            expires_in_s: a.expires_in,
        }
    }

    /// When the tenant will stop accepting it.
    pub fn expires_at_ms(&self) -> u64 {
        self.obtained_ms + self.expires_in_s * 1000
    }

    /// When the console renews it: a tenth of its lifetime before expiry, at most a minute.
    pub fn renew_at_ms(&self) -> u64 {
        let life = self.expires_in_s * 1000;
        let margin = (life / 10).min(60_000);
        self.obtained_ms + life - margin
    }

    /// True while the token can be used without renewing.
    pub fn is_fresh(&self, now_ms: u64) -> bool {
        now_ms < self.renew_at_ms()
    }

    /// The `Authorization` header value.
    pub fn bearer(&self) -> String {
        format!("Bearer {}", self.access_token)
    }
}

/// What the console found out about a token request that got no answer, by asking the same
/// address again without reading the answer (`fetch` with `mode: "no-cors"`): a browser lets
/// such a call through whatever the tenant's CORS rules say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Not checked (the demo tenant, or the check itself could not run).
    Unknown,
    /// The second call got an answer: the tenant is there, and the browser hid its answer to
    /// the real call because the tenant does not allow this page's origin.
    Answered,
    /// The second call failed too: nothing answered at that address.
    Unreachable,
}

/// The sentence for a failed sign-in, saying which of these happened: wrong credentials (and
/// where a PAT is made again), an address the browser could not reach, a tenant that does
/// not allow this page's origin, or anything else the tenant said.
pub fn sign_in_failure(e: &ApiError, reach: Reach, api_base: &str, origin: &str) -> String {
    use crate::error::ErrorKind;
    let said = e.messages.join(" ");
    match (&e.kind, e.status) {
        (ErrorKind::Network, _) => {
            match reach {
                Reach::Answered => format!(
                    "The tenant at {api_base} is there, but the browser blocked its answer: the \
                 tenant does not allow calls from this page's origin ({origin}), a CORS rule \
                 set on the tenant's side. Serve the console with a same-origin proxy (the \
                 nginx recipe in hosting.md, beside this page) and set its address as the proxy \
                 base URL on this form, or run the console from an origin the tenant allows."
                ),
                Reach::Unreachable => format!(
                    "Nothing answered at {api_base}: the name does not resolve (check the tenant \
                 name), the connection was refused, or the browser does not trust the \
                 address's TLS certificate. Opening {api_base} in a new tab shows which."
                ),
                Reach::Unknown => format!(
                "No answer to the sign-in at {api_base}: {}. Check the tenant address and your \
                 network.",
                if said.is_empty() { "the connection failed" } else { &said }
            ),
            }
        }
        (ErrorKind::Http, 400 | 401) => format!(
            "The tenant refused this client id and secret ({}{}). Check the client secret: \
             ISC shows a personal access token's secret only once, when the token is made. If \
             it is lost, make a new token in ISC under your name → Preferences → Personal \
             Access Tokens.",
            e.status,
            if said.is_empty() {
                String::new()
            } else {
                format!(": {said}")
            }
        ),
        _ => e.sentence(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_sign_in_says_which_of_the_failures_it_was_and_never_that_it_may_have_landed() {
        let base = "https://acme.api.identitynow.com";
        let origin = "https://console.example";
        let net = ApiError::network(Method::Post, "/oauth/token", "Failed to fetch");
        assert!(!net.sentence().contains("may still"), "{}", net.sentence());
        let cors = sign_in_failure(&net, Reach::Answered, base, origin);
        assert!(
            cors.contains("does not allow calls from this page's origin (https://console.example)"),
            "{cors}"
        );
        assert!(cors.contains("proxy"), "{cors}");
        assert!(cors.contains("hosting.md"), "the recipe is named: {cors}");
        let gone = sign_in_failure(&net, Reach::Unreachable, base, origin);
        assert!(
            gone.contains("does not resolve") && gone.contains("refused") && gone.contains("TLS"),
            "{gone}"
        );
        assert!(!gone.contains("CORS"), "{gone}");
        let unknown = sign_in_failure(&net, Reach::Unknown, base, origin);
        assert!(unknown.contains("Failed to fetch"), "{unknown}");
        let resp = ApiResponse {
            status: 401,
            headers: vec![],
            body: r#"{"error":"invalid_client","error_description":"Bad credentials"}"#.into(),
        };
        let wrong = parse_token_response(&resp).unwrap_err();
        let w = sign_in_failure(&wrong, Reach::Unknown, base, origin);
        assert!(w.contains("refused this client id and secret (401"), "{w}");
        assert!(w.contains("Personal Access Tokens"), "{w}");
        for s in [&cors, &gone, &unknown, &w] {
            assert!(!s.contains("may still have carried it out"), "{s}");
        }
    }

    #[test]
    fn token_request_is_a_form_post() {
        let r = token_request("https://a.api.identitynow.com", "id-1", "p&ss=word");
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.url(), "https://a.api.identitynow.com/oauth/token");
        assert_eq!(r.header("Content-Type"), Some(FORM));
        let pairs = crate::http::parse_form(r.body.as_deref().unwrap());
        assert!(pairs.contains(&("client_secret".into(), "p&ss=word".into())));
        assert!(pairs.contains(&("grant_type".into(), "client_credentials".into())));
        // the secret is never in the URL
        assert!(!r.url().contains("ss=word"));
    }

    #[test]
    fn parses_the_documented_answer() {
        let body = r#"{"access_token":"eyJ.a.b","token_type":"bearer","expires_in":749,"scope":"read write",
            "tenant_id":"58eb06a4","internal":false,"pod":"cook","org":"example","identity_id":"ff80","jti":"x"}"#;
        let a = parse_token_response(&ApiResponse {
            status: 200,
            headers: vec![],
            body: body.into(),
        })
        .unwrap();
        assert_eq!(a.expires_in, 749);
        assert_eq!(a.org.as_deref(), Some("example"));
        assert_eq!(a.pod.as_deref(), Some("cook"));
        assert!(!format!("{a:?}").contains("eyJ"));
    }

    #[test]
    fn a_refused_secret_is_the_tenants_error() {
        let resp = ApiResponse::json(401, &serde_json::json!({"error": "invalid_client"}));
        let e = parse_token_response(&resp).unwrap_err();
        assert_eq!(e.status, 401);
        assert!(e.sentence().contains("invalid_client"));
    }

    #[test]
    fn renews_before_expiry() {
        let t = Token {
            access_token: "x".into(),
            obtained_ms: 1_000,
            expires_in_s: 749,
        };
        assert_eq!(t.expires_at_ms(), 750_000);
        assert!(t.is_fresh(1_000));
        assert!(t.is_fresh(t.renew_at_ms() - 1));
        assert!(!t.is_fresh(t.renew_at_ms()));
        assert!(t.renew_at_ms() < t.expires_at_ms());
        assert_eq!(t.expires_at_ms() - t.renew_at_ms(), 60_000);
        // a short test token renews a tenth of its life early
        let s = Token {
            access_token: "x".into(),
            obtained_ms: 0,
            expires_in_s: 5,
        };
        assert_eq!(s.renew_at_ms(), 4_500);
    }
}

/// Per-field messages for the connect form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectErrors {
    pub tenant: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

impl ConnectErrors {
    /// True when no field has a message.
    pub fn is_empty(&self) -> bool {
        self.tenant.is_none() && self.client_id.is_none() && self.client_secret.is_none()
    }
}

/// Checks the connect form; on success gives the API base to use.
pub fn validate_connect(
    tenant: &str,
    client_id: &str,
    client_secret: &str,
) -> Result<crate::tenant::TenantAddress, ConnectErrors> {
    let mut e = ConnectErrors::default();
    let addr = crate::tenant::parse_tenant_address(tenant);
    if let Err(err) = &addr {
        e.tenant = Some(err.to_string());
    }
    let id = client_id.trim();
    if id.is_empty() {
        e.client_id = Some("Enter the PAT's client id.".into());
    } else if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        e.client_id = Some("A client id has no spaces.".into());
    }
    if client_secret.is_empty() {
        e.client_secret = Some("Enter the PAT's secret.".into());
    }
    match addr {
        Ok(a) if e.is_empty() => Ok(a),
        _ => Err(e),
    }
}

#[cfg(test)]
mod connect_tests {
    use super::*;

    #[test]
    fn connect_form_rules() {
        let e = validate_connect("", "", "").unwrap_err();
        assert!(e.tenant.is_some() && e.client_id.is_some() && e.client_secret.is_some());
        let e = validate_connect("http://acme.com", "a b", "x").unwrap_err();
        assert!(e.tenant.unwrap().contains("http://"));
        assert!(e.client_id.is_some());
        assert!(e.client_secret.is_none());
        let ok = validate_connect("acme", " 7c9a ", "s").unwrap();
        assert_eq!(ok.api_base, "https://acme.api.identitynow.com");
    }
}
