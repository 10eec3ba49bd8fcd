//! The token endpoint, bearer checks and the rate limit per client id and API version.

use super::*;

impl DemoTenant {
    pub(crate) fn token(&mut self, req: &ApiRequest, now_ms: u64) -> ApiResponse {
        if req.method != Method::Post {
            return self.error(
                405,
                "405 Method Not Allowed",
                "The request method is not supported for this resource.",
                &[],
            );
        }
        // The form body, or (as some scripts do and the tenant accepts) query parameters.
        let mut pairs = req.query.clone();
        if let Some(b) = &req.body {
            if req
                .header("Content-Type")
                .is_none_or(|c| c.starts_with(FORM))
            {
                pairs.extend(parse_form(b));
            }
        }
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        match get("grant_type").as_deref() {
            Some("client_credentials") => {}
            Some(_) => {
                return ApiResponse::json(
                    400,
                    &json!({"error": "unsupported_grant_type", "error_description": "Unsupported grant type"}),
                )
            }
            None => {
                return ApiResponse::json(
                    400,
                    &json!({"error": "invalid_request", "error_description": "Missing grant type"}),
                )
            }
        }
        let id = get("client_id").unwrap_or_default();
        let secret = get("client_secret").unwrap_or_default();
        if id != self.config.client_id || secret != self.config.client_secret {
            return ApiResponse::json(
                401,
                &json!({"error": "unauthorized", "error_description": "Bad credentials"}),
            );
        }
        let token = format!("eyJhbGciOiJSUzI1NiJ9.demo.{}", self.ids.hex32());
        self.tokens.insert(
            token.clone(),
            TokenInfo {
                client_id: id,
                expires_ms: now_ms + self.config.token_ttl_s * 1000,
            },
        );
        ApiResponse::json(
            200,
            &json!({
                "access_token": token,
                "token_type": "bearer",
                "expires_in": self.config.token_ttl_s,
                "scope": "sp:scopes:all",
                "tenant_id": "7c6b5e1a-0d2f-4a8e-9b3c-demo00000001",
                "pod": "demo-pod",
                "org": "acme-demo",
                "internal": false,
                "strong_auth_supported": false,
                "identity_id": self.identities[0]["id"],
                "user_name": "ada.lovelace",
                "strong_auth": true,
                "jti": self.ids.hex32()
            }),
        )
    }

    pub(crate) fn authenticate(
        &mut self,
        req: &ApiRequest,
        now_ms: u64,
    ) -> Result<String, ApiResponse> {
        let header = req.header("Authorization").unwrap_or("");
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .unwrap_or("");
        match self.tokens.get(token) {
            None => Err(ApiResponse::json(
                401,
                &json!({"error": "JWT validation failed: JWT is missing or invalid"}),
            )),
            Some(t) if t.expires_ms <= now_ms => Err(ApiResponse::json(
                401,
                &json!({"error": "JWT validation failed: JWT is expired"}),
            )),
            Some(t) => Ok(t.client_id.clone()),
        }
    }

    pub(crate) fn rate_limit(
        &mut self,
        client: &str,
        version: &str,
        now_ms: u64,
    ) -> Option<ApiResponse> {
        let window = self.config.rate_window_ms;
        let cap = self.config.rate_capacity;
        let q = self
            .rate
            .entry((client.to_string(), version.to_string()))
            .or_default();
        while q.front().is_some_and(|&t| t + window <= now_ms) {
            q.pop_front();
        }
        if q.len() >= cap {
            let wait_ms = q.front().map(|&t| t + window - now_ms).unwrap_or(window);
            let secs = wait_ms.div_ceil(1000).max(1);
            return Some(
                ApiResponse::json(429, &json!({"message": " Rate Limit Exceeded "}))
                    .with_header("Retry-After", secs.to_string()),
            );
        }
        q.push_back(now_ms);
        None
    }
}
