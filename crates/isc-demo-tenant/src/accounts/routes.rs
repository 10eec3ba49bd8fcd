//! The account and task-status endpoints.

use super::build::{account_value, coerce_to_schema};
use super::*;

impl DemoTenant {
    pub(crate) fn flat_file(source: &Value) -> bool {
        source["type"] == "DelimitedFile" || source["connector"] == "delimited-file"
    }

    pub(crate) fn route_accounts(
        &mut self,
        req: &ApiRequest,
        segs: &[&str],
        now_ms: u64,
    ) -> Option<ApiResponse> {
        self.settle(now_ms);
        let body = || {
            serde_json::from_str::<Value>(req.body.as_deref().unwrap_or("")).unwrap_or(Value::Null)
        };
        Some(match (req.method, segs) {
            (Method::Get, ["accounts"]) => {
                let slim = req
                    .query
                    .iter()
                    .any(|(k, v)| k == "detailLevel" && v == "SLIM");
                fn slim_shape(a: &mut Value) {
                    if let Some(o) = a.as_object_mut() {
                        for k in [
                            "attributes",
                            "sourceOwner",
                            "features",
                            "recommendation",
                            "ownerIdentity",
                            "uuid",
                        ] {
                            o.remove(k);
                        }
                    }
                }
                // Filtered and sorted by reference: only the page sent is copied.
                let all = std::mem::take(&mut self.accounts);
                let refs: Vec<&Value> = all.iter().collect();
                let r = self.list_with(
                    refs,
                    req,
                    &ACCOUNT_LIST,
                    if slim { slim_shape } else { |_| {} },
                );
                self.accounts = all;
                r
            }
            (Method::Post, ["accounts"]) => {
                let b = body();
                let Some(attrs) = b["attributes"].as_object().cloned() else {
                    return Some(
                        self.bad_request("The body must be {\"attributes\": {\"sourceId\": …, …}}"),
                    );
                };
                let sid = attrs
                    .get("sourceId")
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string();
                let Some(source) = self
                    .sources
                    .iter()
                    .find(|s| s["id"] == sid.as_str())
                    .cloned()
                else {
                    return Some(self.bad_request(&format!(
                        "Source {sid} was not found; sourceId must be the source's id"
                    )));
                };
                let schema = self.account_schema(&sid);
                let id_attr = schema["identityAttribute"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                // A new flat file has no account attributes until they are defined.
                if id_attr.is_empty() {
                    return Some(self.bad_request(&format!(
                        "Source {} has no identity attribute in its account schema: define the account schema first",
                        source["name"].as_str().unwrap_or("")
                    )));
                }
                let mut attrs = attrs;
                attrs.remove("sourceId");
                // Values arrive as text (the create call declares strings): stored as the
                // schema's type says, as aggregated accounts are.
                coerce_to_schema(&mut attrs, &schema);
                if !id_attr.is_empty() && attrs.get(&id_attr).is_none_or(|v| v.is_null() || v == "")
                {
                    return Some(self.bad_request(&format!(
                        "Required attribute {id_attr} (the identity attribute of {}) is missing",
                        source["name"].as_str().unwrap_or("")
                    )));
                }
                let native = attrs[&id_attr]
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| attrs[&id_attr].to_string());
                // A create still pending counts: a second create of the same account sent
                // before the first task ran (a resend after a lost answer) is refused too.
                let same = |a: &Value| {
                    a["sourceId"] == sid.as_str() && a["nativeIdentity"] == native.as_str()
                };
                let pending = self
                    .tasks
                    .values()
                    .any(|t| matches!(&t.effect, Some(Effect::Create(a)) if same(a)));
                if pending || self.accounts.iter().any(same) {
                    return Some(self.bad_request(&format!(
                        "An account {native} already exists on this source"
                    )));
                }
                let acc = account_value(
                    self,
                    &source,
                    &schema,
                    attrs,
                    None,
                    false,
                    false,
                    now_ms.max(1),
                );
                let task = self.start_task("Create Account", &native, Effect::Create(acc), now_ms);
                ApiResponse::json(202, &json!({"id": task}))
            }
            (Method::Get, ["accounts", id]) => {
                match self.accounts.iter().find(|a| a["id"] == *id) {
                    Some(a) => ApiResponse::json(200, a),
                    None => self.not_found(&format!("Account {id} was not found.")),
                }
            }
            (Method::Get, ["accounts", id, "entitlements"]) => {
                let Some(a) = self.accounts.iter().find(|a| a["id"] == *id).cloned() else {
                    return Some(self.not_found(&format!("Account {id} was not found.")));
                };
                let ents = self.account_entitlements(&a);
                self.list(
                    ents,
                    req,
                    &ListSpec {
                        filters: &[],
                        sorters: &[],
                    },
                )
            }
            (Method::Put | Method::Delete | Method::Patch, ["accounts", id]) => {
                let id = id.to_string();
                let Some(a) = self
                    .accounts
                    .iter()
                    .find(|a| a["id"] == id.as_str())
                    .cloned()
                else {
                    return Some(self.not_found(&format!("Account {id} was not found.")));
                };
                let source = self
                    .sources
                    .iter()
                    .find(|s| s["id"] == a["sourceId"])
                    .cloned()
                    .unwrap_or(Value::Null);
                let flat = Self::flat_file(&source);
                match req.method {
                    Method::Put | Method::Delete if !flat => {
                        let what = if req.method == Method::Put {
                            "update"
                        } else {
                            "delete"
                        };
                        return Some(self.bad_request(&format!(
                            "Unable to {what} account {id}: only accounts on a DelimitedFile source can be {what}d through the API; {} is {}",
                            source["name"].as_str().unwrap_or(""),
                            source["type"].as_str().unwrap_or("")
                        )));
                    }
                    Method::Put => {
                        let Some(attrs) = body()["attributes"].as_object().cloned() else {
                            return Some(
                                self.bad_request("The body must be {\"attributes\": {…}}"),
                            );
                        };
                        let task = self.start_task(
                            "Update Account",
                            &id,
                            Effect::Replace(id.clone(), attrs),
                            now_ms,
                        );
                        ApiResponse::json(202, &json!({"id": task}))
                    }
                    Method::Delete => {
                        let task = self.start_task(
                            "Delete Account",
                            &id,
                            Effect::Delete(id.clone()),
                            now_ms,
                        );
                        ApiResponse::json(202, &json!({"id": task}))
                    }
                    _ => {
                        if !req
                            .header("Content-Type")
                            .unwrap_or("")
                            .starts_with(isc_core::http::JSON_PATCH)
                        {
                            return Some(self.error(
                                405,
                                "405 Method Not Allowed",
                                "The request method is not supported for this resource.",
                                &[format!(
                                    "PATCH needs Content-Type {}",
                                    isc_core::http::JSON_PATCH
                                )],
                            ));
                        }
                        let Value::Array(ops) = body() else {
                            return Some(self.bad_request(
                                "The body must be a JSON array of JSON Patch operations.",
                            ));
                        };
                        for op in &ops {
                            let path = op["path"].as_str().unwrap_or("");
                            let ok = path == "/identityId"
                                || path == "/manuallyCorrelated"
                                || (path.starts_with("/attributes/") && flat);
                            if !ok {
                                return Some(self.bad_request(&format!(
                                    "{path} cannot be changed on account {id}{}",
                                    if path.starts_with("/attributes/") {
                                        ": attributes can be patched only on flat-file accounts"
                                    } else {
                                        ""
                                    }
                                )));
                            }
                        }
                        let task = self.start_task(
                            "Update Account",
                            &id,
                            Effect::Patch(id.clone(), ops),
                            now_ms,
                        );
                        ApiResponse::json(202, &json!({"id": task}))
                    }
                }
            }
            (Method::Post, ["accounts", id, action]) => {
                let id = id.to_string();
                if !self.accounts.iter().any(|a| a["id"] == id.as_str()) {
                    return Some(self.not_found(&format!("Account {id} was not found.")));
                }
                let (name, effect) = match *action {
                    "enable" => (
                        "Enable Account",
                        Effect::Flag(id.clone(), "disabled".into(), false),
                    ),
                    "disable" => (
                        "Disable Account",
                        Effect::Flag(id.clone(), "disabled".into(), true),
                    ),
                    "unlock" => (
                        "Unlock Account",
                        Effect::Flag(id.clone(), "locked".into(), false),
                    ),
                    "reload" => ("Reload Account", Effect::Reload(id.clone())),
                    "remove" => ("Remove Account", Effect::Delete(id.clone())),
                    _ => return Some(self.not_found(&format!("No resource at {}", req.path))),
                };
                let task = self.start_task(name, &id, effect, now_ms);
                ApiResponse::json(202, &json!({"id": task}))
            }
            (Method::Get, ["task-status"]) => {
                // The per-service list holds every task (running ones too, `completionStatus
                // isnull`); the classic one completed tasks only, as each description says.
                // `sourceId` is the task's source.
                let every = req.path.starts_with("/task-status/v1");
                let items: Vec<Value> = self
                    .tasks
                    .values()
                    .filter(|t| every || !t.status["completed"].is_null())
                    .map(|t| {
                        let mut v = t.status.clone();
                        let sid = if v["target"]["type"] == "SOURCE" {
                            v["target"]["id"].clone()
                        } else {
                            Value::Null
                        };
                        v["sourceId"] = sid;
                        v
                    })
                    .collect();
                let spec = if every { &TASK_LIST_V1 } else { &TASK_LIST };
                self.list_with(items, req, spec, |v| {
                    if let Some(o) = v.as_object_mut() {
                        o.remove("sourceId");
                    }
                })
            }
            (Method::Get, ["task-status", id]) => match self.tasks.get(*id) {
                Some(t) => ApiResponse::json(200, &t.status),
                None => self.not_found(&format!("Task {id} was not found.")),
            },
            _ => return None,
        })
    }
}
