//! Where the console is served: its pages' addresses under a host's path, with or without
//! a single-page fallback.

use super::is_internal;

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
