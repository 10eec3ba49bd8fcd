//! Routing a SCIM call: Basic auth, the endpoints, the service provider config and lists.

use super::filter::{matches, parse_filter};
use super::*;

impl Iiq {
    /// Answers a call below [`PREFIX`]; `base` is the server's address (for `meta.location`).
    pub fn route(&mut self, req: &ApiRequest, base: &str) -> ApiResponse {
        let header = req.header("Authorization").unwrap_or("");
        if header != BASIC {
            return scim_error(
                401,
                "",
                "Authentication failed: the user name or password is wrong, or none was sent.",
            );
        }
        let root = format!("{}{PREFIX}", base.trim_end_matches('/'));
        let rest = req.path.strip_prefix(PREFIX).unwrap_or("");
        let segs: Vec<String> = rest
            .trim_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .map(decode_component)
            .collect();
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        match (req.method, segs.as_slice()) {
            (Method::Get, ["ServiceProviderConfig"]) => self.config(&root),
            (Method::Get, ["Applications"]) => {
                let items = self.apps.iter().map(|a| self.app_out(a, &root)).collect();
                self.list(req, items, &["name", "type", "id"])
            }
            (Method::Get, ["Applications", id]) => {
                match self.apps.iter().find(|a| a["id"] == *id) {
                    Some(a) => typed(ApiResponse::json(200, &self.app_out(a, &root)), JSON),
                    None => scim_error(404, "noTarget", &format!("No application with id {id}.")),
                }
            }
            (Method::Get, ["Schemas"]) => {
                let items = self
                    .schemas
                    .iter()
                    .map(|(n, a)| schema_out(n, a, &root))
                    .collect();
                self.list(req, items, &[])
            }
            (Method::Get, ["Schemas", id]) => {
                let found = id
                    .strip_prefix(APP_PREFIX)
                    .and_then(|r| r.strip_suffix(":account"))
                    .and_then(|n| self.schema_of(n).map(|a| schema_out(n, a, &root)));
                match found {
                    Some(s) => typed(ApiResponse::json(200, &s), JSON),
                    None => scim_error(404, "noTarget", &format!("No schema with id {id}.")),
                }
            }
            (Method::Get, ["Users"]) => {
                let items = self
                    .users
                    .iter()
                    .map(|u| {
                        let mut u = u.clone();
                        u["schemas"] = json!(["urn:ietf:params:scim:schemas:core:2.0:User"]);
                        u["meta"] = json!({"resourceType": "User", "location": format!("{root}/Users/{}", u["id"].as_str().unwrap_or(""))});
                        u
                    })
                    .collect();
                self.list(req, items, &["userName", "displayName"])
            }
            (Method::Get, ["Accounts"]) => {
                let items = self
                    .accounts
                    .iter()
                    .map(|a| account_out(a, &root))
                    .collect();
                self.list(
                    req,
                    items,
                    &[
                        "application.value",
                        "application.displayName",
                        "displayName",
                        "nativeIdentity",
                        "identity.value",
                        "identity.userName",
                        "id",
                    ],
                )
            }
            (Method::Post, ["Accounts"]) => self.write(req, None, &root),
            (Method::Get, ["Accounts", id]) => {
                match self.accounts.iter().find(|a| a["id"] == *id) {
                    Some(a) => typed(ApiResponse::json(200, &account_out(a, &root)), JSON),
                    None => scim_error(404, "noTarget", &format!("No account with id {id}.")),
                }
            }
            (Method::Put, ["Accounts", id]) => {
                let id = id.to_string();
                self.write(req, Some(&id), &root)
            }
            (Method::Delete, ["Accounts", id]) => {
                let before = self.accounts.len();
                self.accounts.retain(|a| a["id"] != *id);
                if self.accounts.len() == before {
                    scim_error(404, "noTarget", &format!("No account with id {id}."))
                } else {
                    ApiResponse {
                        status: 204,
                        headers: vec![],
                        body: String::new(),
                    }
                }
            }
            (
                _,
                ["Accounts"]
                | ["Accounts", _]
                | ["Applications"]
                | ["Applications", _]
                | ["Schemas"]
                | ["Schemas", _]
                | ["ServiceProviderConfig"]
                | ["Users"],
            ) => scim_error(
                405,
                "",
                &format!("{} is not supported on {}.", req.method, req.path),
            ),
            _ => scim_error(404, "noTarget", &format!("No resource at {}.", req.path)),
        }
    }

