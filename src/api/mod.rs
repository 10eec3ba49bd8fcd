//! The browser side of the API: one transport interface with two implementations (the
//! browser's fetch, and the demo tenant in the page), and the client that signs in, renews
//! the token, keeps under the rate limit, retries by policy and logs every call.

pub mod all_pages;
pub mod client;
pub mod iiq_connect;
pub mod inflight;
pub mod lookups;
pub mod read_back;
pub mod transport;

pub use all_pages::get_all;
pub use client::{
    call, call_background, call_json, call_read, connect, connect_iiq, curl_for, demo_link,
    disconnect, generation, is_connected, keep_token, reset_demo, resume_kept_token,
    set_generation, set_timeout_s, timeout_s, url_for, ConnectIiq, ConnectWith,
};
