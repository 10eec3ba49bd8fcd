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

/// Where the console is served and how its addresses are written in the address bar.
///
/// The pages know only their own addresses (`/sources/abc?sort=name`); a `Site` turns them
/// into what the browser shows and back. `base` is the folder the console's files are in
/// (`/` at a host's root, `/tools/isc/` under a path), found from where the page loaded, so
/// one `dist/` works anywhere without a rebuild. `pretty` says whether the host serves the
/// console for any path below the base (a single-page fallback or `404.html`): then an
/// address is `/tools/isc/sources/abc`; otherwise it goes in the query,
/// `/tools/isc/?path=/sources/abc`, which every static host can serve and reload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    base: String,
    pretty: bool,
}

impl Default for Site {
    fn default() -> Self {
        Site::new("/", true)
    }
}

/// The query parameter that carries the page's address on hosts with no fallback.
pub const PATH_PARAM: &str = "path";

/// Percent-encodes a page address for the `path` parameter; `/` stays readable.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Splits `path?query#fragment` into its three parts (without `?` and `#`).
fn split_href(href: &str) -> (&str, &str, Option<&str>) {
    let (rest, fragment) = match href.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (href, None),
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    (path, query, fragment)
}

impl Site {
    /// `base` gains a leading and a trailing `/` when it lacks them.
    pub fn new(base: &str, pretty: bool) -> Self {
        let trimmed = base.trim_matches('/');
        let base = if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        };
        Site { base, pretty }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn pretty(&self) -> bool {
        self.pretty
    }

    /// A file beside the console's own (`isc-demo-worker_loader.js`), as an absolute path.
    pub fn asset(&self, file: &str) -> String {
        format!("{}{}", self.base, file.trim_start_matches('/'))
    }

    /// What the address bar and a link show for the page address `route`
    /// (`/sources?x=1#part`, always starting with `/`).
    pub fn href(&self, route: &str) -> String {
        let (path, query, fragment) = split_href(route);
        let path = if path.is_empty() { "/" } else { path };
        let mut out = if self.pretty || path == "/" {
            let mut s = format!("{}{}", self.base, path.trim_start_matches('/'));
            if !query.is_empty() {
                s.push('?');
                s.push_str(query);
            }
            s
        } else {
            let mut s = format!("{}?{PATH_PARAM}={}", self.base, encode_path(path));
            if !query.is_empty() {
                s.push('&');
                s.push_str(query);
            }
            s
        };
        if let Some(f) = fragment {
            out.push('#');
            out.push_str(f);
        }
        out
    }

