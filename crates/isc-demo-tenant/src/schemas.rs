//! A source's schemas as the descriptions say they change: read by id, patched (JSON Patch),
//! replaced (PUT), and a flat file's account schema made from an uploaded CSV header (the
//! schema template). `id`, `name`, `created` and `modified` cannot be changed; after any
//! change the schema's attribute names are unique, their types known, and the identity and
//! display attributes name attributes of it.

use super::*;

/// Schema fields no change may touch (the descriptions' list).
const IMMUTABLE: [&str; 4] = ["id", "name", "created", "modified"];
/// The attribute types of an account schema.
const TYPES: [&str; 5] = ["STRING", "INT", "LONG", "BOOLEAN", "DATE"];

impl DemoTenant {
    /// The calls of this area; `None` for another area's.
    pub(crate) fn route_schemas(
        &mut self,
        req: &ApiRequest,
        segs: &[&str],
        now_ms: u64,
    ) -> Option<ApiResponse> {
        Some(match (req.method, segs) {
            (Method::Post, ["sources", id, "schemas", "accounts"]) => {
                match self.flat_file_source(id) {
                    Ok(_) => {
                        let old = self.account_schema(id);
                        let i = self
                            .schemas
                            .get(*id)
                            .and_then(|l| l.iter().position(|x| x["id"] == old["id"]))
                            .unwrap_or(0);
                        self.upload_template(req, id, i, now_ms)
                    }
                    Err(r) => r,
                }
            }
            (Method::Get, ["sources", id, "schemas", sch])
                if *sch != "accounts" && *sch != "entitlements" =>
            {
                match self.schema_index(id, sch) {
                    Ok(i) => ApiResponse::json(200, &self.schemas[*id][i]),
                    Err(r) => r,
                }
            }
            (Method::Patch, ["sources", id, "schemas", sch]) => {
                self.patch_schema(req, id, sch, now_ms)
            }
            (Method::Put, ["sources", id, "schemas", sch]) => self.put_schema(req, id, sch, now_ms),
            _ => return None,
        })
    }

    /// Where schema `sch` of source `id` is in its list, or the 404 to answer.
    fn schema_index(&mut self, id: &str, sch: &str) -> Result<usize, ApiResponse> {
        self.source_index(id)?;
        match self
            .schemas
            .get(id)
            .and_then(|l| l.iter().position(|s| s["id"] == sch))
        {
            Some(i) => Ok(i),
            None => Err(self.not_found(&format!("Schema {sch} was not found on source {id}."))),
        }
    }

    /// What is wrong with a schema after a change, if anything.
    fn schema_problem(s: &Value) -> Option<String> {
        let attrs = s["attributes"].as_array()?;
        let mut names: Vec<String> = Vec::new();
        for a in attrs {
            let Some(n) = a["name"].as_str().filter(|n| !n.is_empty()) else {
                return Some("Every attribute needs a name".into());
            };
            if names.iter().any(|m| m.eq_ignore_ascii_case(n)) {
                return Some(format!("Attribute name {n} is used twice"));
            }
            names.push(n.to_string());
            let t = a["type"].as_str().unwrap_or("");
            if !TYPES.contains(&t) {
                return Some(format!("{t} is not a valid attribute type for {n}"));
            }
        }
        for field in ["identityAttribute", "displayAttribute"] {
            let v = s[field].as_str().unwrap_or("");
            if !attrs.is_empty() && !v.is_empty() && !names.iter().any(|n| n == v) {
                return Some(format!("{field} {v} is not an attribute of the schema"));
            }
        }
        if !attrs.is_empty() && s["identityAttribute"].as_str().unwrap_or("").is_empty() {
            return Some("identityAttribute is required when the schema has attributes".into());
        }
        None
    }

    /// Stores a changed schema after the checks, dated now.
    fn store_schema(&mut self, id: &str, i: usize, mut s: Value, now_ms: u64) -> ApiResponse {
        if let Some(why) = Self::schema_problem(&s) {
            return self.bad_request(&why);
        }
        s["modified"] = json!(crate::accounts::stamp(now_ms));
        if let Some(l) = self.schemas.get_mut(id) {
            l[i] = s.clone();
        }
        ApiResponse::json(200, &s)
    }

