// Inlined into index.html and 404.html by scripts/trunk-post-build.sh (allowed by its hash in
// the Content-Security-Policy). When the host served this page at a page address (a
// single-page fallback, or GitHub Pages' 404.html), it moves the address to the console's
// folder with the page in ?path=, before any other file is asked for: the files beside this
// page are then found at any depth. The console writes the pretty address back (src/route.rs).
(function () {
  var l = location;
  // IdentityIQ's pages first: /iiq/accounts/… must not read as a console under /iiq/.
  var m = /^(.*\/)(iiq)((?:\/[^\/]+){0,3})$/.exec(l.pathname) ||
    /^(.*\/)(connect|sources|accounts|identities|identity-profiles|tasks|activity)((?:\/[^\/]+){0,2})$/.exec(l.pathname);
  if (!m) return;
  var q = l.search.slice(1);
  var page = encodeURIComponent('/' + m[2] + m[3]).replace(/%2F/g, '/');
  history.replaceState(history.state, '', m[1] + '?path=' + page + (q ? '&' + q : '') + l.hash);
  window.__isc_deep = true;
})();
