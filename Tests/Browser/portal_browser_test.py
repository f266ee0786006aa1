#!/usr/bin/env python3
"""Browser test of the collection portal (run by `make test` after `swift test`).

Headless Chromium through chromedriver (Debian's chromium + chromium-driver) and selenium:
starts `taizhang serve` on a free loopback port with a fresh data folder (tokens from
`taizhang access --format json`), then, as a town on a 390-px-wide touch phone:
  - clicks its sign-in link on a page of another site (the portal at 127.0.0.1, the page at
    localhost) and lands on its own page, signed in;
  - is not offered drag-and-drop (a touch screen), reads the chart's text at 11 px or more;
  - uploads a faulty ledger (a sample with one wrong cell, 团员人数 2) through the page's form
    and sees the finding with its cell; downloads the annotated copy (an xlsx with 校验结果,
    read with openpyxl);
  - corrects the flagged cell through its input (16-px text), 保存修改, and sees 已通过;
  - adds a row through 新增一行 and sees it in the progress count (已建 N+1);
  - sees both edits in the history as 在线修改;
then, as the district on a desktop window, sees drag-and-drop offered and the town on the board.
The weekly rhythm: with four towns' 10-16 ledgers recorded beforehand (`taizhang import
--received`), the board's reminder is copied with its button (hidden when JavaScript is off, the
text still there to select), the bulletin page /bulletin/2026-10-16 prints from Chromium on one
A4 page, and a liaison leader's link shows their towns only. `--previews DIR` writes the printed
bulletin page as a PNG there.

`--screenshots DIR` saves the phone's pages on the way (docs/portal-phone-*.png).
Prints `browser: N passed, M failed` and exits 1 on a failure; prints `browser: skipped (…)`
and exits 0 only when chromium, chromedriver or selenium is not there.
"""
import argparse
import base64
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

TOWN = "湖坊镇"
PHONE = {"width": 390, "height": 844}


def skipped(reason):
    """Skipped where Chromium or selenium is missing; under CI (CI=true) they must be there."""
    if os.environ.get("CI", "").lower() == "true":
        print(f"browser: FAILED, CI needs it ({reason})")
        sys.exit(1)
    print(f"browser: skipped ({reason})")
    sys.exit(0)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Portal:
    """`taizhang serve` on a fresh data folder, stopped with SIGTERM at the end."""

    def __init__(self, binary, work):
        self.data = os.path.join(work, "data")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        access = subprocess.run([binary, "access", "--data", self.data, "--format", "json"],
                                check=True, capture_output=True, text=True)
        self.tokens = json.loads(access.stdout)
        self.log = open(os.path.join(work, "serve.log"), "w")
        self.process = subprocess.Popen([binary, "serve", "--data", self.data, "--port", str(self.port)],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as answer:
                    if answer.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
            if self.process.poll() is not None:
                break
        self.stop()
        raise RuntimeError("taizhang serve did not start: " + open(self.log.name).read()[-2000:])

    def link(self, token):
        return f"{self.base}/login?token={token}"

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


class OtherSite:
    """A page on another site (http://localhost:PORT, while the portal is at 127.0.0.1) with a
    sign-in link, as a chat or webmail shows it."""

    def __init__(self, link):
        page = f'<!doctype html><meta charset="utf-8"><title>工作群</title><p><a id="link" href="{link}">{link}</a></p>'.encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *arguments):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://localhost:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


def browser(downloads, width=1366, height=768, phone=False, javascript=True):
    """Headless Chromium; with `phone`, a 390-px-wide touch phone (mobile emulation)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--lang=zh-CN"):
        options.add_argument(argument)
    if phone:
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": PHONE["width"], "height": PHONE["height"], "pixelRatio": 2.0, "touch": True},
            "userAgent": "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
                         "Chrome/120.0 Mobile Safari/537.36"})
    else:
        options.add_argument(f"--window-size={width},{height}")
    prefs = {"download.default_directory": downloads, "download.prompt_for_download": False,
             "intl.accept_languages": "zh-CN,zh"}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def record_week(binary, work, data):
    """Four towns' ledgers as they stood on 10-16, recorded as received that morning; 扬子洲镇 silent."""
    folder = os.path.join(work, "as-of-10-16")
    subprocess.run([binary, "sample", "-o", folder, "--as-of", "2026-10-16"], check=True, capture_output=True)
    files = [os.path.join(folder, f"{town}台账.xlsx") for town in ("湖坊镇", "罗家镇", "塘山镇", "京东镇")]
    subprocess.run([binary, "import", "--data", data, "--received", "2026-10-16T10:00:00+08:00"] + files,
                   check=True, capture_output=True)


