#!/usr/bin/env python3
"""Screenshots of the portal for the README (headless Chromium, as the browser test drives it).

Usage: portal-screenshots.py BASE_URL TOKENS_JSON OUT_DIR — against a running `taizhang serve`
(e.g. `make portal`'s demo data) with the tokens of `taizhang access --format json`. Writes
portal-town.png (a town's home after an upload with errors), portal-submission.png,
portal-district.png (the board) at 1366 wide, and portal-phone.png (a town's home at 390 wide).
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "Browser"))
from portal_browser_test import browser  # noqa: E402


def shoot(driver, path, width, height):
    """The page at `width`, as tall as its content up to `height`."""
    driver.set_window_size(width, 768)
    content = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(content, 768), height))
    driver.save_screenshot(path)
    print(f"{path}: {os.path.getsize(path) // 1024} KiB")


def main():
    base, tokens_file, out = sys.argv[1], sys.argv[2], sys.argv[3]
    tokens = json.load(open(tokens_file))
    town = "塘山镇"  # the demo's town whose current upload has errors
    driver = browser(out)
    try:
        driver.get(f"{base}/login?token={tokens['towns'][town]}")
        shoot(driver, os.path.join(out, "portal-town.png"), 1366, 2600)
        link = driver.find_element("css selector", "#latest a[href^='/submissions/']").get_attribute("href")
        driver.get(link)
        shoot(driver, os.path.join(out, "portal-submission.png"), 1366, 1800)
        driver.get(f"{base}/")
        shoot(driver, os.path.join(out, "portal-phone.png"), 390, 2200)
        driver.get(f"{base}/login?token={tokens['district']}")
        shoot(driver, os.path.join(out, "portal-district.png"), 1366, 2600)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
