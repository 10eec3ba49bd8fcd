//! Tenant address rules: what a person may type, and the API base the console will use.

/// Where the console will send API calls, derived from what a person typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantAddress {
    /// Scheme, host and optional port, without a trailing slash.
    pub api_base: String,
    /// The tenant name when it can be read off the host.
    pub tenant: Option<String>,
    /// One sentence on how the input was read, shown under the field.
    pub explanation: String,
}

/// Why an address was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TenantAddressError {
    Empty,
    InsecureHttp(String),
    Invalid(String),
}

impl std::fmt::Display for TenantAddressError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TenantAddressError::Empty => write!(f, "Enter a tenant name or its address."),
            TenantAddressError::InsecureHttp(h) => write!(
                f,
                "Plain http:// is refused for {h}: the token would travel unencrypted. Use https://, or http:// only for localhost."
            ),
            TenantAddressError::Invalid(why) => write!(f, "{why}"),
        }
    }
}

const VENDOR_DOMAINS: [&str; 3] = [
    "identitynow.com",
    "identitynow-demo.com",
    "saas.sailpoint.com",
];

fn is_local(host: &str) -> bool {
    let h = host.split(':').next().unwrap_or(host);
    host.starts_with("[::1]") || h == "localhost" || h == "127.0.0.1"
}

