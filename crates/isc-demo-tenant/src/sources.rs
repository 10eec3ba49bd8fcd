//! Sources: list, read, create, and their schemas.

use super::*;

const SOURCE_LIST: ListSpec = ListSpec {
    filters: &[
        (
            "id",
            &["eq", "in", "ge", "gt", "le", "lt", "ne", "isnull", "sw"],
        ),
        (
            "name",
            &["co", "eq", "in", "sw", "ge", "gt", "ne", "isnull"],
        ),
        ("type", &["eq", "in", "ge", "gt", "ne", "isnull", "sw"]),
        (
            "owner.id",
            &["eq", "in", "ge", "gt", "le", "lt", "ne", "isnull", "sw"],
        ),
        ("features", &["ca", "co"]),
        (
            "created",
            &["eq", "ge", "gt", "in", "le", "lt", "ne", "isnull", "sw"],
        ),
        (
            "modified",
            &["eq", "ge", "gt", "in", "le", "lt", "ne", "isnull", "sw"],
        ),
        (
            "managementWorkgroup.id",
            &["eq", "ge", "gt", "in", "le", "lt", "ne", "isnull", "sw"],
        ),
        ("description", &["eq", "sw"]),
        ("authoritative", &["eq", "ne", "isnull"]),
        ("healthy", &["isnull"]),
        (
            "status",
            &["eq", "in", "ge", "gt", "le", "lt", "ne", "isnull", "sw"],
        ),
        (
            "connectionType",
            &["eq", "ge", "gt", "in", "le", "lt", "ne", "isnull", "sw"],
        ),
        (
            "connectorName",
            &["eq", "ge", "gt", "in", "ne", "isnull", "sw"],
        ),
        (
            "category",
            &["co", "eq", "ge", "gt", "in", "le", "lt", "ne", "sw"],
        ),
    ],
    sorters: &[
        "type",
        "created",
        "modified",
        "name",
        "owner.name",
        "healthy",
        "status",
        "id",
        "description",
        "owner.id",
        "accountCorrelationConfig.id",
        "accountCorrelationConfig.name",
        "managerCorrelationRule.type",
        "managerCorrelationRule.id",
        "managerCorrelationRule.name",
        "authoritative",
        "managementWorkgroup.id",
        "connectorName",
        "connectionType",
    ],
};

impl DemoTenant {
    /// The calls of this area (`segs` is the canonical route, see [`crate::paths`]); `None`
    /// for another area's.
    pub(crate) fn route_sources(
        &mut self,
        req: &ApiRequest,
        segs: &[&str],
        now_ms: u64,
    ) -> Option<ApiResponse> {
        Some(match (req.method, segs) {
            (Method::Get, ["sources"]) => {
                let items = self.sources.clone();
                self.list(items, req, &SOURCE_LIST)
            }
            (Method::Get, ["sources", id]) => match self.source(id) {
                Ok(s) => ApiResponse::json(200, &s),
                Err(r) => r,
            },
            (Method::Post, ["sources"]) => self.create_source(req, now_ms),
            (Method::Get, ["sources", id, "schemas"]) => {
                if let Err(r) = self.source_index(id) {
                    return Some(r);
                }
                let list = self.schemas.get(*id).cloned().unwrap_or_default();
                ApiResponse::json(200, &Value::Array(list))
            }
            (Method::Get, ["sources", id, "schemas", "accounts"]) => self.account_template(id),
            // No IQService in the demo: `iqServiceVersion` is left out (nullable in the per-service
            // description, a string in the classic one).
            (Method::Get, ["sources", id, "source-health"]) => match self.source(id) {
                Ok(s) => ApiResponse::json(
                    200,
                    &json!({
                        "id": s["id"], "type": s["type"], "name": s["name"], "org": "demo",
                        "isAuthoritative": s["authoritative"] == true,
                        "isCluster": !s["cluster"].is_null(),
                        "hostname": "demo-tenant.invalid", "pod": "demo",
                        "status": s["status"].as_str().unwrap_or("SOURCE_STATE_UNCHECKED_SOURCE"),
                    }),
                ),
                Err(r) => r,
            },
            (Method::Post, ["sources", id, "load-accounts"]) => self.load_accounts(req, id, now_ms),
            (Method::Patch, ["sources", id]) => self.patch_source(req, id, now_ms),
            (Method::Delete, ["sources", id]) => self.delete_source(id, now_ms),
            (Method::Post, ["sources", id, "remove-accounts"]) => {
                self.remove_source_accounts(id, now_ms)
            }
            (_, ["sources"]) | (_, ["sources", _]) => self.method_not_allowed(),
            _ => return None,
        })
    }

