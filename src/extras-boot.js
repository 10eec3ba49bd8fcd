// Starts the second wasm of ISC Console (the screens loaded on first use). isc-extras.js, the
// script before this one, is its wasm-bindgen glue and defines the global `wasm_bindgen`.
window.__isc_extras_ready = wasm_bindgen({
  module_or_path: new URL('isc-extras_bg.wasm', document.currentScript.src),
});
