//! The account form: building a create or update payload from the schema, and reading an
//! account back into the form.

use super::*;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A reference to a user or an application, as an account carries it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ref {
    pub value: String,
    pub display: String,
}

/// What the account form holds: the core fields and one text per schema attribute.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountForm {
    pub identity: Ref,
    pub native_identity: String,
    pub display_name: String,
    /// Write-only; never shown back, never kept.
    pub password: String,
    /// Empty means "not said" (the server's default).
    pub active: Option<bool>,
    /// By attribute name; multi-valued ones one value per line.
    pub values: BTreeMap<String, String>,
}

/// A message for one field of the form (`identity`, `nativeIdentity`, or an attribute name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

fn err(field: &str, message: String) -> FieldError {
    FieldError {
        field: field.to_string(),
        message,
    }
}

/// The account payload for `POST /Accounts` (no `current`) or `PUT /Accounts/{id}` (with
/// the account as read), checked against the application's schema: the identity and the
/// native identity are there, every required attribute has a value, every value has the
/// attribute's type (and is one of its canonical values when it has some), and on update
/// nothing immutable changes. On any error nothing is built: every message is returned.
pub fn build_account(
    app: &App,
    schema: &Schema,
    form: &AccountForm,
    current: Option<&Value>,
) -> Result<Value, Vec<FieldError>> {
    let mut errs = Vec::new();
    let creating = current.is_none();
    if form.identity.value.trim().is_empty() {
        errs.push(err(
            "identity",
            "Choose the identity this account belongs to.".into(),
        ));
    }
    let native = form.native_identity.trim();
    if native.is_empty() {
        errs.push(err(
            "nativeIdentity",
            "Enter the native identity: the account's id on the application.".into(),
        ));
    }
    if let Some(c) = current {
        if c.get("nativeIdentity").and_then(Value::as_str) != Some(native) && !native.is_empty() {
            errs.push(err(
                "nativeIdentity",
                "The native identity cannot change once the account exists.".into(),
            ));
        }
    }
    let ext_key = account_schema_id(&app.name);
    let old_ext = current
        .and_then(|c| c.get(&ext_key))
        .and_then(Value::as_object);
    let mut ext = Map::new();
    for a in &schema.attrs {
        let editable = if creating {
            a.on_create()
        } else {
            a.on_update()
        };
        if !editable {
            // Kept as read on update (a PUT replaces the whole account), never invented.
            if let (Some(old), false, true) =
                (old_ext, creating, a.mutability != Mutability::ReadOnly)
            {
                if let Some(v) = old.get(&a.name) {
                    ext.insert(a.name.clone(), v.clone());
                }
            }
            continue;
        }
        let raw = form.values.get(&a.name).map(String::as_str).unwrap_or("");
        match read_value(a, raw) {
            Err(m) => errs.push(err(&a.name, m)),
            Ok(None) if a.required => errs.push(err(
                &a.name,
                format!("{} is required by this application.", a.name),
            )),
            Ok(None) => {}
            Ok(Some(v)) => {
                ext.insert(a.name.clone(), v);
            }
        }
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let mut body = Map::new();
    body.insert(
        "schemas".into(),
        Value::from(vec![ACCOUNT_URN.to_string(), ext_key.clone()]),
    );
    let mut identity = Map::new();
    identity.insert("value".into(), Value::from(form.identity.value.trim()));
    if !form.identity.display.is_empty() {
        identity.insert(
            "displayName".into(),
            Value::from(form.identity.display.clone()),
        );
    }
    body.insert("identity".into(), Value::Object(identity));
    let mut application = Map::new();
    application.insert("value".into(), Value::from(app.id.clone()));
    application.insert("displayName".into(), Value::from(app.name.clone()));
    body.insert("application".into(), Value::Object(application));
    body.insert("nativeIdentity".into(), Value::from(native));
    if !form.display_name.trim().is_empty() {
        body.insert("displayName".into(), Value::from(form.display_name.trim()));
    }
    if !form.password.is_empty() {
        body.insert("password".into(), Value::from(form.password.clone()));
    }
    if let Some(a) = form.active {
        body.insert("active".into(), Value::Bool(a));
    }
    body.insert(ext_key, Value::Object(ext));
    Ok(Value::Object(body))
}

/// The form filled from an account as read, for editing (the password stays empty).
pub fn form_of(account: &Value, schema: &Schema) -> AccountForm {
    let ext = extension(account).map(|(_, m)| m);
    let values = schema
        .attrs
        .iter()
        .filter_map(|a| {
            let v = ext?.get(&a.name)?;
            Some((a.name.clone(), shown_value(v, "\n")))
        })
        .collect();
    let id = account.get("identity").cloned().unwrap_or(Value::Null);
    AccountForm {
        identity: Ref {
            value: text(&id, "value"),
            display: {
                let d = text(&id, "displayName");
                if d.is_empty() {
                    text(&id, "userName")
                } else {
                    d
                }
            },
        },
        native_identity: text(account, "nativeIdentity"),
        display_name: text(account, "displayName"),
        password: String::new(),
        active: account.get("active").and_then(Value::as_bool),
        values,
    }
}

/// An account's application extension: the application's name and its attributes.
pub fn extension(account: &Value) -> Option<(&str, &Map<String, Value>)> {
    account
        .as_object()?
        .iter()
        .find_map(|(k, v)| Some((app_of_extension(k)?, v.as_object()?)))
}

/// A value as text: strings bare, lists joined by `sep`, other JSON as written.
pub fn shown_value(v: &Value, sep: &str) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(a) => a
            .iter()
            .map(|x| shown_value(x, ", "))
            .collect::<Vec<_>>()
            .join(sep),
        other => other.to_string(),
    }
}
