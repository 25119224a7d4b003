"""Take a screenshot of a running app in headless Chromium: python scripts/screenshot.py URL OUT.png."""

from __future__ import annotations

import argparse

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--click", help="CSS selector to click before the screenshot")
    parser.add_argument("--full-page", action="store_true")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        messages = []
        page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
        page.goto(args.url)
        page.wait_for_selector("#timeline .scatterlayer", timeout=60000)
        page.wait_for_load_state("networkidle")
        if args.click:
            page.click(args.click)
        page.wait_for_timeout(800)
        page.screenshot(path=args.out, full_page=args.full_page)
        browser.close()
    for m in messages:
        print(m)


if __name__ == "__main__":
    main()
