//! Tasks: starting one, starting an aggregation, and completing due tasks with their effects.

use super::*;

impl DemoTenant {
    /// Completes due tasks and applies what they do.
    pub(crate) fn settle(&mut self, now_ms: u64) {
        let due: Vec<String> = self
            .tasks
            .iter()
            .filter(|(_, t)| t.effect.is_some() && t.done_at <= now_ms)
            .map(|(k, _)| k.clone())
            .collect();
        for id in due {
            let effect = self.tasks.get_mut(&id).and_then(|t| t.effect.take());
            let message = match effect {
                Some(Effect::Create(a)) => {
                    let m = format!(
                        "Account {} created on {}",
                        a["nativeIdentity"].as_str().unwrap_or(""),
                        a["sourceName"].as_str().unwrap_or("")
                    );
                    self.accounts.push(a);
                    m
                }
                Some(Effect::Replace(acc, attrs)) => {
                    if let Some(a) = self.accounts.iter_mut().find(|a| a["id"] == acc.as_str()) {
                        a["attributes"] = Value::Object(attrs);
                        a["modified"] = json!(stamp(now_ms));
                    }
                    "Account attributes replaced".into()
                }
                Some(Effect::Patch(acc, ops)) => {
                    // A new identityId brings the identity reference and its state with it,
                    // as the tenant shows them on the account.
                    let identity = ops.iter().find(|op| op["path"] == "/identityId").map(|op| {
                        self.identities
                            .iter()
                            .find(|i| i["id"] == op["value"])
                            .map(|i| json!({"type": "IDENTITY", "id": i["id"], "name": i["name"]}))
                            .unwrap_or(Value::Null)
                    });
                    if let Some(a) = self.accounts.iter_mut().find(|a| a["id"] == acc.as_str()) {
                        if let Some(r) = identity {
                            let state = if r.is_null() {
                                Value::Null
                            } else {
                                json!("ACTIVE")
                            };
                            a["identity"] = r;
                            a["identityState"] = state.clone();
                            a["cloudLifecycleState"] = if state.is_null() {
                                state
                            } else {
                                json!("active")
                            };
                        }
                        for op in ops {
                            let path = op["path"].as_str().unwrap_or("");
                            if let Some(name) = path.strip_prefix("/attributes/") {
                                let name = name.replace("~1", "/").replace("~0", "~");
                                if op["op"] == "remove" {
                                    a["attributes"].as_object_mut().map(|m| m.remove(&name));
                                } else {
                                    a["attributes"][name] = op["value"].clone();
                                }
                            } else if path == "/identityId" {
                                a["identityId"] = op["value"].clone();
                                a["uncorrelated"] = json!(op["value"].is_null());
                            } else if path == "/manuallyCorrelated" {
                                a["manuallyCorrelated"] = op["value"].clone();
                            }
                        }
                        a["modified"] = json!(stamp(now_ms));
                    }
                    "Account updated".into()
                }
                Some(Effect::Delete(acc)) => {
                    self.accounts.retain(|a| a["id"] != acc.as_str());
                    "Account deleted".into()
                }
                Some(Effect::Flag(acc, field, v)) => {
                    if let Some(a) = self.accounts.iter_mut().find(|a| a["id"] == acc.as_str()) {
                        a[field.as_str()] = json!(v);
                        a["modified"] = json!(stamp(now_ms));
                    }
                    format!("Account {field} set to {v}")
                }
                Some(effect @ (Effect::Aggregate { .. } | Effect::LoadEntitlements { .. })) => {
                    let (status, counts, messages) = match effect {
                        Effect::Aggregate {
                            source,
                            file,
                            optimize,
                        } => {
                            let (s, c, m) =
                                self.aggregate(&source, file.as_deref(), optimize, now_ms);
                            (s, c.into_iter().map(|(k, v)| (k, json!(v))).collect(), m)
                        }
                        Effect::LoadEntitlements { source, file } => {
                            self.aggregate_entitlements(&source, file.as_deref(), now_ms)
                        }
                        _ => unreachable!("matched above"),
                    };
                    if let Some(t) = self.tasks.get_mut(&id) {
                        t.status["completed"] = json!(stamp(t.done_at));
                        t.status["modified"] = json!(stamp(t.done_at));
                        t.status["completionStatus"] = json!(status);
                        t.status["percentComplete"] = json!(100);
                        t.status["progress"] = json!("Completed");
                        for (k, v) in counts {
                            t.status["attributes"][k] = json!(v);
                        }
                        t.status["messages"] = Value::Array(
                            messages
                                .into_iter()
                                .map(|(kind, text)| json!({"type": kind, "localizedText": {"locale": "en-US", "message": text}, "key": "task.aggregation", "parameters": []}))
                                .collect(),
                        );
                    }
                    continue;
                }
                Some(Effect::Reload(acc)) => {
                    if let Some(a) = self.accounts.iter_mut().find(|a| a["id"] == acc.as_str()) {
                        a["modified"] = json!(stamp(now_ms));
                    }
                    "Account reloaded from the source".into()
                }
                Some(Effect::RemoveAccounts(sid)) => {
                    let n = self.drop_source_accounts(&sid);
                    format!("Removed {} from ISC", isc_core::shown::count(n, "account"))
                }
                Some(Effect::DeleteSource(sid)) => {
                    let n = self.drop_source_accounts(&sid);
                    // The task's target keeps the name when an earlier delete already ran.
                    let name = self
                        .tasks
                        .get(&id)
                        .and_then(|t| t.status["target"]["name"].as_str())
                        .unwrap_or("")
                        .to_string();
                    self.sources.retain(|s| s["id"] != sid.as_str());
                    self.schemas.remove(&sid);
                    self.entitlements.remove(&sid);
                    format!(
                        "Source {name} deleted, with {}",
                        isc_core::shown::count(n, "account")
                    )
                }
                None => continue,
            };
            if let Some(t) = self.tasks.get_mut(&id) {
                t.status["completed"] = json!(stamp(t.done_at));
                t.status["modified"] = json!(stamp(t.done_at));
                t.status["completionStatus"] = json!("SUCCESS");
                t.status["percentComplete"] = json!(100);
                t.status["progress"] = json!("Completed");
                t.status["messages"] = json!([{"type": "INFO", "localizedText": {"locale": "en-US", "message": message}, "key": "task.completed", "parameters": []}]);
            }
        }
    }

