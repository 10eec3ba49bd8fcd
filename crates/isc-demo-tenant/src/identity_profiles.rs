//! Identity profiles: the priority list, its patch (unique priorities, JSON Patch only), and
//! the legacy `/cc/api/profile/list`.

use super::*;

const PROFILE_LIST: ListSpec = ListSpec {
    filters: &[
        ("id", &["eq", "ne", "ge", "gt", "in", "le", "sw"]),
        ("name", &["eq", "ne", "ge", "gt", "in", "le", "sw"]),
        ("priority", &["eq", "ne"]),
    ],
    sorters: &[
        "id",
        "name",
        "priority",
        "created",
        "modified",
        "owner.id",
        "owner.name",
    ],
};

/// Identity-profile fields a PATCH may not change.
const PROFILE_READ_ONLY: [&str; 5] = [
    "/id",
    "/created",
    "/modified",
    "/identityCount",
    "/identityRefreshRequired",
];

impl DemoTenant {
    /// Sets every profile's `identityCount` to the identities it holds: those with an account on
    /// its authoritative source (so the list and the identities agree).
    pub(crate) fn count_profile_identities(&mut self) {
        for p in self.identity_profiles.iter_mut() {
            let source = p["authoritativeSource"]["id"].clone();
            let mut ids: Vec<&str> = self
                .accounts
                .iter()
                .filter(|a| a["sourceId"] == source)
                .filter_map(|a| a["identityId"].as_str())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            p["identityCount"] = json!(ids.len());
        }
    }

    /// The calls of this area (`segs` is the canonical route, see [`crate::paths`]); `None`
    /// for another area's.
    pub(crate) fn route_profiles(
        &mut self,
        req: &ApiRequest,
        segs: &[&str],
        now_ms: u64,
    ) -> Option<ApiResponse> {
        Some(match (req.method, segs) {
            (Method::Get, ["identity-profiles"]) => {
                let items = self.identity_profiles.clone();
                self.list(items, req, &PROFILE_LIST)
            }
            (Method::Get, ["identity-profiles", id]) => {
                match self.identity_profiles.iter().find(|p| p["id"] == *id) {
                    Some(p) => ApiResponse::json(200, p),
                    None => self.not_found(&format!("Identity profile {id} was not found.")),
                }
            }
            (Method::Patch, ["identity-profiles", id]) => {
                let id = id.to_string();
                self.patch_profile(&id, req, now_ms)
            }
            (Method::Get, ["cc", "api", "profile", "list"]) => {
                let legacy: Vec<Value> = self
                    .identity_profiles
                    .iter()
                    .map(|p| json!({"id": p["id"], "name": p["name"], "priority": p["priority"], "sourceName": p["authoritativeSource"]["name"]}))
                    .collect();
                ApiResponse::json(200, &Value::Array(legacy))
            }
            (_, ["identity-profiles", ..]) => self.method_not_allowed(),
            _ => return None,
        })
    }

    /// `PATCH /identity-profiles/{id}`: JSON Patch only (without
    /// `application/json-patch+json` the tenant answers 405, as admins have seen), every
    /// operation checked before any is applied, and a priority another profile holds refused.
    fn patch_profile(&mut self, id: &str, req: &ApiRequest, now_ms: u64) -> ApiResponse {
        let Some(idx) = self.identity_profiles.iter().position(|p| p["id"] == id) else {
            return self.not_found(&format!("Identity profile {id} was not found."));
        };
        let ct = req.header("Content-Type").unwrap_or("");
        if !ct
            .to_ascii_lowercase()
            .starts_with(isc_core::http::JSON_PATCH)
        {
            return self.error(
                405,
                "405 Method Not Allowed",
                "The request method is not supported for this resource.",
                &[format!(
                    "PATCH needs Content-Type {}, got {}",
                    isc_core::http::JSON_PATCH,
                    if ct.is_empty() { "none" } else { ct }
                )],
            );
        }
        let ops: Vec<Value> = match serde_json::from_str::<Value>(req.body.as_deref().unwrap_or(""))
        {
            Ok(Value::Array(a)) => a,
            _ => {
                return self.bad_request("The body must be a JSON array of JSON Patch operations.")
            }
        };
        let mut updated = self.identity_profiles[idx].clone();
        for op in &ops {
            let kind = op["op"].as_str().unwrap_or("");
            let path = op["path"].as_str().unwrap_or("");
            if !matches!(kind, "replace" | "add") {
                return self.bad_request(&format!("Operation {kind} is not supported on {path}"));
            }
            if PROFILE_READ_ONLY.contains(&path) {
                return self.bad_request(&format!("{} cannot be updated", &path[1..]));
            }
            match path {
                "/priority" => {
                    let Some(v) = op["value"].as_i64() else {
                        return self.bad_request("priority must be an integer");
                    };
                    if let Some(other) = self
                        .identity_profiles
                        .iter()
                        .find(|p| p["id"] != id && p["priority"].as_i64() == Some(v))
                    {
                        let name = other["name"].as_str().unwrap_or("").to_string();
                        return self.bad_request(&format!("Priority {v} is already used by identity profile {name}; priorities must be unique"));
                    }
                    updated["priority"] = json!(v);
                }
                "/name" | "/description" => {
                    let Some(v) = op["value"].as_str() else {
                        return self.bad_request(&format!("{} must be a string", &path[1..]));
                    };
                    updated[&path[1..]] = json!(v);
                }
                _ => {
                    return self
                        .bad_request(&format!("Updating {path} is not supported by this tenant"))
                }
            }
        }
        updated["modified"] = json!(crate::accounts::stamp(now_ms));
        self.identity_profiles[idx] = updated.clone();
        ApiResponse::json(200, &updated)
    }
}