    fn config(&self, root: &str) -> ApiResponse {
        let cfg = json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "documentationUri": "https://community.sailpoint.com/",
            "patch": {"supported": false},
            "etag": {"supported": false},
            "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": true, "maxResults": MAX_RESULTS},
            "changePassword": {"supported": true},
            "sort": {"supported": true},
            "authenticationSchemes": {
                "name": "HTTP Basic",
                "description": "Authentication Scheme using the Http Basic Standard.",
                "specUri": "http://www.ietf.org/rfc/rfc2617.txt",
                "type": "httpbasic"
            },
            "meta": {"location": format!("{root}/ServiceProviderConfig"), "resourceType": "ServiceProviderConfig"}
        });
        // The description's shape: a ListResponse holding the configuration.
        typed(
            ApiResponse::json(
                200,
                &json!({"totalResults": 1, "startIndex": 1, "schemas": [LIST_URN], "Resources": [cfg]}),
            ),
            SCIM_JSON,
        )
    }

    fn app_out(&self, a: &Value, root: &str) -> Value {
        let mut a = a.clone();
        let id = a["id"].as_str().unwrap_or("").to_string();
        let schema = a["applicationSchemas"]["value"]
            .as_str()
            .unwrap_or("")
            .to_string();
        a["applicationSchemas"]["$ref"] = json!(format!("{root}/Schemas/{schema}"));
        a["owner"]["$ref"] = json!(format!(
            "{root}/Users/{}",
            a["owner"]["value"].as_str().unwrap_or("")
        ));
        a["meta"] = json!({
            "created": "2026-01-05T08:00:00Z", "lastModified": "2026-01-05T08:00:00Z",
            "location": format!("{root}/Applications/{id}"), "resourceType": "Application",
            "version": "W\"1767600000000\""
        });
        a["schemas"] = json!(["urn:ietf:params:scim:schemas:sailpoint:1.0:Application"]);
        a
    }

    /// A page of `items`: `filter` (parts joined by `and`, on the `allowed` attributes),
    /// `sortBy`/`sortOrder`, `startIndex` (1-based) and `count`.
    fn list(&self, req: &ApiRequest, mut items: Vec<Value>, allowed: &[&str]) -> ApiResponse {
        let q = |k: &str| {
            req.query
                .iter()
                .rev()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
        };
        if let Some(f) = q("filter").filter(|f| !f.trim().is_empty()) {
            match parse_filter(&f, allowed) {
                Ok(c) => items.retain(|i| matches(i, &c)),
                Err(why) => {
                    return scim_error(400, "invalidFilter", &format!("Invalid filter: {why}."))
                }
            }
        }
        if let Some(by) = q("sortBy").filter(|s| !s.is_empty()) {
            let desc = match q("sortOrder").as_deref() {
                None | Some("ascending") => false,
                Some("descending") => true,
                Some(o) => {
                    return scim_error(
                        400,
                        "invalidValue",
                        &format!("sortOrder is ascending or descending, not {o}."),
                    )
                }
            };
            let key = |v: &Value| {
                lookup(v, &by)
                    .map(|x| {
                        x.as_str()
                            .map(str::to_lowercase)
                            .unwrap_or_else(|| x.to_string())
                    })
                    .unwrap_or_default()
            };
            items.sort_by(|a, b| {
                let o = key(a).cmp(&key(b));
                if desc {
                    o.reverse()
                } else {
                    o
                }
            });
        }
        let n = |k: &str, d: u64| -> Result<u64, ApiResponse> {
            match q(k) {
                None => Ok(d),
                Some(v) => v.parse::<u64>().map_err(|_| {
                    scim_error(
                        400,
                        "invalidValue",
                        &format!("{k} is a whole number, not {v}."),
                    )
                }),
            }
        };
        let start = match n("startIndex", 1) {
            Ok(s) => s.max(1),
            Err(r) => return r,
        };
        let count = match n("count", MAX_RESULTS) {
            Ok(c) => c.min(MAX_RESULTS),
            Err(r) => return r,
        };
        let total = items.len();
        let page: Vec<Value> = items
            .into_iter()
            .skip(start as usize - 1)
            .take(count as usize)
            .collect();
        typed(
            ApiResponse::json(
                200,
                &json!({"totalResults": total, "startIndex": start, "itemsPerPage": page.len(), "schemas": [LIST_URN], "Resources": page}),
            ),
            SCIM_JSON,
        )
    }
}