fn valid_host(host_port: &str) -> bool {
    let host = if host_port.starts_with('[') {
        return host_port.starts_with("[::1]");
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    if let Some((_, port)) = host_port.split_once(':') {
        if port.is_empty() || port.parse::<u16>().is_err() {
            return false;
        }
    }
    !host.is_empty()
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !host.contains("..")
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

/// The rules every address shares: no user info, a valid host, plain http only on localhost.
fn check_host(
    scheme: &str,
    host_port: &str,
    not_a_host: impl FnOnce() -> String,
) -> Result<(), TenantAddressError> {
    if host_port.contains('@') {
        return Err(TenantAddressError::Invalid(
            "An address with user information (user@host) is not accepted.".into(),
        ));
    }
    if !valid_host(host_port) {
        return Err(TenantAddressError::Invalid(not_a_host()));
    }
    if scheme == "http" && !is_local(host_port) {
        return Err(TenantAddressError::InsecureHttp(host_port.to_string()));
    }
    Ok(())
}

/// Reads a tenant name, UI host, API host, vanity host or URL into the API base to use.
///
/// `acme` → `https://acme.api.identitynow.com`; `acme.identitynow.com` → the `.api.` host;
/// `acme.identitynow-demo.com` → `https://acme.api.identitynow-demo.com`; any other host is
/// taken as the API host. Plain `http://` is refused except for localhost and 127.0.0.1.
pub fn parse_tenant_address(input: &str) -> Result<TenantAddress, TenantAddressError> {
    let raw = input.trim();
    if raw.is_empty() {
        return Err(TenantAddressError::Empty);
    }
    let lower = raw.to_ascii_lowercase();
    let (scheme, rest) = if let Some(r) = lower.strip_prefix("https://") {
        ("https", r)
    } else if let Some(r) = lower.strip_prefix("http://") {
        ("http", r)
    } else if lower.contains("://") {
        return Err(TenantAddressError::Invalid(
            "Only https:// addresses are accepted.".into(),
        ));
    } else {
        ("https", lower.as_str())
    };
    let host_port = rest.split(['/', '?', '#']).next().unwrap_or("").to_string();
    check_host(scheme, &host_port, || {
        format!("“{raw}” is not a tenant name or host name.")
    })?;
    // A bare tenant name.
    if !host_port.contains('.') && !host_port.contains(':') && host_port != "localhost" {
        let base = format!("https://{host_port}.api.identitynow.com");
        return Ok(TenantAddress {
            explanation: format!("Tenant name “{host_port}”: calls go to {base}."),
            api_base: base,
            tenant: Some(host_port),
        });
    }
    let host = host_port.split(':').next().unwrap_or("").to_string();
    for domain in VENDOR_DOMAINS {
        if let Some(prefix) = host.strip_suffix(&format!(".{domain}")) {
            let mut labels: Vec<&str> = prefix.split('.').collect();
            let tenant = labels[0].to_string();
            let was_api = labels.get(1) == Some(&"api");
            labels.truncate(1);
            let api_host = format!("{}.api.{domain}", tenant);
            let port = host_port
                .split_once(':')
                .map(|(_, p)| format!(":{p}"))
                .unwrap_or_default();
            let base = format!("{scheme}://{api_host}{port}");
            let explanation = if was_api {
                format!("API host of tenant “{tenant}”: calls go to {base}.")
            } else {
                format!("UI host of tenant “{tenant}”: calls go to its API host {base}.")
            };
            return Ok(TenantAddress {
                api_base: base,
                tenant: Some(tenant),
                explanation,
            });
        }
    }
    let base = format!("{scheme}://{host_port}");
    let tenant = if is_local(&host_port) {
        None
    } else {
        host.split('.').next().map(str::to_string)
    };
    Ok(TenantAddress {
        explanation: format!("Custom host: calls go to {base} as typed."),
        api_base: base,
        tenant,
    })
}

/// Reads the optional proxy base URL: empty means none. Otherwise an `https://` URL (plain
/// `http://` only for localhost), with an optional path prefix and no user info, query or
/// fragment. Every call, the token request included, then goes to it instead of the API host.
pub fn parse_proxy_base(input: &str) -> Result<Option<String>, TenantAddressError> {
    let raw = input.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let lower = raw.to_ascii_lowercase();
    let (scheme, rest) = if lower.starts_with("https://") {
        ("https", &raw[8..])
    } else if lower.starts_with("http://") {
        ("http", &raw[7..])
    } else {
        return Err(TenantAddressError::Invalid(
            "A proxy base URL starts with https://.".into(),
        ));
    };
    if rest.contains(['?', '#']) {
        return Err(TenantAddressError::Invalid(
            "A proxy base URL has no query or fragment.".into(),
        ));
    }
    let (host_port, path) = match rest.split_once('/') {
        Some((h, p)) => (h.to_ascii_lowercase(), p.trim_end_matches('/')),
        None => (rest.to_ascii_lowercase(), ""),
    };
    check_host(scheme, &host_port, || {
        format!("“{raw}” is not a proxy address.")
    })?;
    if path.is_empty() {
        Ok(Some(format!("{scheme}://{host_port}")))
    } else {
        Ok(Some(format!("{scheme}://{host_port}/{path}")))
    }
}

/// The origin (scheme, host, port) of a base URL, as a CSP source.
pub fn origin_of(base: &str) -> String {
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    format!("{scheme}://{host}")
}

/// The narrowed `connect-src` a page adds once it knows where its calls go: itself and the
/// one origin the client talks to (the API host, or the proxy when one is set).
pub fn connect_src_policy(api_base: &str) -> String {
    format!("connect-src 'self' {}", origin_of(api_base))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(s: &str) -> String {
        parse_tenant_address(s).unwrap().api_base
    }

    #[test]
    fn every_accepted_form_maps_to_an_api_base() {
        assert_eq!(base("acme"), "https://acme.api.identitynow.com");
        assert_eq!(base("  Acme  "), "https://acme.api.identitynow.com");
        assert_eq!(
            base("acme.identitynow.com"),
            "https://acme.api.identitynow.com"
        );
        assert_eq!(
            base("acme.api.identitynow.com"),
            "https://acme.api.identitynow.com"
        );
        assert_eq!(
            base("https://acme.identitynow.com/ui/admin#admin:connections"),
            "https://acme.api.identitynow.com"
        );
        assert_eq!(
            base("https://acme.api.identitynow.com/v3/"),
            "https://acme.api.identitynow.com"
        );
        assert_eq!(
            base("partner7.identitynow-demo.com"),
            "https://partner7.api.identitynow-demo.com"
        );
        assert_eq!(base("iam.example.org"), "https://iam.example.org");
        assert_eq!(
            base("https://iam.example.org:8443/x"),
            "https://iam.example.org:8443"
        );
        assert_eq!(base("http://localhost:9000"), "http://localhost:9000");
        assert_eq!(base("http://127.0.0.1:9000/"), "http://127.0.0.1:9000");
    }

    #[test]
    fn tenant_name_is_read_off_the_host() {
        assert_eq!(
            parse_tenant_address("acme.identitynow.com")
                .unwrap()
                .tenant
                .as_deref(),
            Some("acme")
        );
        assert_eq!(
            parse_tenant_address("http://127.0.0.1:1").unwrap().tenant,
            None
        );
    }

    #[test]
    fn plain_http_is_refused_except_locally() {
        assert!(matches!(
            parse_tenant_address("http://acme.identitynow.com"),
            Err(TenantAddressError::InsecureHttp(_))
        ));
        assert!(matches!(
            parse_tenant_address("http://localhost.evil.com"),
            Err(TenantAddressError::InsecureHttp(_))
        ));
        assert!(parse_tenant_address("http://[::1]:8080").is_ok());
    }

    #[test]
    fn junk_is_refused_with_a_reason() {
        assert_eq!(parse_tenant_address("   "), Err(TenantAddressError::Empty));
        assert!(parse_tenant_address("ftp://acme").is_err());
        assert!(parse_tenant_address("acme corp").is_err());
        assert!(parse_tenant_address("https://user@acme.identitynow.com").is_err());
        assert!(parse_tenant_address("acme..com").is_err());
        assert!(parse_tenant_address("acme.com:99999").is_err());
        let msg = parse_tenant_address("http://acme.com")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("http://"), "{msg}");
    }

    #[test]
    fn proxy_base_rules() {
        assert_eq!(parse_proxy_base("  "), Ok(None));
        assert_eq!(
            parse_proxy_base("https://proxy.corp.example/isc/"),
            Ok(Some("https://proxy.corp.example/isc".into()))
        );
        assert_eq!(
            parse_proxy_base("http://127.0.0.1:9191"),
            Ok(Some("http://127.0.0.1:9191".into()))
        );
        assert!(matches!(
            parse_proxy_base("http://proxy.corp.example"),
            Err(TenantAddressError::InsecureHttp(_))
        ));
        assert!(parse_proxy_base("proxy.corp.example").is_err());
        assert!(parse_proxy_base("https://u:p@proxy.corp.example").is_err());
        assert!(parse_proxy_base("https://proxy.corp.example/?x=1").is_err());
    }

    #[test]
    fn the_narrowed_policy_names_one_origin() {
        assert_eq!(
            connect_src_policy("https://proxy.corp.example:8443/isc"),
            "connect-src 'self' https://proxy.corp.example:8443"
        );
        assert_eq!(
            connect_src_policy("https://acme.api.identitynow.com"),
            "connect-src 'self' https://acme.api.identitynow.com"
        );
    }
}
