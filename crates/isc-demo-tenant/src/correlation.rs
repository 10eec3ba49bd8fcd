//! Account correlation as the descriptions say it is set and used: a source's correlation
//! config (`GET`/`PUT …/sources/{id}/correlation-config`; property = identity attribute, value =
//! account attribute), the tenant's identity attributes (`GET …/identity-attributes`), and an
//! aggregation correlating the source's uncorrelated accounts with them
//! (`isc_core::correlation::owner`).

use super::*;
use isc_core::correlation::{owner, pairs_of};

/// The demo's identity attributes: (technical name, display name).
const IDENTITY_ATTRIBUTES: [(&str, &str); 5] = [
    ("uid", "Username"),
    ("email", "Email"),
    ("displayName", "Display Name"),
    ("firstname", "First Name"),
    ("lastname", "Last Name"),
];

/// An identity's value of identity attribute `name`.
fn identity_value(identity: &Value, name: &str) -> Option<String> {
    let full = identity["name"].as_str().unwrap_or("");
    let v = match name {
        "uid" => identity["alias"].as_str()?.to_string(),
        "email" => identity["email"].as_str()?.to_string(),
        "displayName" => full.to_string(),
        "firstname" => full.split_once(' ').map_or(full, |(f, _)| f).to_string(),
        "lastname" => full.split_once(' ').map_or("", |(_, l)| l).to_string(),
        _ => return None,
    };
    Some(v)
}

impl DemoTenant {
    /// The calls of this area; `None` for another area's.
    pub(crate) fn route_correlation(
        &mut self,
        req: &ApiRequest,
        segs: &[&str],
    ) -> Option<ApiResponse> {
        Some(match (req.method, segs) {
            (Method::Get, ["identity-attributes"]) => {
                let list: Vec<Value> = IDENTITY_ATTRIBUTES
                    .iter()
                    .map(|(n, d)| json!({"name": n, "displayName": d, "standard": true, "type": "string", "multi": false, "searchable": true, "system": false, "sources": []}))
                    .collect();
                ApiResponse::json(200, &Value::Array(list))
            }
            (Method::Get, ["sources", id, "correlation-config"]) => match self.correlation_of(id) {
                Ok(c) => ApiResponse::json(200, &c),
                Err(r) => r,
            },
            (Method::Put, ["sources", id, "correlation-config"]) => self.put_correlation(req, id),
            _ => return None,
        })
    }

    /// Source `id`'s correlation config, made empty the first time it is read.
    fn correlation_of(&mut self, id: &str) -> Result<Value, ApiResponse> {
        let source = self.source(id)?;
        if let Some(c) = self.correlation.get(id) {
            return Ok(c.clone());
        }
        let c = json!({
            "id": self.new_id(),
            "name": format!("{} Account Correlation", source["name"].as_str().unwrap_or("")),
            "attributeAssignments": [],
        });
        self.correlation.insert(id.to_string(), c.clone());
        Ok(c)
    }

    /// `PUT …/correlation-config`: every assignment names a known identity attribute and an
    /// account attribute, with the `EQ` operation; the config keeps its id and name, and the
    /// source refers to it.
    fn put_correlation(&mut self, req: &ApiRequest, id: &str) -> ApiResponse {
        let old = match self.correlation_of(id) {
            Ok(c) => c,
            Err(r) => return r,
        };
        let Ok(body @ Value::Object(_)) =
            serde_json::from_str::<Value>(req.body.as_deref().unwrap_or(""))
        else {
            return self.bad_request("The body must be a correlation config (a JSON object).");
        };
        let list = match &body["attributeAssignments"] {
            Value::Null => vec![],
            Value::Array(l) => l.clone(),
            _ => return self.bad_request("attributeAssignments must be a list"),
        };
        for a in &list {
            let property = a["property"].as_str().unwrap_or("");
            if !IDENTITY_ATTRIBUTES.iter().any(|(n, _)| *n == property) {
                return self
                    .bad_request(&format!("property {property} is not an identity attribute"));
            }
            if a["value"].as_str().is_none_or(str::is_empty) {
                return self.bad_request(
                    "Every attribute assignment needs a value (an account attribute)",
                );
            }
            if !a["operation"].is_null() && a["operation"] != "EQ" {
                return self.bad_request("operation must be EQ");
            }
        }
        let c = json!({"id": old["id"], "name": old["name"], "attributeAssignments": list});
        self.correlation.insert(id.to_string(), c.clone());
        if let Some(s) = self.sources.iter_mut().find(|s| s["id"] == id) {
            s["accountCorrelationConfig"] =
                json!({"type": "ACCOUNT_CORRELATION_CONFIG", "id": c["id"], "name": c["name"]});
        }
        ApiResponse::json(200, &c)
    }

    /// Correlates the source's uncorrelated accounts by its correlation config; how many
    /// found their identity.
    pub(crate) fn correlate_source(&mut self, sid: &str) -> usize {
        let Some(config) = self.correlation.get(sid) else {
            return 0;
        };
        let pairs = pairs_of(config);
        if pairs.is_empty() {
            return 0;
        }
        let mut n = 0;
        for i in 0..self.accounts.len() {
            let a = &self.accounts[i];
            if a["sourceId"] != sid || !a["identityId"].is_null() {
                continue;
            }
            let attrs = a["attributes"].as_object().cloned().unwrap_or_default();
            let Some(who) = owner(&pairs, &attrs, &self.identities, identity_value).cloned() else {
                continue;
            };
            let a = &mut self.accounts[i];
            a["identityId"] = who["id"].clone();
            a["identity"] = json!({"type": "IDENTITY", "id": who["id"], "name": who["name"]});
            a["identityState"] = json!("ACTIVE");
            a["cloudLifecycleState"] = json!("active");
            a["uncorrelated"] = json!(false);
            n += 1;
        }
        if n > 0 {
            self.count_profile_identities();
        }
        n
    }
}
