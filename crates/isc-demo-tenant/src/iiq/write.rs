//! Creating and updating accounts, with the checks the application's schema asks for.

use super::*;

impl Iiq {
    /// `POST /Accounts` (`id` none) or `PUT /Accounts/{id}`.
    pub(super) fn write(&mut self, req: &ApiRequest, id: Option<&str>, root: &str) -> ApiResponse {
        let old = match id {
            None => None,
            Some(id) => match self.accounts.iter().find(|a| a["id"] == id) {
                Some(a) => Some(a.clone()),
                None => return scim_error(404, "noTarget", &format!("No account with id {id}.")),
            },
        };
        let Some(body) = req
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str::<Value>(b).ok())
            .filter(Value::is_object)
        else {
            return scim_error(400, "invalidSyntax", "The body is not a JSON object.");
        };
        let refs = |k: &str| {
            body.get(k)
                .and_then(|o| o.get("value"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let (user_id, app_id) = (refs("identity"), refs("application"));
        let user = match find_ref(&self.users, &user_id, "identity") {
            Ok(u) => u,
            Err(r) => return r,
        };
        let app = match find_ref(&self.apps, &app_id, "application") {
            Ok(a) => a,
            Err(r) => return r,
        };
        let app_name = app["name"].as_str().unwrap_or_default().to_string();
        let native = body
            .get("nativeIdentity")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string();
        if native.is_empty() {
            return scim_error(400, "invalidValue", "nativeIdentity is required.");
        }
        if let Some(o) = &old {
            if o["nativeIdentity"] != native.as_str() {
                return scim_error(400, "mutability", "nativeIdentity is immutable.");
            }
            if o["application"]["value"] != app_id.as_str() {
                return scim_error(400, "mutability", "application is immutable.");
            }
        }
        let ext_key = format!("{APP_PREFIX}{app_name}:account");
        let ext = match body.get(&ext_key) {
            Some(Value::Object(m)) => m.clone(),
            _ => {
                return scim_error(
                    400,
                    "invalidValue",
                    &format!("The account of {app_name} needs its extension object “{ext_key}”."),
                )
            }
        };
        let schema = self.schema_of(&app_name).cloned().unwrap_or_default();
        let old_ext = old
            .as_ref()
            .and_then(|o| o.get(&ext_key))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut kept = Map::new();
        for k in ext.keys() {
            if !schema.iter().any(|a| a["name"] == k.as_str()) {
                return scim_error(
                    400,
                    "invalidValue",
                    &format!("{k} is not an attribute of {app_name}'s account schema."),
                );
            }
        }
        for a in &schema {
            let name = a["name"].as_str().unwrap_or_default();
            let mutability = a["mutability"].as_str().unwrap_or("readWrite");
            let given = ext.get(name).filter(|v| !v.is_null());
            if mutability == "readOnly" {
                if given.is_some() {
                    return scim_error(400, "mutability", &format!("{name} is read-only."));
                }
                if let Some(v) = old_ext.get(name) {
                    kept.insert(name.into(), v.clone());
                }
                continue;
            }
            if mutability == "immutable" && old.is_some() && given != old_ext.get(name) {
                return scim_error(
                    400,
                    "mutability",
                    &format!("{name} is immutable: it was set when the account was made."),
                );
            }
            match given {
                None if a["required"] == true => {
                    return scim_error(
                        400,
                        "invalidValue",
                        &format!("{name} is required for accounts of {app_name}."),
                    )
                }
                None => {}
                Some(v) => {
                    if let Err(why) = check_type(a, v) {
                        return scim_error(400, "invalidValue", &format!("{name}: {why}"));
                    }
                    kept.insert(name.into(), v.clone());
                }
            }
        }
        let taken = self.accounts.iter().any(|a| {
            a["application"]["value"] == app_id.as_str()
                && a["nativeIdentity"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(&native))
                && Some(a["id"].as_str().unwrap_or("")) != id
        });
        if taken {
            return scim_error(
                409,
                "uniqueness",
                &format!("An account {native} exists already on {app_name}."),
            );
        }
        let now = self.now();
        let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
        let flag = |k: &str, d: bool| body.get(k).and_then(Value::as_bool).unwrap_or(d);
        if let Some(o) = &old {
            if flag("locked", false) && o["locked"] != true {
                return scim_error(
                    400,
                    "mutability",
                    "An account can be unlocked through SCIM, not locked.",
                );
            }
        }
        let acc_id = match id {
            Some(i) => i.to_string(),
            None => self.id(),
        };
        let created = old
            .as_ref()
            .and_then(|o| o["created"].as_str().map(str::to_string))
            .unwrap_or_else(|| now.clone());
        let mut acc = json!({
            "id": acc_id,
            "identity": {"value": user["id"], "userName": user["userName"], "displayName": user["displayName"]},
            "application": {"value": app["id"], "displayName": app_name},
            "nativeIdentity": native,
            "active": flag("active", old.as_ref().and_then(|o| o["active"].as_bool()).unwrap_or(true)),
            "locked": flag("locked", old.as_ref().and_then(|o| o["locked"].as_bool()).unwrap_or(false)),
            "manuallyCorrelated": true,
            "hasEntitlements": kept.contains_key("memberOf"),
            ext_key: kept,
            "created": created, "lastModified": now
        });
        if let Some(d) = text("displayName").filter(|d| !d.trim().is_empty()) {
            acc["displayName"] = json!(d);
        }
        // `password` is write-only: taken, never kept or returned.
        let out = account_out(&acc, root);
        match id {
            None => {
                self.accounts.push(acc);
                let loc = out["meta"]["location"].as_str().unwrap_or("").to_string();
                typed(ApiResponse::json(201, &out), JSON).with_header("Location", loc)
            }
            Some(id) => {
                if let Some(slot) = self.accounts.iter_mut().find(|a| a["id"] == id) {
                    *slot = acc;
                }
                typed(ApiResponse::json(200, &out), JSON)
            }
        }
    }
}

/// The identity or application an account names by `value`, or the SCIM error for it.
fn find_ref(list: &[Value], id: &str, what: &str) -> Result<Value, ApiResponse> {
    match list.iter().find(|x| x["id"] == id) {
        Some(x) => Ok(x.clone()),
        None if id.is_empty() => Err(scim_error(
            400,
            "invalidValue",
            &format!("{what}.value is required."),
        )),
        None => Err(scim_error(
            400,
            "invalidValue",
            &format!("No {what} with id {id}."),
        )),
    }
}

fn check_type(a: &Value, v: &Value) -> Result<(), String> {
    let multi = a["multiValued"] == true;
    let values: Vec<&Value> = match (multi, v) {
        (true, Value::Array(xs)) => xs.iter().collect(),
        (true, _) => return Err("is multi-valued: send a list".into()),
        (false, Value::Array(_)) => return Err("takes one value, not a list".into()),
        (false, x) => vec![x],
    };
    let kind = a["type"].as_str().unwrap_or("string");
    let canonical: Vec<&str> = a["canonicalValues"]
        .as_array()
        .map(|c| c.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for x in values {
        let ok = match kind {
            "boolean" => x.is_boolean(),
            "integer" => x.is_i64() || x.is_u64(),
            "decimal" => x.is_number(),
            "dateTime" => x.as_str().is_some_and(isc_core::iiq::is_date_time),
            _ => x.is_string(),
        };
        if !ok {
            return Err(format!("{x} is not a {kind}"));
        }
        if let Some(s) = x.as_str() {
            if !canonical.is_empty() && !canonical.contains(&s) {
                return Err(format!("“{s}” is not one of {}", canonical.join(", ")));
            }
        }
    }
    Ok(())
}
