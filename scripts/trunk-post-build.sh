#!/bin/sh
# Trunk post-build hook, so that one dist/ works at a host's root or under any path:
# - builds the console cut into route chunks (scripts/build-console) into the staging folder;
# - writes boot.js: web/where.js (where the console's files are, and whether the host has a
#   fallback), then the loader of the console's main module, its URLs relative to boot.js (the
#   Content-Security-Policy forbids inline script); index.html preloads the main module;
# - makes every asset URL in index.html relative to the page (Trunk writes them from "/");
# - inlines web/guard.js at the top, allowed by its sha256 in the policy;
# - writes 404.html, the same page, for hosts that serve it for unknown paths (GitHub Pages);
# - in a release build, writes a .br (brotli -q 11) and a .gz (gzip -9) beside every text and
#   wasm file, for hosts that send precompressed files (docs/hosting.md).
set -eu
dir="${TRUNK_STAGING_DIR:?}"
root="$(cd "$(dirname "$0")/.." && pwd)"
main="$("$root/scripts/build-console" "$dir")"
python3 - "$dir" "$root/web/guard.js" "$root/web/where.js" $main <<'PY'
import base64, hashlib, re, sys, pathlib
d = pathlib.Path(sys.argv[1])
guard = pathlib.Path(sys.argv[2]).read_text()
js, wasm = sys.argv[4], sys.argv[5]
html = (d / "index.html").read_text()
loader = (f"import init from './{js}';\n"
          f"await init({{ module_or_path: new URL('./{wasm}', import.meta.url) }});\n")
(d / "boot.js").write_text(pathlib.Path(sys.argv[3]).read_text() + loader)
if 'src="./boot.js"' not in html:
    html = html.replace('</head>',
        f'    <link rel="modulepreload" href="./{js}">\n'
        f'    <link rel="preload" href="./{wasm}" as="fetch" type="application/wasm" crossorigin>\n'
        '    <script type="module" src="./boot.js"></script>\n</head>', 1)
# Asset URLs relative to the page.
html = re.sub(r'(href|src)="/(?!/)', r'\1="./', html)
if '__isc_deep' not in html:
    digest = base64.b64encode(hashlib.sha256(guard.encode()).digest()).decode()
    html = html.replace("script-src 'self'", f"script-src 'self' 'sha256-{digest}'", 1)
    csp_end = html.index('>', html.index('http-equiv="Content-Security-Policy"')) + 1
    html = html[:csp_end] + "\n    <script id=\"isc-guard\">" + guard + "</script>" + html[csp_end:]
(d / "index.html").write_text(html)
(d / "404.html").write_text(html)
PY
if [ "${TRUNK_PROFILE:-release}" = release ]; then
  find "$dir" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.html' -o -name '*.md' -o -name '*.json' \) \
    -exec gzip -9 -k -n -f {} \; -exec brotli -q 11 -k -f {} \;
fi
