//! The console's addresses: which page a path shows, which section link is current, and
//! the query of an address. The browser side only keeps the address bar in a signal.

/// A page of the console, chosen by the path alone. The query, and the id in
/// `/sources/{id}` and `/accounts/{id}` ([`id_of`]), only change what a page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    Connect,
    Sources,
    SourceNew,
    Source,
    /// A source's flat file: export, import with a preview, apply, aggregate.
    SourceFile,
    Accounts,
    AccountNew,
    Account,
    Identity,
    Tasks,
    /// One task of the tenant, by id: its state, counts and messages.
    Task,
    Profiles,
    Activity,
    /// The IdentityIQ connect form.
    IiqConnect,
    /// IdentityIQ: the server and its applications.
    Iiq,
    /// An IdentityIQ application: its account schema.
    IiqApp,
    /// A new account on an IdentityIQ application.
    IiqAccountNew,
    IiqAccounts,
    IiqAccount,
    NotFound,
}

impl Page {
    /// Whether the page belongs to IdentityIQ mode (the others are ISC's).
    pub fn is_iiq(&self) -> bool {
        matches!(
            self,
            Page::Iiq | Page::IiqApp | Page::IiqAccountNew | Page::IiqAccounts | Page::IiqAccount
        )
    }
}

fn segments(path: &str) -> Vec<&str> {
    path.trim_end_matches('/').split('/').skip(1).collect()
}

/// The page for `path` (no query, no fragment). A trailing `/` is ignored.
pub fn page_of(path: &str) -> Page {
    match segments(path).as_slice() {
        [] => Page::Home,
        ["connect"] => Page::Connect,
        ["sources"] => Page::Sources,
        ["sources", "new"] => Page::SourceNew,
        ["sources", id] if !id.is_empty() => Page::Source,
        ["sources", id, "file"] if !id.is_empty() => Page::SourceFile,
        ["accounts"] => Page::Accounts,
        ["accounts", "new"] => Page::AccountNew,
        ["accounts", id] if !id.is_empty() => Page::Account,
        ["identities", id] if !id.is_empty() => Page::Identity,
        ["tasks"] => Page::Tasks,
        ["tasks", id] if !id.is_empty() => Page::Task,
        ["identity-profiles"] => Page::Profiles,
        ["activity"] => Page::Activity,
        ["iiq"] | ["iiq", "applications"] => Page::Iiq,
        ["iiq", "connect"] => Page::IiqConnect,
        ["iiq", "applications", id] if !id.is_empty() => Page::IiqApp,
        ["iiq", "applications", id, "new"] if !id.is_empty() => Page::IiqAccountNew,
        ["iiq", "accounts"] => Page::IiqAccounts,
        ["iiq", "accounts", id] if !id.is_empty() => Page::IiqAccount,
        _ => Page::NotFound,
    }
}

/// The decoded id of a source, account or identity page (`/sources/{id}`, `/accounts/{id}`,
/// `/identities/{id}`), else empty.
pub fn id_of(path: &str) -> String {
    match page_of(path) {
        Page::Source | Page::SourceFile | Page::Account | Page::Identity | Page::Task => {
            segments(path)
                .get(1)
                .map(|id| crate::http::decode_component(id))
                .unwrap_or_default()
        }
        Page::IiqApp | Page::IiqAccountNew | Page::IiqAccount => segments(path)
            .get(2)
            .map(|id| crate::http::decode_component(id))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The section a page belongs to, as the breadcrumb and the tab title name it: its label
/// and its address. Identities have no list of their own: their pages sit under Accounts.
pub fn section_of(page: &Page) -> Option<(&'static str, &'static str)> {
    Some(match page {
        Page::Sources | Page::SourceNew | Page::Source | Page::SourceFile => {
            ("Sources", "/sources")
        }
        Page::Accounts | Page::AccountNew | Page::Account | Page::Identity => {
            ("Accounts", "/accounts")
        }
        Page::Tasks | Page::Task => ("Tasks", "/tasks"),
        Page::Profiles => ("Identity profiles", "/identity-profiles"),
        Page::Activity => ("Activity", "/activity"),
        Page::Connect | Page::IiqConnect => ("Connection", "/connect"),
        Page::Iiq | Page::IiqApp | Page::IiqAccountNew => ("Applications", "/iiq/applications"),
        Page::IiqAccounts | Page::IiqAccount => ("IdentityIQ accounts", "/iiq/accounts"),
        Page::Home | Page::NotFound => return None,
    })
}

/// The browser tab's title: the page's own name (when it is not the section itself), the
/// section, then the product: `Account tc.0001 · Accounts · ISC Console`.
pub fn tab_title(page: &Page, name: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let name = name.trim();
    let section = section_of(page).map(|(label, _)| label);
    if !name.is_empty() && Some(name) != section {
        parts.push(name);
    }
    parts.extend(section);
    parts.push("ISC Console");
    parts.join(" · ")
}

/// Whether the section link `href` is the current one at `path`: the same path, or a path
/// below it (`/sources` is current at `/sources/new`, not at `/sourcesX`).
pub fn is_current(href: &str, path: &str) -> bool {
    let href = href.trim_end_matches('/');
    let path = path.trim_end_matches('/');
    path == href || (path.starts_with(href) && path[href.len()..].starts_with('/'))
}

/// The decoded parameters of a query (`a=1&b=x%20y`, with or without the leading `?`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn parse(search: &str) -> Self {
        Query(crate::http::parse_form(search.trim_start_matches('?')))
    }

    /// The first value of `key`, as `ParamsMap::get` gave it.
    pub fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
}

/// Whether `href` is an address inside the console that a click should follow without
/// reloading the page: a path on this origin, not `//host` and not a bare `#fragment`.
pub fn is_internal(href: &str) -> bool {
    href.starts_with('/') && !href.starts_with("//")
}

mod site;
pub use site::{Site, PATH_PARAM};

#[cfg(test)]
mod tests;
