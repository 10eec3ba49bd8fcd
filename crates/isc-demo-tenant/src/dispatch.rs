//! Answering a call: the call log, injected faults, then routing to the endpoint.

use super::*;

impl DemoTenant {
    /// Answers one call at `now_ms` (milliseconds on any monotonic clock).
    pub fn handle(&mut self, req: &ApiRequest, now_ms: u64) -> Reply {
        let reply = self.handle_inner(req, now_ms);
        self.received.push(Received {
            method: req.method.as_str().into(),
            path: req.path.clone(),
            query: req.query_string(),
            status: if reply.drop_connection {
                0
            } else {
                reply.response.status
            },
            content_type: req.header("Content-Type").map(str::to_string),
            origin: req.header("Origin").map(str::to_string),
            cookie: req.header("Cookie").is_some(),
        });
        reply
    }

    fn handle_inner(&mut self, req: &ApiRequest, now_ms: u64) -> Reply {
        if req.method == Method::Options {
            return Reply::plain(ApiResponse {
                status: 204,
                headers: vec![],
                body: String::new(),
            });
        }
        let mut delay_ms = 0;
        let mut after = None;
        {
            match self.take_fault(req) {
                None => {}
                Some(
                    k @ (FaultKind::ActedThenDrop
                    | FaultKind::ActedThenStatus { .. }
                    | FaultKind::ActedThenGarbled),
                ) => after = Some(k),
                Some(FaultKind::Delay { ms }) => delay_ms = ms,
                Some(FaultKind::ExpireToken) => self.tokens.clear(),
                Some(FaultKind::Drop) => {
                    let mut r = Reply::plain(ApiResponse {
                        status: 0,
                        headers: vec![],
                        body: String::new(),
                    });
                    r.drop_connection = true;
                    return r;
                }
                Some(FaultKind::Malformed) => {
                    return Reply::plain(ApiResponse {
                        status: 200,
                        headers: vec![("Content-Type".into(), "application/json".into())],
                        body: "{\"id\": \"2c9180 <html>".into(),
                    })
                }
                Some(FaultKind::Empty) => {
                    return Reply::plain(ApiResponse {
                        status: 200,
                        headers: vec![("Content-Type".into(), "application/json".into())],
                        body: String::new(),
                    })
                }
                Some(FaultKind::Status { status }) => {
                    let (code, text) = match status {
                        500 => ("500.0 Internal Fault", "An internal fault occurred."),
                        502 => ("502 Bad Gateway", "The upstream service did not answer."),
                        503 => ("503 Service Unavailable", "The service is temporarily unavailable."),
                        403 => ("403 Forbidden", "The server understood the request but refuses to authorize it."),
                        _ => ("400.1 Bad Request Content", "The request was syntactically correct but its content is semantically invalid."),
                    };
                    let r = self.error(status, code, text, &[]);
                    return Reply::plain(r);
                }
                Some(FaultKind::RateLimit { expose }) => {
                    let mut r = Reply::plain(
                        ApiResponse::json(429, &json!({"message": " Rate Limit Exceeded "}))
                            .with_header("Retry-After", "2"),
                    );
                    r.expose_retry_after = expose;
                    return r;
                }
            }
        }
        let mut reply = Reply::plain(self.route(req, now_ms));
        reply.delay_ms = delay_ms.max(self.config.latency_ms);
        match after {
            Some(FaultKind::ActedThenDrop) => reply.drop_connection = true,
            Some(FaultKind::ActedThenStatus { status }) => {
                let text = match status {
                    504 => (
                        "504 Gateway Timeout",
                        "The upstream service did not answer in time.",
                    ),
                    _ => ("502 Bad Gateway", "The upstream service did not answer."),
                };
                reply.response = self.error(status, text.0, text.1, &[]);
            }
            Some(FaultKind::ActedThenGarbled) => {
                let body = &reply.response.body;
                let cut = body.len() / 2;
                let cut = (0..=cut)
                    .rev()
                    .find(|&i| body.is_char_boundary(i))
                    .unwrap_or(0);
                reply.response.status = 200;
                reply.response.body = format!("{}<html>", &body[..cut]);
            }
            _ => {}
        }
        reply
    }

    fn route(&mut self, req: &ApiRequest, now_ms: u64) -> ApiResponse {
        if req.path == "/oauth/token" {
            return self.token(req, now_ms);
        }
        // IdentityIQ: its SCIM base may carry the prefix (the page's demo) or the path may.
        let (origin, base_path) = match req.base.split_once("://") {
            Some((scheme, rest)) => match rest.find('/') {
                Some(i) => (format!("{scheme}://{}", &rest[..i]), &rest[i..]),
                None => (req.base.clone(), ""),
            },
            None => (req.base.clone(), ""),
        };
        let full = format!("{}{}", base_path.trim_end_matches('/'), req.path);
        if full == iiq::PREFIX || full.starts_with(&format!("{}/", iiq::PREFIX)) {
            let mut r = req.clone();
            r.path = full;
            return self.iiq.route(&r, &origin);
        }
        let client = match self.authenticate(req, now_ms) {
            Ok(c) => c,
            Err(r) => return r,
        };
        let all: Vec<&str> = req.path.trim_matches('/').split('/').collect();
        // Both generations reach one route; a path neither has is the spec's 404.
        let Some((version, segs)) =
            paths::resolve(&all).filter(|(v, _)| *v != "v1" || self.config.serve_v1)
        else {
            return self.not_found(&format!("No resource at {}", req.path));
        };
        if let Some(r) = self.rate_limit(&client, version, now_ms) {
            return r;
        }
        if let Some(r) = self.route_accounts(req, &segs, now_ms) {
            return r;
        }
        self.route_entitlements(req, &segs, now_ms)
            .or_else(|| self.route_schemas(req, &segs, now_ms))
            .or_else(|| self.route_correlation(req, &segs))
            .or_else(|| self.route_sources(req, &segs, now_ms))
            .or_else(|| self.route_directory(req, &segs))
            .or_else(|| self.route_profiles(req, &segs, now_ms))
            .unwrap_or_else(|| self.not_found(&format!("No resource at {}", req.path)))
    }
}
