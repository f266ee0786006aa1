#!/usr/bin/env python3
"""Screenshots of the portal for the README (headless Chromium, as the browser test drives it).

Usage: portal-screenshots.py BASE_URL TOKENS_JSON OUT_DIR — against a running `taizhang serve`
(e.g. `make portal`'s demo data) with the tokens of `taizhang access --format json`. Writes
portal-town.png (a town's home after an upload with errors), portal-submission.png,
portal-district.png (the board) at 1366 wide, and portal-phone.png (a town's home at 390 wide);
and the bulletin of 10-16 as the district prints it: bulletin-page.png (the page
/bulletin/2026-10-16 printed by Chromium on A4) and bulletin-sheet.png (the workbook's sheet 通报
printed by LibreOffice, with Song and Hei faces for 宋体 and 黑体 as scripts/previews.sh gives
them), both at 60 dpi.
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

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
        bulletins(driver, base, tokens["district"], out)
    finally:
        driver.quit()


def bulletins(driver, base, token, out):
    """The bulletin of 10-16: the page printed by Chromium, the workbook by LibreOffice, as PNGs."""
    from selenium.webdriver.common.print_page_options import PrintOptions
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="taizhang-previews-")
    driver.get(f"{base}/bulletin/2026-10-16")
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    page = os.path.join(work, "bulletin-page.pdf")
    with open(page, "wb") as pdf:
        pdf.write(base64.b64decode(driver.print_page(options)))
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", "1", "-l", "1", page,
                    os.path.join(out, "bulletin-page")], check=True)
    request = urllib.request.Request(f"{base}/api/district/bulletin.xlsx?date=2026-10-16",
                                     headers={"Authorization": "Bearer " + token})
    workbook = os.path.join(work, "bulletin.xlsx")
    with urllib.request.urlopen(request) as answer, open(workbook, "wb") as file:
        file.write(answer.read())
    environment = dict(os.environ)
    faces = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    if "Noto Serif CJK SC" in faces and "Noto Sans CJK SC" in faces:
        environment["FONTCONFIG_FILE"] = os.path.join(os.path.dirname(os.path.abspath(__file__)), "preview-fonts.conf")
    subprocess.run(["soffice", "-env:UserInstallation=file://" + work + "/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", work, workbook], check=True, capture_output=True, env=environment)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", "1", "-l", "1", os.path.join(work, "bulletin.pdf"),
                    os.path.join(out, "bulletin-sheet")], check=True)
    for name in ("bulletin-page.png", "bulletin-sheet.png"):
        print(f"{os.path.join(out, name)}: {os.path.getsize(os.path.join(out, name)) // 1024} KiB")


if __name__ == "__main__":
    main()