    /// The page address (path and query, without `?`) that the browser's `pathname` and
    /// `search` show, in either form; `None` for a path outside the base.
    pub fn route(&self, pathname: &str, search: &str) -> Option<(String, String)> {
        let search = search.trim_start_matches('?');
        let rest = if pathname == self.base.trim_end_matches('/') {
            ""
        } else {
            pathname.strip_prefix(self.base.as_str())?
        };
        if !rest.is_empty() && rest != "index.html" {
            return Some((format!("/{rest}"), search.to_string()));
        }
        let mut path = None;
        let mut others = Vec::new();
        for pair in search.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some((PATH_PARAM, v)) if path.is_none() => {
                    path = Some(crate::http::decode_component(v))
                }
                _ => others.push(pair),
            }
        }
        let path = path
            .filter(|p| p.starts_with('/') && !p.starts_with("//"))
            .unwrap_or_else(|| "/".to_string());
        Some((path, others.join("&")))
    }

    /// The page address a link's `href` (as written in the page) leads to, with query and
    /// fragment; `None` for links that leave the console (another origin, outside the base,
    /// a bare `#fragment`).
    pub fn route_of_href(&self, href: &str) -> Option<String> {
        if !is_internal(href) {
            return None;
        }
        let (pathname, search, fragment) = split_href(href);
        let (path, query) = self.route(pathname, search)?;
        let mut out = path;
        if !query.is_empty() {
            out.push('?');
            out.push_str(&query);
        }
        if let Some(f) = fragment {
            out.push('#');
            out.push_str(f);
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn identityiq_pages_have_their_own_addresses_and_sections() {
        use super::*;
        let app = "/iiq/applications/c0a8%201";
        assert_eq!(page_of(app), Page::IiqApp);
        assert_eq!(id_of(app), "c0a8 1");
        assert_eq!(page_of("/iiq/applications/x/new"), Page::IiqAccountNew);
        assert_eq!(id_of("/iiq/accounts/a9"), "a9");
        assert_eq!(page_of("/iiq"), Page::Iiq);
        assert_eq!(section_of(&page_of("/iiq/connect")).unwrap().1, "/connect");
        assert!(page_of("/iiq/accounts").is_iiq() && !page_of("/accounts").is_iiq());
        assert_eq!(section_of(&Page::IiqAccount).unwrap().1, "/iiq/accounts");
        assert!(!is_current("/iiq/applications", "/iiq/accounts/a9"));
    }

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
        assert_eq!(
            page_of("/tasks/2c9180835d2e5168015d32f890ca1581"),
            Page::Task
        );
        assert_eq!(id_of("/tasks/t%201"), "t 1");
        assert_eq!(page_of("/identity-profiles"), Page::Profiles);
        assert_eq!(page_of("/sources/abc/file"), Page::SourceFile);
        assert_eq!(id_of("/sources/a%20b/file"), "a b");
        assert_eq!(page_of("/sources/abc/other"), Page::NotFound);
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
    #[test]
    fn at_a_hosts_root_addresses_are_the_page_addresses() {
        let site = Site::default();
        assert_eq!(
            site.href("/sources/abc?sort=name#x"),
            "/sources/abc?sort=name#x"
        );
        assert_eq!(site.href("/"), "/");
        assert_eq!(
            site.route("/sources/abc", "?sort=name"),
            Some(("/sources/abc".into(), "sort=name".into()))
        );
        assert_eq!(site.route("/index.html", ""), Some(("/".into(), "".into())));
        assert_eq!(
            site.asset("isc-demo-worker_loader.js"),
            "/isc-demo-worker_loader.js"
        );
    }

    #[test]
    fn under_a_path_every_address_stays_inside_it_and_reads_back() {
        let site = Site::new("tools/isc", true);
        assert_eq!(site.base(), "/tools/isc/");
        assert_eq!(
            site.href("/sources/abc?page=2"),
            "/tools/isc/sources/abc?page=2"
        );
        assert_eq!(site.href("/"), "/tools/isc/");
        assert_eq!(site.href("/tasks#task-1"), "/tools/isc/tasks#task-1");
        assert_eq!(
            site.asset("/isc-demo-worker_loader.js"),
            "/tools/isc/isc-demo-worker_loader.js"
        );
        for route in [
            "/",
            "/sources",
            "/accounts/a%20b?source=1&page=2",
            "/accounts?x=1",
        ] {
            let href = site.href(route);
            assert_eq!(site.route_of_href(&href).as_deref(), Some(route), "{href}");
        }
        assert_eq!(site.route("/tools/isc", ""), Some(("/".into(), "".into())));
        assert_eq!(
            site.route("/tools/isc/index.html", ""),
            Some(("/".into(), "".into()))
        );
        // Outside the base: not the console's.
        assert_eq!(site.route("/tools/other/sources", ""), None);
        assert_eq!(site.route_of_href("/sources"), None);
        assert_eq!(site.route_of_href("//evil.example/tools/isc/"), None);
        assert_eq!(site.route_of_href("#main"), None);
    }

    #[test]
    fn without_a_fallback_the_address_goes_in_the_query_and_survives_a_reload() {
        let site = Site::new("/some/path/", false);
        let href = site.href("/accounts/a%20b?source=2c91&page=2#top");
        assert_eq!(
            href,
            "/some/path/?path=/accounts/a%2520b&source=2c91&page=2#top"
        );
        // What the browser shows after a reload of that address reads back as the page.
        assert_eq!(
            site.route("/some/path/", "?path=/accounts/a%2520b&source=2c91&page=2"),
            Some(("/accounts/a%20b".into(), "source=2c91&page=2".into()))
        );
        assert_eq!(
            id_of(
                &site
                    .route("/some/path/", "path=/accounts/a%2520b")
                    .unwrap()
                    .0
            ),
            "a b"
        );
        assert_eq!(site.href("/"), "/some/path/");
        assert_eq!(site.href("/?x=1"), "/some/path/?x=1");
        // What the 404 page's guard writes (encodeURIComponent, then `/` restored) reads too.
        assert_eq!(
            site.route("/some/path/", "path=%2Fsources%2Fabc&sort=name"),
            Some(("/sources/abc".into(), "sort=name".into()))
        );
        // A path parameter that is not a page address opens the home page.
        assert_eq!(
            site.route("/some/path/", "path=https://evil.example/"),
            Some(("/".into(), "".into()))
        );
        assert_eq!(
            site.route("/some/path/", "path=//evil.example"),
            Some(("/".into(), "".into()))
        );
        // The pretty form still reads when a host without a fallback happens to serve it.
        assert_eq!(
            site.route("/some/path/sources", ""),
            Some(("/sources".into(), "".into()))
        );
    }
}
