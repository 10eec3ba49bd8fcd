//! The token call: the same `/oauth/token` in both generations.

pub use crate::auth::{parse_token_response, token_request};
