// The start of boot.js (scripts/trunk-post-build.sh): where the console is served, found while
// the wasm downloads. src/route.rs reads both answers.
// - window.__isc_base: the folder of the console's files (this script's own).
// - window.__isc_fallback: resolves to whether the host serves the console's page at a page
//   address (a single-page fallback, or a 404.html like GitHub Pages'): true when the guard in
//   index.html saw it happen, or as this tab found it before, else by reading <folder>/tasks.
window.__isc_base = new URL('./', import.meta.url).pathname;
// - window.__isc_known: the same answer as a plain boolean when it is known at once, so the
//   console mounts without waiting.
window.__isc_fallback = (() => {
  let seen = null;
  try { seen = sessionStorage.getItem('isc-console.addresses'); } catch (_) { /* storage off */ }
  if (window.__isc_deep || seen === 'pretty ' + window.__isc_base) window.__isc_known = true;
  else if (seen === 'query ' + window.__isc_base) window.__isc_known = false;
  if (typeof window.__isc_known === 'boolean') return Promise.resolve(window.__isc_known);
  return fetch(new URL('./tasks', import.meta.url), { cache: 'no-store', signal: AbortSignal.timeout(2000) })
    .then((r) => r.text())
    .then((t) => t.includes('<meta name="application-name" content="ISC Console">'))
    .catch(() => false);
})();
