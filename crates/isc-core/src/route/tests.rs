//! Addresses: pages, sections, titles, queries, and addresses under a host's path.

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
