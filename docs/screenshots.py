"""Take screenshots of a running site with the system Chromium (used for the README).

.venv/bin/python docs/screenshots.py http://127.0.0.1:8000 docs/
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = [("home", "/"), ("call", "/calls/")]
SIZES = [("desktop", 1280, 900), ("phone", 375, 812)]


def main(base_url, out_dir, pages=PAGES):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        for size, width, height in SIZES:
            page = browser.new_page(viewport={"width": width, "height": height})
            for name, path in pages:
                page.goto(base_url.rstrip("/") + path)
                page.screenshot(path=str(out / f"{name}-{size}.png"), full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    extra = [tuple(arg.split("=", 1)) for arg in sys.argv[3:]]
    main(sys.argv[1], sys.argv[2], extra or PAGES)