    /// `PATCH …/schemas/{id}`: JSON Patch (`add`, `remove`, `replace`) on the attributes and the
    /// schema's fields; every operation applied to a copy, the copy checked, then stored.
    fn patch_schema(&mut self, req: &ApiRequest, id: &str, sch: &str, now_ms: u64) -> ApiResponse {
        let i = match self.schema_index(id, sch) {
            Ok(i) => i,
            Err(r) => return r,
        };
        let ops = match self.patch_ops(req) {
            Ok(ops) => ops,
            Err(r) => return r,
        };
        let mut s = self.schemas[id][i].clone();
        for op in &ops {
            if let Err(why) = apply_op(&mut s, op) {
                return self.bad_request(&why);
            }
        }
        self.store_schema(id, i, s, now_ms)
    }

    /// `PUT …/schemas/{id}`: the whole schema; `id` must be in the body and the same, and
    /// `name` cannot change.
    fn put_schema(&mut self, req: &ApiRequest, id: &str, sch: &str, now_ms: u64) -> ApiResponse {
        let i = match self.schema_index(id, sch) {
            Ok(i) => i,
            Err(r) => return r,
        };
        let Ok(body) = serde_json::from_str::<Value>(req.body.as_deref().unwrap_or("")) else {
            return self.bad_request("The body must be a schema (a JSON object).");
        };
        let old = self.schemas[id][i].clone();
        if body["id"] != old["id"] {
            return self.bad_request("id must remain in the request body and cannot be changed");
        }
        if !body["name"].is_null() && body["name"] != old["name"] {
            return self.bad_request("name cannot be changed");
        }
        let mut s = body;
        for k in ["name", "created"] {
            s[k] = old[k].clone();
        }
        self.store_schema(id, i, s, now_ms)
    }

    /// `POST …/schemas/accounts` (and `…/schemas/entitlements`): schema `i` of flat file `id`
    /// from the uploaded CSV header (the multipart `file`): the attributes the header names, in
    /// its order, a known one kept as it was, a new one a STRING; the others removed.
    pub(crate) fn upload_template(
        &mut self,
        req: &ApiRequest,
        id: &str,
        i: usize,
        now_ms: u64,
    ) -> ApiResponse {
        let ct = req.header("Content-Type").unwrap_or("").to_string();
        let body = req.body.clone().unwrap_or_default();
        let Some(file) = isc_core::api::sources::multipart_parts(&ct, &body).and_then(|p| {
            p.into_iter()
                .find(|(k, _, _)| k == "file")
                .map(|(_, _, v)| v.to_string())
        }) else {
            return self.bad_request("Send the CSV as the multipart part named file.");
        };
        let delim = self.delimiter(id);
        let old = self.schemas[id][i].clone();
        let columns = match isc_core::schema_edit::header_proposal(
            &isc_core::schema_edit::draft_of(&old),
            &file,
            delim,
        ) {
            Ok(p) => p.columns,
            Err(why) => return self.bad_request(&why),
        };
        let s = isc_core::schema_edit::schema_from_header(&old, &columns);
        self.store_schema(id, i, s, now_ms)
    }
}

/// A schema template as `GET …/schemas/accounts` and `…/schemas/entitlements` answer it: the
/// schema's attribute names, `delim` between them, as text/csv.
pub(crate) fn template_answer(schema: &Value, delim: &str) -> ApiResponse {
    let names: Vec<&str> = schema["attributes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["name"].as_str())
        .collect();
    ApiResponse {
        status: 200,
        headers: vec![("Content-Type".into(), "text/csv".into())],
        body: names.join(delim),
    }
}

/// One JSON Patch operation on a schema: any path but the immutable fields.
fn apply_op(s: &mut Value, op: &Value) -> Result<(), String> {
    let path = op["path"].as_str().unwrap_or("");
    let field = path.trim_start_matches('/').split('/').next().unwrap_or("");
    if IMMUTABLE.contains(&field) {
        return Err(format!("{field} cannot be updated"));
    }
    crate::patch::apply(s, op)
}
