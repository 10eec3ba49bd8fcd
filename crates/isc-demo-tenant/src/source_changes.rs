//! Changing a source after it is made, as the descriptions say: `PATCH …/sources/{id}` (JSON
//! Patch; `id`, `type`, `authoritative`, `created`, `modified`, `connector`, `connectorClass`
//! and `passwordPolicies` cannot change), `DELETE …/sources/{id}` (refused while an identity
//! profile reads the source; else a task that removes its accounts, then the source) and
//! `POST …/sources/{id}/remove-accounts` (a task that removes every account of the source from
//! ISC, not from the system it reads).

use super::*;
use crate::accounts::Effect;

impl DemoTenant {
    /// What is wrong with a source's settings, if anything: the delete threshold, the features,
    /// the cluster and the management workgroup (the checks a create and a change share).
    pub(crate) fn settings_problem(&self, body: &Value) -> Option<String> {
        if let Some(t) = body.get("deleteThreshold").filter(|v| !v.is_null()) {
            if !t.as_i64().is_some_and(|t| (0..=100).contains(&t)) {
                return Some("deleteThreshold must be an integer from 0 to 100".into());
            }
        }
        if let Some(fs) = body.get("features").and_then(|f| f.as_array()) {
            for f in fs {
                if !f
                    .as_str()
                    .is_some_and(|f| isc_core::source_form::SOURCE_FEATURES.contains(&f))
                {
                    return Some(format!("Unknown source feature {f}"));
                }
            }
        }
        for field in ["cluster", "managementWorkgroup"] {
            if let Some(id) = body[field]["id"].as_str() {
                let list = if field == "cluster" {
                    &self.clusters
                } else {
                    &self.workgroups
                };
                if !list.iter().any(|x| x["id"] == id) {
                    return Some(format!("{field} {id} does not exist"));
                }
            }
        }
        None
    }

    /// `PATCH …/sources/{id}`: every operation applied to a copy, the copy checked as a create
    /// is, then stored; the owner's name and the source's name where accounts and profiles
    /// show it follow.
    pub(crate) fn patch_source(&mut self, req: &ApiRequest, id: &str, now_ms: u64) -> ApiResponse {
        let i = match self.source_index(id) {
            Ok(i) => i,
            Err(r) => return r,
        };
        let ops = match self.patch_ops(req) {
            Ok(ops) => ops,
            Err(r) => return r,
        };
        let mut s = self.sources[i].clone();
        for op in &ops {
            let path = op["path"].as_str().unwrap_or("");
            let field = path.trim_start_matches('/').split('/').next().unwrap_or("");
            if isc_core::source_settings::locked(field).is_some() {
                return self.bad_request(&format!("{field} is immutable and cannot be modified"));
            }
            if let Err(why) = crate::patch::apply(&mut s, op) {
                return self.bad_request(&why);
            }
        }
        let name = s["name"].as_str().unwrap_or("").trim().to_string();
        if name.is_empty() || name.chars().count() > 128 {
            return self.bad_request("name is required and at most 128 characters");
        }
        if self.sources.iter().any(|o| {
            o["id"] != id
                && o["name"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(&name))
        }) {
            return self.bad_request(&format!("A source named {name} already exists"));
        }
        let Some(owner) = self
            .identities
            .iter()
            .find(|p| s["owner"]["id"].as_str().is_some_and(|o| p["id"] == o))
            .cloned()
        else {
            return self.bad_request("owner must be an identity of the tenant");
        };
        if let Some(why) = self.settings_problem(&s) {
            return self.bad_request(&why);
        }
        s["owner"] = json!({"type": "IDENTITY", "id": owner["id"], "name": owner["name"]});
        s["modified"] = json!(crate::accounts::stamp(now_ms));
        for a in self.accounts.iter_mut().filter(|a| a["sourceId"] == id) {
            a["sourceName"] = json!(name);
        }
        for p in self
            .identity_profiles
            .iter_mut()
            .filter(|p| p["authoritativeSource"]["id"] == id)
        {
            p["authoritativeSource"]["name"] = json!(name);
        }
        self.sources[i] = s.clone();
        ApiResponse::json(200, &s)
    }

    /// `DELETE …/sources/{id}`: refused while an identity profile reads the source; else a task
    /// (`TASK_RESULT`) that removes the source's accounts, then the source.
    pub(crate) fn delete_source(&mut self, id: &str, now_ms: u64) -> ApiResponse {
        let source = match self.source(id) {
            Ok(s) => s,
            Err(r) => return r,
        };
        let name = source["name"].as_str().unwrap_or("").to_string();
        if let Some(p) = self
            .identity_profiles
            .iter()
            .find(|p| p["authoritativeSource"]["id"] == id)
        {
            let profile = p["name"].as_str().unwrap_or("").to_string();
            return self.bad_request(&format!(
                "Source {name} cannot be deleted: it is the authoritative source of identity profile {profile}"
            ));
        }
        let task = self.start_source_task(
            "Delete Source",
            &source,
            Effect::DeleteSource(id.into()),
            now_ms,
        );
        ApiResponse::json(
            202,
            &json!({"type": "TASK_RESULT", "id": task, "name": null}),
        )
    }

    /// `POST …/sources/{id}/remove-accounts`: a task (`TASK_RESULT`) that removes every account
    /// of the source from ISC.
    pub(crate) fn remove_source_accounts(&mut self, id: &str, now_ms: u64) -> ApiResponse {
        let source = match self.source(id) {
            Ok(s) => s,
            Err(r) => return r,
        };
        let task = self.start_source_task(
            "Remove Accounts",
            &source,
            Effect::RemoveAccounts(id.into()),
            now_ms,
        );
        ApiResponse::json(
            202,
            &json!({"type": "TASK_RESULT", "id": task, "name": null}),
        )
    }

    /// A task on a source (its target the source), taking effect when it completes.
    fn start_source_task(
        &mut self,
        name: &str,
        source: &Value,
        effect: Effect,
        now_ms: u64,
    ) -> String {
        let sid = source["id"].as_str().unwrap_or("");
        let task = self.start_task(name, sid, effect, now_ms);
        if let Some(t) = self.tasks.get_mut(&task) {
            t.status["target"] = json!({"id": sid, "type": "SOURCE", "name": source["name"]});
            t.status["description"] =
                json!(format!("{name}: {}", source["name"].as_str().unwrap_or("")));
        }
        task
    }

    /// Removes every account of source `id`; how many there were.
    pub(crate) fn drop_source_accounts(&mut self, id: &str) -> usize {
        let before = self.accounts.len();
        self.accounts.retain(|a| a["sourceId"] != id);
        let n = before - self.accounts.len();
        self.count_profile_identities();
        n
    }
}