    pub(crate) fn start_task(
        &mut self,
        name: &str,
        target: &str,
        effect: Effect,
        now_ms: u64,
    ) -> String {
        let id = self.new_id();
        let status = json!({
            "id": id, "type": "QUARTZ", "uniqueName": format!("{name} {id}"), "description": name,
            "parentName": null, "launcher": "ada.lovelace",
            "target": {"id": target, "type": "ACCOUNT", "name": target},
            "created": stamp(now_ms), "modified": stamp(now_ms), "launched": stamp(now_ms),
            "completed": null, "completionStatus": null, "messages": [], "returns": [], "attributes": {},
            "progress": "Started", "percentComplete": 0, "taskDefinitionSummary": null
        });
        self.tasks.insert(
            id.clone(),
            crate::accounts::Task {
                status,
                done_at: now_ms + TASK_MS,
                effect: Some(effect),
            },
        );
        id
    }

    /// Starts an aggregation of `source`; the `task` of the `LoadAccountsTask` answer.
    pub(crate) fn start_aggregation(
        &mut self,
        source: &Value,
        file: Option<String>,
        optimize: bool,
        now_ms: u64,
    ) -> Value {
        let id = self.new_id();
        let sid = source["id"].as_str().unwrap_or("").to_string();
        let name = "Cloud Account Aggregation";
        let opt = if optimize { "enabled" } else { "disabled" };
        let status = json!({
            "id": id, "type": "QUARTZ", "uniqueName": format!("{name} {id}"),
            "description": format!("Aggregate from {}", source["name"].as_str().unwrap_or("")),
            "parentName": null, "launcher": "ada.lovelace",
            "target": {"id": sid, "type": "SOURCE", "name": source["name"]},
            "created": stamp(now_ms), "modified": stamp(now_ms), "launched": stamp(now_ms),
            "completed": null, "completionStatus": null, "messages": [],
            "returns": RETURNS.iter().map(|(l, a)| json!({"name": l, "attributeName": a})).collect::<Vec<_>>(),
            "attributes": {"appId": sid, "optimizedAggregation": opt},
            "progress": "Started", "percentComplete": 0, "taskDefinitionSummary": null
        });
        self.tasks.insert(
            id.clone(),
            Task {
                status,
                done_at: now_ms + AGGREGATION_MS,
                effect: Some(Effect::Aggregate {
                    source: sid.clone(),
                    file,
                    optimize,
                }),
            },
        );
        json!({
            "id": id, "type": "QUARTZ", "name": name,
            "description": format!("Aggregate from {}", source["name"].as_str().unwrap_or("")),
            "launcher": "ada.lovelace", "created": stamp(now_ms), "launched": stamp(now_ms),
            "completed": null, "completionStatus": null, "parentName": null, "messages": [],
            "progress": "Started", "attributes": {"appId": sid, "optimizedAggregation": opt},
            "returns": RETURNS.iter().map(|(l, a)| json!({"displayLabel": l, "attributeName": a})).collect::<Vec<_>>()
        })
    }
}