    /// Where source `id` is in the tenant's list, or the 404 every call on it answers.
    pub(crate) fn source_index(&mut self, id: &str) -> Result<usize, ApiResponse> {
        match self.sources.iter().position(|s| s["id"] == id) {
            Some(i) => Ok(i),
            None => Err(self.not_found(&format!("Source {id} was not found."))),
        }
    }

    /// Source `id`, or the 404 every call on it answers.
    pub(crate) fn source(&mut self, id: &str) -> Result<Value, ApiResponse> {
        self.source_index(id).map(|i| self.sources[i].clone())
    }

    /// Source `id` when it is a flat file (Delimited File); else the 404 or 400 the schema
    /// template calls answer ("designated only for Delimited File sources").
    pub(crate) fn flat_file_source(&mut self, id: &str) -> Result<Value, ApiResponse> {
        let source = self.source(id)?;
        if !Self::flat_file(&source) {
            return Err(self.bad_request(&format!(
                "Schema templates are for Delimited File sources only; {} is {}",
                source["name"].as_str().unwrap_or(""),
                source["type"].as_str().unwrap_or("")
            )));
        }
        Ok(source)
    }

    /// A source's delimiter (`connectorAttributes.delimiter`, a comma by default): its
    /// templates, aggregations and entitlement loads read and write CSV with it.
    pub(crate) fn delimiter(&self, id: &str) -> char {
        self.sources
            .iter()
            .find(|s| s["id"] == id)
            .and_then(|s| s["connectorAttributes"]["delimiter"].as_str())
            .and_then(|d| d.chars().next())
            .unwrap_or(',')
    }

    /// `GET …/sources/{id}/schemas/accounts`: the CSV header of a flat-file source's account
    /// schema (the spec: "designated only for Delimited File sources").
    fn account_template(&mut self, id: &str) -> ApiResponse {
        if let Err(r) = self.flat_file_source(id) {
            return r;
        }
        let schema = self.account_schema(id);
        crate::schemas::template_answer(&schema, &self.delimiter(id).to_string())
    }

    /// `POST …/sources/{id}/load-accounts`: an aggregation. A flat-file source needs the CSV
    /// as the multipart `file`; it becomes the source's truth when the task completes
    /// (see `accounts::aggregate`). Other sources aggregate from their connector.
    fn load_accounts(&mut self, req: &ApiRequest, id: &str, now_ms: u64) -> ApiResponse {
        let source = match self.source(id) {
            Ok(s) => s,
            Err(r) => return r,
        };
        let ct = req.header("Content-Type").unwrap_or("").to_string();
        let body = req.body.clone().unwrap_or_default();
        // (name, content) of each field sent.
        let parts: Vec<(String, String)> = if ct.starts_with("multipart/form-data") {
            match isc_core::api::sources::multipart_parts(&ct, &body) {
                Some(p) => p.into_iter().map(|(k, _, v)| (k, v.to_string())).collect(),
                None => return self.bad_request("The multipart body could not be read."),
            }
        } else if ct.starts_with(FORM) {
            // The spec's compatibility form: no file, so for direct-connect sources only.
            parse_form(&body)
        } else if body.is_empty() {
            vec![]
        } else {
            return self.error(
                415,
                "415 Unsupported Media Type",
                "The request content type is not supported.",
                &["Send multipart/form-data".into()],
            );
        };
        let optimize = !parts
            .iter()
            .any(|(k, v)| k == "disableOptimization" && v.trim().eq_ignore_ascii_case("true"));
        let file = parts
            .iter()
            .find(|(k, _)| k == "file")
            .map(|(_, v)| v.clone());
        let flat = Self::flat_file(&source);
        if flat && file.is_none() {
            return self.bad_request(&format!(
                "{} is a Delimited File source: include the CSV file as the multipart field file",
                source["name"].as_str().unwrap_or("")
            ));
        }
        let task =
            self.start_aggregation(&source, if flat { file } else { None }, optimize, now_ms);
        ApiResponse::json(202, &json!({"success": true, "task": task}))
    }

