//! The tenant's `ErrorResponseDto` answers: 400, 404, 405 and any other status.

use super::*;

impl DemoTenant {
    /// An `ErrorResponseDto` answer with a fresh tracking id.
    pub fn error(
        &mut self,
        status: u16,
        detail_code: &str,
        text: &str,
        causes: &[String],
    ) -> ApiResponse {
        let tracking = self.ids.hex32();
        ApiResponse::json(
            status,
            &json!({
                "detailCode": detail_code,
                "trackingId": tracking,
                "messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": text}],
                "causes": causes.iter().map(|c| json!({"locale": "en-US", "localeOrigin": "DEFAULT", "text": c})).collect::<Vec<_>>()
            }),
        )
    }

    pub(crate) fn bad_request(&mut self, cause: &str) -> ApiResponse {
        let cause = if self.hostile_errors {
            format!("{cause} {}", hostile::PAYLOADS[0])
        } else {
            cause.to_string()
        };
        let cause = cause.as_str();
        self.error(
            400,
            "400.1 Bad Request Content",
            "The request was syntactically correct but its content is semantically invalid.",
            &[cause.to_string()],
        )
    }

    pub(crate) fn not_found(&mut self, what: &str) -> ApiResponse {
        self.error(
            404,
            "404 Not found",
            "The server did not find a current representation for the target resource.",
            &[what.to_string()],
        )
    }

    pub(crate) fn method_not_allowed(&mut self) -> ApiResponse {
        self.error(
            405,
            "405 Method Not Allowed",
            "The request method is not supported for this resource.",
            &[],
        )
    }
}
