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
    Accounts,
    AccountNew,
    Account,
    Identity,
    Tasks,
    Profiles,
    Activity,
    NotFound,
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
        ["accounts"] => Page::Accounts,
        ["accounts", "new"] => Page::AccountNew,
        ["accounts", id] if !id.is_empty() => Page::Account,
        ["identities", id] if !id.is_empty() => Page::Identity,
        ["tasks"] => Page::Tasks,
        ["identity-profiles"] => Page::Profiles,
        ["activity"] => Page::Activity,
        _ => Page::NotFound,
    }
}

/// The decoded id of a source, account or identity page (`/sources/{id}`, `/accounts/{id}`,
/// `/identities/{id}`), else empty.
pub fn id_of(path: &str) -> String {
    match page_of(path) {
        Page::Source | Page::Account | Page::Identity => segments(path)
            .last()
            .map(|id| crate::http::decode_component(id))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The section a page belongs to, as the breadcrumb and the tab title name it: its label
/// and its address. Identities have no list of their own: their pages sit under Accounts.
pub fn section_of(page: &Page) -> Option<(&'static str, &'static str)> {
    Some(match page {
        Page::Sources | Page::SourceNew | Page::Source => ("Sources", "/sources"),
        Page::Accounts | Page::AccountNew | Page::Account | Page::Identity => {
            ("Accounts", "/accounts")
        }
        Page::Tasks => ("Tasks", "/tasks"),
        Page::Profiles => ("Identity profiles", "/identity-profiles"),
        Page::Activity => ("Activity", "/activity"),
        Page::Connect => ("Connection", "/connect"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_opens_its_page_and_the_query_does_not_change_it() {
        assert_eq!(page_of("/"), Page::Home);
        assert_eq!(page_of(""), Page::Home);
        assert_eq!(page_of("/connect"), Page::Connect);
        assert_eq!(page_of("/sources"), Page::Sources);
        assert_eq!(page_of("/sources/"), Page::Sources);
        assert_eq!(page_of("/sources/new"), Page::SourceNew);
        assert_eq!(
            page_of("/sources/2c9180835d2e5168015d32f890ca1581"),
            Page::Source
        );
        assert_eq!(
            id_of("/sources/2c9180835d2e5168015d32f890ca1581"),
            "2c9180835d2e5168015d32f890ca1581"
        );
        assert_eq!(page_of("/accounts"), Page::Accounts);
        assert_eq!(page_of("/accounts/new"), Page::AccountNew);
        assert_eq!(page_of("/accounts/a%20b"), Page::Account);
        assert_eq!(id_of("/accounts/a%20b/"), "a b");
        assert_eq!(id_of("/accounts/new"), "");
        assert_eq!(id_of("/sources"), "");
        assert_eq!(page_of("/identities/2c91abc"), Page::Identity);
        assert_eq!(id_of("/identities/2c91abc"), "2c91abc");
        assert_eq!(page_of("/identities"), Page::NotFound);
        assert_eq!(page_of("/tasks"), Page::Tasks);
        assert_eq!(page_of("/identity-profiles"), Page::Profiles);
        assert_eq!(page_of("/activity"), Page::Activity);
    }

    #[test]
    fn unknown_and_deeper_addresses_are_not_found() {
        for p in [
            "/nope",
            "/sources/x/y",
            "/accounts/new/x",
            "/connect/x",
            "/sourcesx",
        ] {
            assert_eq!(page_of(p), Page::NotFound, "{p}");
        }
    }

    #[test]
    fn the_tab_title_names_the_page_then_its_section() {
        assert_eq!(
            tab_title(&Page::Account, "Account tc.0001"),
            "Account tc.0001 · Accounts · ISC Console"
        );
        assert_eq!(
            tab_title(&Page::Identity, "Identity Ada"),
            "Identity Ada · Accounts · ISC Console"
        );
        assert_eq!(
            tab_title(&Page::Sources, "Sources"),
            "Sources · ISC Console"
        );
        assert_eq!(tab_title(&Page::Sources, ""), "Sources · ISC Console");
        assert_eq!(tab_title(&Page::Home, ""), "ISC Console");
        assert_eq!(
            tab_title(&Page::NotFound, "Page not found"),
            "Page not found · ISC Console"
        );
    }

    #[test]
    fn a_section_link_is_current_on_its_pages_only() {
        assert!(is_current("/sources", "/sources"));
        assert!(is_current("/sources", "/sources/new"));
        assert!(is_current("/sources", "/sources/abc/"));
        assert!(!is_current("/sources", "/sourcesX"));
        assert!(!is_current("/sources", "/accounts"));
        assert!(!is_current("/connect", "/"));
    }

    #[test]
    fn query_values_are_decoded_and_the_first_one_wins() {
        let q = Query::parse("?name=a%20b&sort=-name&name=second&plus=x+y&flag");
        assert_eq!(q.get("name").as_deref(), Some("a b"));
        assert_eq!(q.get("sort").as_deref(), Some("-name"));
        assert_eq!(q.get("plus").as_deref(), Some("x y"));
        assert_eq!(q.get("flag").as_deref(), Some(""));
        assert_eq!(q.get("missing"), None);
        assert_eq!(Query::parse(""), Query::default());
    }

    #[test]
    fn only_paths_on_this_origin_are_followed_in_page() {
        assert!(is_internal("/sources?page=2"));
        assert!(!is_internal("//evil.example/x"));
        assert!(!is_internal("#main"));
        assert!(!is_internal("https://example.com/"));
    }
}
