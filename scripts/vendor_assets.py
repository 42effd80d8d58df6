"""Copy the front-end files nncc serves from node_modules into src/nncc/static/vendor.

Run by `make assets` after `npm ci`. Deployments are air-gapped: every script, style sheet and
font the pages use is served by the app itself, never from a CDN.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "src" / "nncc" / "kernel" / "static" / "vendor"

#: file in node_modules -> folder under static/vendor (the file keeps its name)
FILES = {
    "htmx.org/dist/htmx.min.js": "htmx",
    "bootstrap/dist/css/bootstrap.min.css": "bootstrap",
    "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap",
    "bootstrap-icons/font/bootstrap-icons.min.css": "bootstrap-icons",
    "bootstrap-icons/font/fonts/bootstrap-icons.woff2": "bootstrap-icons/fonts",
    "bootstrap-icons/font/fonts/bootstrap-icons.woff": "bootstrap-icons/fonts",
    "swagger-ui-dist/swagger-ui.css": "swagger-ui-dist",
    "swagger-ui-dist/swagger-ui-bundle.js": "swagger-ui-dist",
    "swagger-ui-dist/swagger-ui-standalone-preset.js": "swagger-ui-dist",
    "swagger-ui-dist/favicon-32x32.png": "swagger-ui-dist",
}


def main() -> int:
    missing = [source for source in FILES if not (NODE_MODULES / source).is_file()]
    if missing:
        print("Missing in node_modules (run `npm ci`):", *missing, sep="\n  ", file=sys.stderr)
        return 1
    for source, target in FILES.items():
        destination = VENDOR / target / Path(source).name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE_MODULES / source, destination)
    print(f"Vendored {len(FILES)} files into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
