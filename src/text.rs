//! Text helpers that lean on the browser instead of carrying tables in the wasm.

/// Lower-cases `s` for comparing without case: ASCII here, anything else by the browser's
/// `toLowerCase` (Rust's `to_lowercase` would add Unicode's case tables, 9 KB gzip).
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        js_sys::JsString::from(s).to_lower_case().into()
    }
}
