//! ISC Console: mounts the app.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(isc_console::app::App);
}
