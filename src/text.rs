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

/// JSON text indented by two spaces, by the browser's `JSON.stringify` (serde_json's pretty
/// printer would add a second serializer to the wasm), invisible characters written as
/// `\uXXXX` (the same value, and the rest of its line keeps its order). Text that is not
/// JSON comes back as it was.
pub fn pretty_json(text: &str) -> String {
    js_sys::JSON::parse(text)
        .ok()
        .and_then(|v| {
            js_sys::JSON::stringify_with_replacer_and_space(
                &v,
                &wasm_bindgen::JsValue::NULL,
                &2.into(),
            )
            .ok()
        })
        .and_then(|s| s.as_string())
        .map(|s| isc_core::shown::escape_json_text(&s))
        .unwrap_or_else(|| text.to_string())
}

/// `value` as indented JSON.
pub fn pretty<T: serde::Serialize + ?Sized>(value: &T) -> String {
    pretty_json(&serde_json::to_string(value).unwrap_or_default())
}