def pdf_pages(path):
    """The page count and the first page's size in points (pdfinfo)."""
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    size = re.search(r"Page size:\s+([0-9.]+) x ([0-9.]+)", info)
    return pages, (float(size.group(1)), float(size.group(2)))


def wait_for_file(folder, suffix, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        done = [name for name in os.listdir(folder) if name.endswith(suffix)]
        if done:
            return os.path.join(folder, done[0])
        time.sleep(0.2)
    return None


def wait_for(condition, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception:  # the page is still loading
            pass
        time.sleep(0.2)
    return None


def label(cell):
    """A header cell's column label, without the template's required mark (`团员人数 *`)."""
    return str(cell.value or "").rstrip(" *")


def faulty_ledger(binary, work):
    """A valid sample of the town with one wrong cell: 团员人数 2 in 直属团组织's first data
    row (below the minimum of 3); the sample's first cadre, for a new row's 挂点班子成员."""
    import openpyxl
    samples = os.path.join(work, "samples")
    subprocess.run([binary, "sample", "-o", samples], check=True, capture_output=True)
    source = os.path.join(samples, f"{TOWN}台账.xlsx")
    book = openpyxl.load_workbook(source)
    sheet = book["直属团组织"]
    header = next(row for row in sheet.iter_rows(max_row=10) if any(label(cell) == "团员人数" for cell in row))
    column = next(cell.column for cell in header if label(cell) == "团员人数")
    sheet.cell(row=header[0].row + 1, column=column).value = 2
    cadres = book["挂点包干"]
    cadre_header = next(row for row in cadres.iter_rows(max_row=10) if any(label(cell) == "姓名" for cell in row))
    name_column = next(cell.column for cell in cadre_header if label(cell) == "姓名")
    cadre = cadres.cell(row=cadre_header[0].row + 1, column=name_column).value
    path = os.path.join(work, f"{TOWN}台账.xlsx")
    book.save(path)
    return path, cadre


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=".build/debug/taizhang", help="the taizhang binary")
    parser.add_argument("--screenshots", help="save the phone's pages here as portal-phone-*.png")
    parser.add_argument("--previews", help="write the printed bulletin page as bulletin-page.png into this folder")
    arguments = parser.parse_args()
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        skipped("chromium or chromedriver is not installed")
    try:
        import selenium  # noqa: F401
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import Select
    except ImportError:
        skipped("selenium is not installed")
    import openpyxl

    work = tempfile.mkdtemp(prefix="taizhang-browser-")
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)
    ledger, cadre = faulty_ledger(arguments.bin, work)

    results = []

    def check(name, condition, detail=""):
        results.append(bool(condition))
        print(f"  {'ok  ' if condition else 'FAIL'} {name}" + ("" if condition or not detail else f": {detail}"))
        return bool(condition)

    def shoot(driver, name):
        if not arguments.screenshots:
            return
        os.makedirs(arguments.screenshots, exist_ok=True)
        path = os.path.join(arguments.screenshots, f"portal-phone-{name}.png")
        # The whole page: the emulated screen made as tall as the content.
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": PHONE["width"], "height": min(height, 6000), "deviceScaleFactor": 2, "mobile": True})
        driver.save_screenshot(path)
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": PHONE["width"], "height": PHONE["height"], "deviceScaleFactor": 2, "mobile": True})
        print(f"  (screenshot {path})")

    def body():
        return driver.find_element(By.TAG_NAME, "body").text

    def founded():
        match = re.search(r"已建 (\d+) 个", driver.find_element(By.ID, "standing").text)
        return int(match.group(1)) if match else None

    record_week(arguments.bin, work, os.path.join(work, "data"))
    portal = Portal(arguments.bin, work)
    other = OtherSite(portal.link(portal.tokens["towns"][TOWN]))
    driver = browser(downloads, phone=True)
    try:
        # Signing in from a link on another site.
        driver.get(other.url)
        driver.find_element(By.ID, "link").click()
        heading = wait_for(lambda: TOWN in driver.find_element(By.TAG_NAME, "h1").text and driver.find_element(By.TAG_NAME, "h1").text)
        check("a sign-in link clicked on another site lands on the town's page, signed in",
              heading and driver.current_url.rstrip("/") == portal.base, f"{driver.current_url}: {body()[:200]}")
        check("the page is a phone's (390 CSS px wide)", driver.execute_script("return window.innerWidth") == PHONE["width"])
        check("drag-and-drop is not offered on a touch screen",
              not driver.find_element(By.CSS_SELECTOR, "form.upload .drop-hint").is_displayed())
        sizes = driver.execute_script("""
            return Array.from(document.querySelectorAll('#progress svg text')).filter(t => t.getClientRects().length > 0)
              .map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);""")
        check("the progress chart's text is at least 11 px on the phone", sizes and min(sizes) >= 11,
              f"{len(sizes or [])} texts, smallest {min(sizes) if sizes else None}")
        shoot(driver, "1-home")

        # A faulty ledger through the form.
        driver.find_element(By.CSS_SELECTOR, "form.upload input[type=file]").send_keys(ledger)
        driver.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]").click()
        wait_for(lambda: "/submissions/" in driver.current_url)
        cells = [element.text for element in driver.find_elements(By.CSS_SELECTOR, ".findings-table td.cell")]
        page = body()
        check("the upload form shows the finding with its cell",
              re.search(r"/submissions/\d+\?new=1$", driver.current_url) and "需修改" in page
              and any(re.fullmatch(r"[A-Z]+[0-9]+", cell) for cell in cells) and "直属团组织" in page,
              f"{driver.current_url}, cells {cells[:5]}")
        flagged = driver.find_elements(By.CSS_SELECTOR, "form.corrections .input.flagged input[name^='cell:直属团组织!']")
        check("the flagged cell has a number input on the page", flagged and flagged[0].get_attribute("type") == "number",
              f"{[element.get_attribute('name') for element in flagged]}")
        font = driver.execute_script("return parseFloat(getComputedStyle(arguments[0]).fontSize)", flagged[0]) if flagged else 0
        height = driver.execute_script("return arguments[0].getBoundingClientRect().height", flagged[0]) if flagged else 0
        check("inputs are comfortable on the phone (16-px text, 44-px targets)", font >= 16 and height >= 44, f"{font} px, {height} px high")
        shoot(driver, "2-upload")

        driver.find_element(By.PARTIAL_LINK_TEXT, "下载批注副本").click()
        annotated = wait_for_file(downloads, ".xlsx")
        sheets = openpyxl.load_workbook(annotated, read_only=True).sheetnames if annotated else []
        check("the annotated copy downloads as an xlsx with 校验结果", "校验结果" in sheets, f"{annotated}: {sheets}")

        # The flagged cell corrected through its input.
        uploaded = driver.current_url.split("?")[0]
        driver.execute_script("arguments[0].scrollIntoView()", flagged[0])
        flagged[0].clear()
        flagged[0].send_keys("5")
        shoot(driver, "3-correct")
        driver.find_element(By.CSS_SELECTOR, "form.corrections button[type=submit]").click()
        wait_for(lambda: "edited=1" in driver.current_url)
        page = body()
        check("保存修改 shows 已通过 on the new submission",
              "edited=1" in driver.current_url and "已通过" in page and "已保存修改" in page and "在线修改" in page,
              f"{driver.current_url}: {page[:300]}")
        shoot(driver, "4-accepted")

        # The home page counts the corrected ledger; its link goes back to the forms.
        driver.get(portal.base + "/")
        before = founded()
        driver.find_element(By.PARTIAL_LINK_TEXT, "在线改正").click()
        wait_for(lambda: "/submissions/" in driver.current_url)

        # A row added through 新增一行.
        report_date = driver.find_element(By.CSS_SELECTOR, "form.corrections input[type=date][name^='cell:基本信息!']").get_attribute("value")
        details = driver.find_element(By.CSS_SELECTOR, "details.new-row")
        details.find_element(By.TAG_NAME, "summary").click()
        form = details.find_element(By.CSS_SELECTOR, "form.new-row")
        values = {"团组织名称": "湖坊镇手机新增团支部", "所在村(社区)/单位": "湖坊村", "团员人数": "6", "青年人数": "25",
                  "书记姓名": "王小明", "书记联系电话": "13900139000", "挂点班子成员": cadre}
        choices = {"组织类型": "团支部", "依托领域": "企业"}
        for field in form.find_elements(By.CSS_SELECTOR, "input[name^='col:'], select[name^='col:']"):
            label = field.get_attribute("name")[4:]
            if field.tag_name == "select" and label in choices:
                Select(field).select_by_value(choices[label])
            elif field.get_attribute("type") == "date":
                driver.execute_script("arguments[0].value = arguments[1]", field, report_date)
            elif label in values or label.startswith("所在村"):
                field.send_keys(values.get(label, "湖坊村"))
        shoot(driver, "5-new-row")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait_for(lambda: "edited=1" in driver.current_url and "已保存修改" in body())
        check("the new row is saved and the submission passes", "已通过" in body(), body()[:300])
        driver.get(portal.base + "/")
        after = founded()
        check("the row added shows in the progress count", before is not None and after == before + 1, f"{before} → {after}")
        history = driver.find_element(By.ID, "history").text
        check("the history lists both edits as 在线修改, with the upload they came from",
              history.count("在线修改") == 2 and os.path.basename(ledger) in history, history[:400])
        shoot(driver, "6-progress")
        check("the first upload's page now links to the latest",
              driver.get(uploaded) or "这不是本镇最新的一份报送" in body())
    except Exception as error:  # a broken page is a failure with its reason, not a traceback
        check("the phone run completed", False, repr(error))
    finally:
        driver.quit()
        other.stop()

    desk = browser(downloads)
    try:
        desk.get(portal.link(portal.tokens["district"]))
        board = desk.find_element(By.ID, "board").text
        submissions = desk.find_element(By.ID, "submissions").text
        town_row = next((line for line in board.splitlines() if line.startswith(TOWN)), "")
        check("the district sees the town on the board", "已交账" in town_row and "已通过" in town_row, town_row)
        check("and its edits among the submissions", "在线修改" in submissions and os.path.basename(ledger) in submissions,
              submissions[:300])
        hint = desk.find_element(By.CSS_SELECTOR, "form.upload .drop-hint")
        check("drag-and-drop is offered on a desktop where JavaScript runs (the same plain form)",
              hint.is_displayed() and desk.find_element(By.CSS_SELECTOR, "form.upload").get_attribute("enctype")
              == "multipart/form-data")

        reminder = desk.find_element(By.ID, "reminder-text").get_attribute("value")
        button = desk.find_element(By.CSS_SELECTOR, "button[data-copy]")
        check("the reminder names the towns that have not reported, with a copy button",
              "扬子洲镇" in reminder and "罗家镇" in reminder and portal.base in reminder and button.is_displayed(), reminder)
        button.click()
        time.sleep(0.5)
        status = desk.find_element(By.CSS_SELECTOR, "#reminder .copy-status").text
        check("the copy button copies (or says how to)", status in ("已复制", "请按 Ctrl+C 复制已选中的文字"), status)

        desk.get(portal.base + "/bulletin/2026-10-16")
        title = desk.find_element(By.TAG_NAME, "h1").text
        from selenium.webdriver.common.print_page_options import PrintOptions
        options = PrintOptions()
        options.page_width, options.page_height, options.orientation = 21.0, 29.7, "portrait"
        printed = os.path.join(work, "bulletin-page.pdf")
        with open(printed, "wb") as pdf:
            pdf.write(base64.b64decode(desk.print_page(options)))
        pages, size = pdf_pages(printed)
        text = subprocess.run(["pdftotext", "-layout", printed, "-"], capture_output=True, text=True).stdout
        check("the bulletin page prints from Chromium on one A4 page",
              "工作进展通报(第3期)" in title and pages == 1 and abs(size[0] - 595.3) < 1.5 and abs(size[1] - 841.9) < 1.5
              and "扬子洲镇(未交账)" in text and "共青团青山湖区委员会" in text, f"{title}: {pages} pages of {size}")
        if arguments.previews:
            os.makedirs(arguments.previews, exist_ok=True)
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", printed,
                            os.path.join(arguments.previews, "bulletin-page")], check=True)

        desk.get(portal.link(portal.tokens["liaisons"]["书记"]))
        heading = desk.find_element(By.TAG_NAME, "h1").text
        board = desk.find_element(By.ID, "board").text
        check("a liaison leader's link shows their towns, read-only",
              "书记" in heading and "湖坊镇" in board and "罗家镇" in board and "塘山镇" not in board
              and not desk.find_elements(By.CSS_SELECTOR, "form.upload"), f"{heading}: {board[:200]}")

        plain = browser(downloads, javascript=False)
        try:
            plain.get(portal.link(portal.tokens["district"]))
            text_box = plain.find_element(By.ID, "reminder-text")
            copy = plain.find_element(By.CSS_SELECTOR, "button[data-copy]")
            check("without JavaScript the reminder is there to select and the copy button stays hidden",
                  text_box.is_displayed() and "扬子洲镇" in text_box.get_attribute("value") and not copy.is_displayed(),
                  f"text box shown: {text_box.is_displayed()}, copy button shown: {copy.is_displayed()}, "
                  f"text: {text_box.get_attribute('value')[:80]}")
        finally:
            plain.quit()
    except Exception as error:
        check("the desktop run completed", False, repr(error))
    finally:
        desk.quit()
        portal.stop()
    passed = sum(results)
    failed = len(results) - passed
    print(f"browser: {passed} passed, {failed} failed")
    if failed == 0:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"(work folder kept: {work})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
