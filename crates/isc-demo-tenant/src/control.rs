//! The test controls under `/__demo/`, and bulk sources.

use super::*;

impl DemoTenant {
    /// Test controls under `/__demo/`: `POST reset` (fresh seed data), `POST bulk`
    /// (`{"accounts": N, "source": name}`: N more accounts on that source, by default the
    /// first flat file; `{"sources": N}`: N more flat-file sources), `POST faults` (a JSON array of [`Fault`]),
    /// `DELETE faults`, `POST spoofs` (see [`DemoTenant::plant_spoofs`]), `GET received`, `DELETE received`, `POST config` (partial [`Config`]
    /// fields: `token_ttl_s`, `rate_capacity`, `rate_window_ms`). `None` for other paths.
    pub fn control(&mut self, req: &ApiRequest) -> Option<ApiResponse> {
        let what = req.path.strip_prefix("/__demo/")?;
        let body = req.body.as_deref().unwrap_or("");
        Some(match (req.method, what) {
            (Method::Post, "reset") => {
                let config = self.config.clone();
                *self = DemoTenant::new(config);
                ApiResponse::json(200, &json!({"reset": true}))
            }
            (Method::Post, "spoofs") => {
                let planted = self.plant_spoofs();
                ApiResponse::json(200, &planted)
            }
            (Method::Post, "hostile") => {
                self.plant_hostile();
                ApiResponse::json(200, &json!({"payloads": hostile::PAYLOADS.len()}))
            }
            (Method::Post, "faults") => match serde_json::from_str::<Vec<Fault>>(body) {
                Ok(fs) => {
                    let n = fs.len();
                    self.faults.extend(fs);
                    ApiResponse::json(200, &json!({"added": n}))
                }
                Err(e) => ApiResponse::json(400, &json!({"error": e.to_string()})),
            },
            (Method::Delete, "faults") => {
                self.clear_faults();
                ApiResponse::json(200, &json!({}))
            }
            (Method::Post, "bulk") => {
                let v: Value = serde_json::from_str(body).unwrap_or_default();
                if let Some(n) = v["sources"].as_u64() {
                    self.add_bulk_sources(n as usize);
                    return Some(ApiResponse::json(
                        200,
                        &json!({"added": n, "sources": self.sources.len()}),
                    ));
                }
                let n = v["accounts"].as_u64().unwrap_or(10_000) as usize;
                match accounts::add_bulk(self, n, v["source"].as_str()) {
                    Some((id, name)) => ApiResponse::json(
                        200,
                        &json!({"added": n, "sourceId": id, "sourceName": name}),
                    ),
                    None => ApiResponse::json(404, &json!({"error": "no such source"})),
                }
            }
            (Method::Get, "received") => ApiResponse::json(
                200,
                &serde_json::to_value(&self.received).unwrap_or_default(),
            ),
            (Method::Delete, "received") => {
                self.received.clear();
                ApiResponse::json(200, &json!({}))
            }
            (Method::Post, "config") => {
                let v: Value = serde_json::from_str(body).unwrap_or_default();
                if let Some(t) = v["token_ttl_s"].as_u64() {
                    self.config.token_ttl_s = t;
                }
                if let Some(c) = v["rate_capacity"].as_u64() {
                    self.config.rate_capacity = c as usize;
                }
                if let Some(w) = v["rate_window_ms"].as_u64() {
                    self.config.rate_window_ms = w;
                }
                if let Some(l) = v["latency_ms"].as_u64() {
                    self.config.latency_ms = l;
                }
                if let Some(on) = v["serve_v1"].as_bool() {
                    self.config.serve_v1 = on;
                }
                ApiResponse::json(200, &serde_json::to_value(&self.config).unwrap_or_default())
            }
            _ => ApiResponse::json(404, &json!({"error": "unknown control"})),
        })
    }

    /// Adds `n` flat-file sources named `Bulk source 0001`… (copies of the first flat file,
    /// each with its own id and account schema), for tests of lists longer than a page.
    pub fn add_bulk_sources(&mut self, n: usize) {
        let Some(model) = self.sources.iter().find(|s| Self::flat_file(s)).cloned() else {
            return;
        };
        for k in 1..=n {
            let id = self.ids.hex32();
            let schema = seed::account_schema(&mut self.ids, "delimited-file");
            let mut s = model.clone();
            s["id"] = json!(id);
            s["name"] = json!(format!("Bulk source {k:04}"));
            s["schemas"] =
                json!([{"type": "CONNECTOR_SCHEMA", "id": schema["id"], "name": "account"}]);
            self.schemas.insert(id, vec![schema]);
            self.sources.push(s);
        }
    }
}
