//! ISC Console: mounts the app.

fn main() {
    console_error_panic_hook::set_once();
    // Where the console is served decides every address it writes: found before it mounts.
    if isc_console::route::discovered_now() {
        leptos::mount::mount_to_body(isc_console::app::App);
    } else {
        wasm_bindgen_futures::spawn_local(async {
            isc_console::route::discover().await;
            leptos::mount::mount_to_body(isc_console::app::App);
        });
    }
}
