#!/bin/sh
# Trunk post-build hook, so that one dist/ works at a host's root or under any path:
# - moves the inline <script type="module"> loader Trunk writes into index.html out to boot.js
#   (the Content-Security-Policy forbids inline script), with its URLs relative to boot.js,
#   after web/where.js (where the console's files are, and whether the host has a fallback);
# - makes every asset URL in index.html relative to the page (Trunk writes them from "/");
# - inlines web/guard.js at the top, allowed by its sha256 in the policy;
# - writes 404.html, the same page, for hosts that serve it for unknown paths (GitHub Pages).
set -eu
dir="${TRUNK_STAGING_DIR:?}"
root="$(cd "$(dirname "$0")/.." && pwd)"
python3 - "$dir" "$root/web/guard.js" "$root/web/where.js" <<'PY'
import base64, hashlib, re, sys, pathlib
d = pathlib.Path(sys.argv[1])
guard = pathlib.Path(sys.argv[2]).read_text()
html = (d / "index.html").read_text()
m = re.search(r'<script type="module"[^>]*>(.*?)</script>', html, re.S)
if m and 'src=' not in m.group(0).split('>')[0]:
    loader = m.group(1).strip()
    # import … from '/x.js' -> './x.js' (relative to boot.js); the wasm beside it too.
    loader = re.sub(r"from '/([^']+)'", r"from './\1'", loader)
    loader = re.sub(r"module_or_path: '/([^']+)'", r"module_or_path: new URL('./\1', import.meta.url)", loader)
    boot = pathlib.Path(sys.argv[3]).read_text() + loader + "\n"
    (d / "boot.js").write_text(boot)
    html = html[:m.start()] + '<script type="module" src="./boot.js"></script>' + html[m.end():]
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
