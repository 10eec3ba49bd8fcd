//! IdentityIQ over SCIM 2.0 (`iiq-scim-subset.yaml`): every request the console sends to an
//! IdentityIQ server, how its answers are read, and the account form built from an
//! application's schema. An application's own attributes travel in an extension object
//! named after it (`urn:…:Application:Schema:<APPLICATION NAME>:account`), so the payload
//! differs per application: [`build_account`] makes it from the schema and refuses, field by
//! field, what the schema would refuse.
//!
//! Requests built here carry `Accept: application/scim+json`, which is also how
//! [`crate::http::ApiRequest::to_curl`] knows to write HTTP Basic as `$IIQ_USER:$IIQ_PASSWORD`.

use serde_json::Value;

/// The SCIM media type: sent with every body, asked for in every `Accept`.
pub const SCIM_JSON: &str = "application/scim+json";
/// The core schema of an IdentityIQ account resource.
pub const ACCOUNT_URN: &str = "urn:ietf:params:scim:schemas:sailpoint:1.0:Account";
/// An application's account schema id is this, the application's name, then `:account`.
pub const APP_SCHEMA_PREFIX: &str =
    "urn:ietf:params:scim:schemas:sailpoint:1.0:Application:Schema:";
/// The schema of a SCIM error answer.
pub const ERROR_URN: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
/// Results per page the console asks for.
pub const PAGE: u64 = 25;

/// The id of an application's account schema, which is also the key of its extension
/// object in an account: `urn:…:Application:Schema:HR Directory:account`.
pub fn account_schema_id(app_name: &str) -> String {
    format!("{APP_SCHEMA_PREFIX}{app_name}:account")
}

/// The application named by an extension key (`urn:…:Schema:<name>:account`), if it is one.
pub fn app_of_extension(key: &str) -> Option<&str> {
    key.strip_prefix(APP_SCHEMA_PREFIX)?
        .strip_suffix(":account")
}

/// Reads the SCIM base URL a person typed: `https://` (plain `http://` only for localhost),
/// usually a path (`/identityiq/scim/v2`), no user info, query or fragment; no trailing `/`.
pub fn parse_base(input: &str) -> Result<String, String> {
    if input.trim().is_empty() {
        return Err("Enter the SCIM base URL, e.g. https://iiq.example/identityiq/scim/v2.".into());
    }
    // Usually with the SCIM path; a reverse proxy may serve SCIM at its root.
    match crate::tenant::parse_proxy_base(input) {
        Ok(Some(b)) => Ok(b),
        Ok(None) => Err("Enter the SCIM base URL.".into()),
        Err(e) => Err(e
            .to_string()
            .replace("proxy base URL", "SCIM base URL")
            .replace("proxy address", "SCIM base URL")),
    }
}

/// The `Authorization` value for HTTP Basic: `Basic base64(user:password)` over UTF-8.
pub fn basic_auth(user: &str, password: &str) -> String {
    use base64::Engine;
    let raw = format!("{user}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw.as_bytes())
    )
}

/// The connect form's checks: the base URL, a user name without `:` (Basic cannot carry
/// one), a password. Each message is keyed by its field.
pub fn validate_connect(
    base: &str,
    user: &str,
    password: &str,
) -> Result<String, Vec<(&'static str, String)>> {
    let mut errs = Vec::new();
    let b = parse_base(base)
        .map_err(|e| errs.push(("iiq-base", e)))
        .ok();
    if user.trim().is_empty() {
        errs.push(("iiq-user", "Enter the IdentityIQ user name.".into()));
    } else if user.contains(':') {
        errs.push((
            "iiq-user",
            "A user name with “:” cannot be sent with HTTP Basic.".into(),
        ));
    }
    if password.is_empty() {
        errs.push(("iiq-password", "Enter the password.".into()));
    }
    match b {
        Some(b) if errs.is_empty() => Ok(b),
        _ => Err(errs),
    }
}

/// A remembered IdentityIQ connection: the SCIM base and the user, never the password.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SavedIiq {
    pub base: String,
    pub user: String,
}

impl SavedIiq {
    /// How the saved-connection picker names it.
    pub fn label(&self) -> String {
        format!("{} at {}", self.user, self.base)
    }
}

/// Where the remembered IdentityIQ connections are kept (local storage).
pub const SAVED_KEY: &str = "isc-console.iiq-connections";
/// How many are kept.
pub const SAVED_MAX: usize = 10;

/// The remembered connections as stored; anything unreadable is none.
pub fn read_saved(raw: Option<&str>) -> Vec<SavedIiq> {
    raw.and_then(|r| serde_json::from_str::<Vec<SavedIiq>>(r).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|s| parse_base(&s.base).is_ok() && !s.user.is_empty())
        .take(SAVED_MAX)
        .collect()
}

/// Puts `s` first (once), keeping at most [`SAVED_MAX`].
pub fn remember(list: &mut Vec<SavedIiq>, s: SavedIiq) {
    list.retain(|x| x != &s);
    list.insert(0, s);
    list.truncate(SAVED_MAX);
}

fn text(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

mod answers;
mod form;
mod requests;
mod schema;

pub use answers::{
    error_sentence, parse_account, parse_app, parse_features, parse_list, AccountRow, App,
    Features, ListPage,
};
pub use form::{build_account, extension, form_of, shown_value, AccountForm, FieldError, Ref};
pub use requests::{
    account, accounts, application, applications, create_account, delete_account, quote, schema,
    service_provider_config, update_account, users, AccountQuery,
};
pub use schema::{is_date_time, parse_schema, read_value, Attr, Kind, Mutability, Schema};

#[cfg(test)]
mod tests;
