#!/bin/sh
# Trunk post-build hook: move the inline <script type="module"> loader Trunk writes into
# index.html out to boot.js, so the Content-Security-Policy can forbid inline script.
set -eu
dir="${TRUNK_STAGING_DIR:?}"
python3 - "$dir" <<'PY'
import re, sys, pathlib
d = pathlib.Path(sys.argv[1])
html = (d / "index.html").read_text()
m = re.search(r'<script type="module"[^>]*>(.*?)</script>', html, re.S)
if not m or 'src=' in m.group(0).split('>')[0]:
    sys.exit(0)
(d / "boot.js").write_text(m.group(1).strip() + "\n")
html = html[:m.start()] + '<script type="module" src="/boot.js"></script>' + html[m.end():]
(d / "index.html").write_text(html)
PY
