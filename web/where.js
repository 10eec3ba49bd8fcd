// The start of boot.js (scripts/trunk-post-build.sh): where the console is served, found while
// the wasm downloads. src/route.rs reads both answers.
// - window.__isc_base: the folder of the console's files (this script's own).
// - window.__isc_fallback: resolves to whether the host serves the console's page at a page
//   address (a single-page fallback, or a 404.html like GitHub Pages'): true when the guard in
//   index.html saw it happen, or as this tab found it before, else by reading <folder>/tasks.
window.__isc_base = new URL('./', import.meta.url).pathname;
window.__isc_fallback = (() => {
  if (window.__isc_deep) return Promise.resolve(true);
  let seen = null;
  try { seen = sessionStorage.getItem('isc-console.addresses'); } catch (_) { /* storage off */ }
  if (seen === 'pretty ' + window.__isc_base) return Promise.resolve(true);
  if (seen === 'query ' + window.__isc_base) return Promise.resolve(false);
  return fetch(new URL('./tasks', import.meta.url), { cache: 'no-store', signal: AbortSignal.timeout(2000) })
    .then((r) => r.text())
    .then((t) => t.includes('<meta name="application-name" content="ISC Console">'))
    .catch(() => false);
})();
