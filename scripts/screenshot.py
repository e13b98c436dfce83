"""Screenshots of built pages in headless Chromium, to look at what visitors see.

Usage: python scripts/screenshot.py OUT_DIR PATH [PATH ...]   (site/ must be built)
Each PATH (e.g. ``programs/``) is shot at phone (390×844) and desktop (1366×768) size.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from browser import launch_chromium, serve_site  # noqa: E402

SIZES = {"phone": (390, 844), "desktop": (1366, 768)}


def main(out: str, *paths: str) -> None:
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    with serve_site(Path("site")) as base, launch_chromium() as browser:
        for name, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for path in paths:
                page.goto(base + path)
                target = out_dir / f"{name}-{path.strip('/').replace('/', '_') or 'home'}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            page.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
