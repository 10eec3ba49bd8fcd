//! Who the console is connected to, as the UI shows it. The secret and the token are not
//! here: they live only inside the API client, in memory.

use leptos::prelude::*;

/// What the UI shows about the connection.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionInfo {
    /// The tenant as the person named it, or "Demo tenant".
    pub label: String,
    pub api_base: String,
    pub client_id: String,
    pub org: Option<String>,
    pub pod: Option<String>,
    pub demo: bool,
    /// Every write is refused while this is on.
    pub read_only: bool,
    /// When the token will be renewed (ms since the epoch).
    pub renews_at_ms: u64,
    /// The API paths in use.
    pub generation: isc_core::api::Generation,
    /// Why that generation, when the console chose it for the person (a 404 on v1).
    pub generation_note: Option<String>,
    /// The token is kept in this tab's session storage (opt-in), and no secret is held: at
    /// `renews_at_ms` the person signs in again.
    pub kept_token: bool,
    /// Connected to IdentityIQ (SCIM, HTTP Basic) rather than an ISC tenant.
    pub iiq: bool,
}

/// The session, shared through context.
#[derive(Clone, Copy)]
pub struct Session(RwSignal<Option<SessionInfo>>);

thread_local! {
    static SESSION: std::cell::Cell<Option<Session>> = const { std::cell::Cell::new(None) };
}

impl Session {
    /// Creates the session signal and registers it for the API client.
    pub fn install() -> Self {
        let s = Session(RwSignal::new(None));
        SESSION.with(|c| c.set(Some(s)));
        s
    }

    /// The session registered by [`Session::install`].
    pub fn global() -> Option<Self> {
        SESSION.with(|c| c.get())
    }

    /// The current connection, if any.
    pub fn info(&self) -> Signal<Option<SessionInfo>> {
        let s = self.0;
        Signal::derive(move || s.get())
    }

    /// Sets or clears the connection.
    pub fn set(&self, info: Option<SessionInfo>) {
        self.0.set(info);
    }

    /// True while connected in read-only mode.
    pub fn read_only(&self) -> Signal<bool> {
        let s = self.0;
        Signal::derive(move || s.with(|i| i.as_ref().is_some_and(|i| i.read_only)))
    }

    /// Turns read-only mode on or off for the current connection.
    pub fn set_read_only(&self, on: bool) {
        self.0.update(|s| {
            if let Some(s) = s {
                s.read_only = on;
            }
        });
    }

    /// Records the API paths in use and why.
    pub fn set_generation(&self, g: isc_core::api::Generation, note: Option<String>) {
        self.0.update(|s| {
            if let Some(s) = s {
                s.generation = g;
                s.generation_note = note;
            }
        });
    }

    /// Updates the renewal time after a token refresh.
    pub fn renewed(&self, renews_at_ms: u64) {
        self.0.update(|s| {
            if let Some(s) = s {
                s.renews_at_ms = renews_at_ms;
            }
        });
    }
}

/// Key under which "remember this connection" keeps the saved connections (tenant, client
/// id, API paths, read-only), never a secret. Earlier versions kept one object here.
pub const REMEMBER_KEY: &str = "isc-console.remember";

pub use isc_core::connections::Saved;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved connections, most recent first.
pub fn load_saved() -> Vec<Saved> {
    storage()
        .and_then(|s| s.get_item(REMEMBER_KEY).ok().flatten())
        .map(|raw| isc_core::connections::parse(&raw))
        .unwrap_or_default()
}

/// Stores the saved connections (no secret exists in [`Saved`]).
pub fn store_saved(list: &[Saved]) {
    if let Some(s) = storage() {
        if list.is_empty() {
            let _ = s.remove_item(REMEMBER_KEY);
        } else if let Ok(v) = serde_json::to_string(list) {
            let _ = s.set_item(REMEMBER_KEY, &v);
        }
    }
}