    /// `POST …/sources`: `name`, `owner` and `connector` required, names unique
    /// (ignoring case), `provisionAsCsv=true` makes a DelimitedFile source with a default
    /// account schema.
    fn create_source(&mut self, req: &ApiRequest, now_ms: u64) -> ApiResponse {
        let body: Value = match serde_json::from_str(req.body.as_deref().unwrap_or("")) {
            Ok(v @ Value::Object(_)) => v,
            _ => return self.bad_request("The body must be a JSON Source object."),
        };
        let name = body["name"].as_str().unwrap_or("").trim().to_string();
        if name.is_empty() {
            return self.bad_request("name is required");
        }
        if name.chars().count() > 128 {
            return self.bad_request("name must be at most 128 characters");
        }
        if self.sources.iter().any(|s| {
            s["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(&name))
        }) {
            return self.bad_request(&format!("A source named {name} already exists"));
        }
        let owner_id = body["owner"]["id"].as_str().unwrap_or("").to_string();
        if owner_id.is_empty() {
            return self.bad_request("owner is required");
        }
        let Some(owner) = self
            .identities
            .iter()
            .find(|i| i["id"] == owner_id.as_str())
            .cloned()
        else {
            return self.bad_request(&format!("Owner identity {owner_id} does not exist"));
        };
        let csv = req
            .query
            .iter()
            .any(|(k, v)| k == "provisionAsCsv" && v.eq_ignore_ascii_case("true"));
        let connector = if csv {
            "delimited-file".to_string()
        } else {
            body["connector"].as_str().unwrap_or("").to_string()
        };
        if connector.is_empty() {
            return self.bad_request("connector is required");
        }
        let Some(conn) = self
            .connectors
            .iter()
            .find(|c| c["scriptName"] == connector.as_str())
            .cloned()
        else {
            return self.bad_request(&format!("Connector {connector} was not found"));
        };
        if let Some(why) = self.settings_problem(&body) {
            return self.bad_request(&why);
        }
        let id = self.ids.hex32();
        let kind = if csv {
            json!("DelimitedFile")
        } else {
            body.get("type").cloned().unwrap_or(conn["type"].clone())
        };
        let stamp = crate::accounts::stamp(now_ms);
        let mut source = body.clone();
        // A new Delimited File source has an account schema with no attributes until the admin
        // defines them (schema template upload or schema edit); other connectors bring theirs.
        let schema = if kind == "DelimitedFile" {
            seed::empty_account_schema(&mut self.ids, &stamp)
        } else {
            seed::account_schema(&mut self.ids, connector.as_str())
        };
        let obj = source.as_object_mut().expect("object");
        for (k, v) in [
            ("id", json!(id)),
            ("name", json!(name)),
            (
                "owner",
                json!({"type": "IDENTITY", "id": owner["id"], "name": owner["name"]}),
            ),
            ("type", kind),
            ("connector", json!(connector)),
            ("connectorName", conn["type"].clone()),
            ("connectorId", json!(connector)),
            ("connectorImplementationId", json!(connector)),
            (
                "connectionType",
                json!(if conn["directConnect"] == true {
                    "direct"
                } else {
                    "file"
                }),
            ),
            ("healthy", json!(false)),
            ("status", json!("SOURCE_STATE_UNCHECKED_SOURCE_NO_ACCOUNTS")),
            ("since", json!(stamp)),
            ("created", json!(stamp)),
            ("modified", json!(stamp)),
            (
                "schemas",
                json!([{"type": "CONNECTOR_SCHEMA", "id": schema["id"], "name": "account"}]),
            ),
        ] {
            obj.insert(k.to_string(), v);
        }
        for (k, v) in [
            ("authoritative", json!(false)),
            ("features", json!([])),
            ("deleteThreshold", json!(10)),
            ("connectorAttributes", json!({})),
            ("credentialProviderEnabled", json!(false)),
        ] {
            if obj.get(k).is_none_or(|x| x.is_null()) {
                obj.insert(k.to_string(), v);
            }
        }
        for k in [
            "cluster",
            "managementWorkgroup",
            "accountCorrelationConfig",
            "accountCorrelationRule",
            "managerCorrelationMapping",
            "managerCorrelationRule",
            "beforeProvisioningRule",
            "passwordPolicies",
            "category",
        ] {
            obj.entry(k.to_string()).or_insert(Value::Null);
        }
        let mut schemas = vec![schema];
        // And an entitlement schema (`group`), empty too until its template is uploaded.
        if Self::flat_file(&source) {
            let group = crate::entitlements::group_schema(self.ids.hex32(), &[], &stamp);
            if let Some(refs) = source["schemas"].as_array_mut() {
                refs.push(json!({"type": "CONNECTOR_SCHEMA", "id": group["id"], "name": "group"}));
            }
            schemas.push(group);
        }
        self.schemas.insert(id.clone(), schemas);
        self.sources.push(source.clone());
        ApiResponse::json(201, &source)
    }
}
