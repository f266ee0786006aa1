#!/usr/bin/env python3
"""Live tests of `taizhang serve` as a process: durability under SIGKILL, slow and silent
clients, a declared or chunked body over the limit, a second server on the same folder, SIGTERM,
a town's hourly limit and quota, a worker process killed in the middle of an upload, and ledgers
whose numbers are set to extremes uploaded, annotated and merged.

Usage: portal_live_test.py PATH/TO/taizhang
Prints one line per check and closes with `live: N passed, M failed`; exits 1 on a failure.
"""
import hashlib, http.client, io, json, os, random, re, shutil, signal, socket, subprocess, sys, tempfile, threading, time, urllib.parse, zipfile

BIN = os.path.abspath(sys.argv[1])
WORK = tempfile.mkdtemp(prefix="taizhang-live-")
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail), flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(data, port, *extra):
    log = open(os.path.join(WORK, f"serve-{port}-{time.time()}.log"), "w")
    process = subprocess.Popen([BIN, "serve", "--data", data, "--port", str(port), *extra], stdout=log, stderr=subprocess.STDOUT)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("serve exited: " + open(log.name).read())
            time.sleep(0.05)
    raise RuntimeError("serve did not start")


def request(port, method, path, token, body=None, headers=None, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    all_headers = {"Authorization": "Bearer " + token}
    all_headers.update(headers or {})
    connection.request(method, path, body=body, headers=all_headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def upload(port, token, data, name, town=None):
    path = "/api/submissions" + ("?town=" + urllib.parse.quote(town) if town else "")
    return request(port, "POST", path, token, data, {"X-Filename": urllib.parse.quote(name), "Content-Type": "application/octet-stream"})


def big_ledger(rows):
    """A ledger whose 直属团组织 holds `rows` rows (inline strings, written directly): reading it
    takes a worker a few seconds, long enough to kill the worker in the middle."""
    def cell(ref, text):
        return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)
    header = ["序号", "团组织名称", "组织类型", "依托领域", "所在村(社区)/单位", "成立日期", "团员人数", "青年人数", "书记姓名",
              "书记联系电话", "挂点班子成员", "备注"]
    letters = "ABCDEFGHIJKL"
    lines = ['<row r="1">' + "".join(cell(letters[i] + "1", h) for i, h in enumerate(header)) + "</row>"]
    for r in range(2, rows + 2):
        values = [str(r - 1), "第%d团支部" % r, "团支部", "企业", "某公司", "2026-10-08", "5", "9", "张三", "13800138000", "李四", ""]
        lines.append('<row r="%d">' % r + "".join(cell(letters[i] + str(r), v) for i, v in enumerate(values)) + "</row>")
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             "<sheetData>" + "".join(lines) + "</sheetData></worksheet>")
    form = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1">' + cell("A1", "镇名称") + cell("B1", "湖坊镇") + "</row></sheetData></worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                         '<Default Extension="xml" ContentType="application/xml"/>'
                         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                         '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        archive.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                         '<sheet name="基本信息" sheetId="1" r:id="rId1"/><sheet name="直属团组织" sheetId="2" r:id="rId2"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                         '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>')
        archive.writestr("xl/worksheets/sheet1.xml", form)
        archive.writestr("xl/worksheets/sheet2.xml", sheet)
    return buffer.getvalue()


def workers_of(server):
    """The worker processes `serve` started (its children)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == server.pid:
                    found.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return found


EXTREMES = ["9223372036854775807", "-9223372036854775808", "4294967296", "-1", "100000000000000000000"]


def hostile_variants(ledger):
    """The ledger with one number of its package set to an extreme, a variant per (site, extreme):
    the sheet ids and the count of shared strings (where issue 20's crashes were), a defined name's
    sheet, a style index and a row number."""
    source = zipfile.ZipFile(io.BytesIO(ledger))
    parts = {name: source.read(name) for name in source.namelist()}
    sites = [("xl/workbook.xml", rb'sheetId="(\d+)"'), ("xl/sharedStrings.xml", rb'count="(\d+)"'),
             ("xl/sharedStrings.xml", rb'uniqueCount="(\d+)"'), ("xl/workbook.xml", rb'localSheetId="(\d+)"'),
             ("xl/worksheets/sheet2.xml", rb' s="(\d+)"'), ("xl/worksheets/sheet2.xml", rb'<row r="(\d+)"')]
    for part, pattern in sites:
        match = re.search(pattern, parts.get(part, b""))
        if not match:
            continue
        for extreme in EXTREMES:
            changed = dict(parts)
            changed[part] = parts[part][:match.start(1)] + extreme.encode() + parts[part][match.end(1):]
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for name in source.namelist():
                    target.writestr(name, changed[name])
            yield "%s %s=%s" % (part, pattern.decode().split("=")[0].split("<")[-1].strip(' "('), extreme), out.getvalue()


def hostile_numbers(data, tokens, ledger):
    """湖坊镇's ledger with its numbers set to extremes, uploaded, the annotated copies downloaded twice and the
    district's outputs built: every answer is a clean one and the server serves on."""
    district, town = tokens["district"], tokens["towns"]["湖坊镇"]
    port = free_port()
    server = start(data, port, "--uploads-per-hour", "100000")
    variants = list(hostile_variants(ledger))
    unclean = []
    for name, body in variants:
        status, answer = upload(port, town, body, "hostile.xlsx")
        if status != 201:
            unclean.append((name, "upload", status))
            continue
        submission = json.loads(answer)
        for _ in range(2):
            status, _ = request(port, "GET", "/api/submissions/%d/annotated" % submission["id"], town)
            # 200 the copy, 404 nothing to mark, 422 no-annotated-copy (a sheet too damaged to copy).
            if status not in (200, 404, 422) or server.poll() is not None:
                unclean.append((name, "annotated", status))
                break
        for output in ("ledger.xlsx", "awards.xlsx", "scores.json"):
            status, _ = request(port, "GET", "/api/district/" + output, district, timeout=120)
            if status >= 500 and status != 503 or server.poll() is not None:
                unclean.append((name, output, status))
        if server.poll() is not None:
            break
    status, _ = request(port, "GET", "/healthz", district) if server.poll() is None else (0, b"")
    check("%d ledgers with extreme numbers are uploaded, annotated and merged; the server serves on" % len(variants),
          len(variants) >= 20 and not unclean and status == 200, "%d variants: %r" % (len(variants), unclean[:5]))
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def limits_and_workers(data, tokens, ledgers):
    """A town's hourly limit and quota, a chunked body over the limit, and a worker killed in
    the middle of an upload: the server answers and serves on."""
    district, town = tokens["district"], tokens["towns"]["湖坊镇"]
    other = tokens["towns"]["罗家镇"]
    port = free_port()
    server = start(data, port, "--uploads-per-hour", "3", "--quota", "1", "--max-upload", "1")
    statuses = [upload(port, town, ("limit test %d %f" % (i, random.random())).encode(), "l%d.xlsx" % i)[0] for i in range(3)]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/api/submissions", body=b"one more",
                       headers={"Authorization": "Bearer " + town, "X-Filename": "l4.xlsx"})
    response = connection.getresponse()
    body = json.loads(response.read())
    connection.close()
    check("a town past --uploads-per-hour is answered 429 rate-limited with Retry-After",
          statuses == [201, 201, 201] and response.status == 429 and body["error"]["code"] == "rate-limited"
          and int(response.getheader("Retry-After", "0")) > 3000, "%r %d %r" % (statuses, response.status, body))
    status, _ = upload(port, other, b"another town is not limited", "o.xlsx")
    check("another town's upload is still accepted", status == 201, str(status))
    same_status, same = upload(port, other, b"another town is not limited", "o2.xlsx")
    check("the same bytes as the latest upload are answered 200 with it", same_status == 200 and json.loads(same)["file_name"] == "o.xlsx",
          "%d %r" % (same_status, same[:200]))
    status, answer = upload(port, other, os.urandom(700 * 1024), "q1.xlsx")
    status2, answer2 = upload(port, other, os.urandom(700 * 1024), "q2.xlsx")
    check("past --quota an upload is answered 507 quota-exceeded", status == 201 and status2 == 507
          and json.loads(answer2)["error"]["code"] == "quota-exceeded", "%d %d %r" % (status, status2, answer2[:200]))
    chunked = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    chunked.putrequest("POST", "/api/submissions")
    chunked.putheader("Authorization", "Bearer " + district)
    chunked.putheader("Transfer-Encoding", "chunked")
    chunked.putheader("X-Filename", "chunked.xlsx")
    chunked.endheaders()
    try:
        for _ in range(40):
            piece = b"x" * 65536
            chunked.send(b"%x\r\n" % len(piece) + piece + b"\r\n")
        chunked.send(b"0\r\n\r\n")
    except OSError:
        pass
    reply = chunked.getresponse()
    check("a chunked body over --max-upload is answered 413", reply.status == 413, str(reply.status))
    chunked.close()
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)

    port = free_port()
    server = start(data, port, "--uploads-per-hour", "1000")
    big = big_ledger(150000)
    answers = []
    sender = threading.Thread(target=lambda: answers.append(upload(port, district, big, "big.xlsx", "京东镇")))
    sender.start()
    killed = []
    deadline = time.time() + 20
    while sender.is_alive() and time.time() < deadline and not killed:
        time.sleep(0.3)
        for pid in workers_of(server):
            try:
                with open("/proc/%d/stat" % pid) as stat:
                    busy = stat.read().rsplit(")", 1)[1].split()[0] == "R"
            except OSError:
                busy = False
            if busy:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
    sender.join(timeout=120)
    status, answer = answers[0] if answers else (0, b"{}")
    body = json.loads(answer)
    findings = body.get("findings", [])
    check("a worker killed during an upload: 201 unreadable with one internal-error finding naming the request",
          bool(killed) and status == 201 and body.get("status") == "unreadable" and len(findings) == 1
          and findings[0]["code"] == "internal-error" and "请求编号" in findings[0]["message"],
          "killed %r, %d %r" % (killed, status, answer[:300]))
    health, _ = request(port, "GET", "/healthz", district)
    status, answer = upload(port, district, ledgers[3], "ledger.xlsx")
    check("after the worker died the server serves on and reads the next upload",
          health == 200 and status == 201 and json.loads(answer)["status"] != "unreadable", "%d %d %r" % (health, status, answer[:200]))
    server.send_signal(signal.SIGTERM)
    check("SIGTERM stops the server with its workers (exit 0)", server.wait(timeout=30) == 0 and not workers_of(server),
          str(server.returncode))


def main():
    samples = os.path.join(WORK, "samples")
    subprocess.run([BIN, "sample", "-o", samples, "--faults"], check=True, stdout=subprocess.DEVNULL)
    ledgers = [open(os.path.join(samples, f), "rb").read() for f in sorted(os.listdir(samples)) if f.endswith(".xlsx")]
    data = os.path.join(WORK, "data")
    tokens = json.loads(subprocess.run([BIN, "access", "--data", data, "--format", "json"], check=True,
                                       capture_output=True, text=True).stdout)
    district = tokens["district"]
    towns = list(tokens["towns"])

    # Durability: uploads in flight, SIGKILL, start again: every 201 is there with its bytes (the
    # towns' hourly limit is not what this is about).
    port = free_port()
    server = start(data, port, "--uploads-per-hour", "100000")
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()

    def uploader(worker):
        count = 0
        while not stop.is_set():
            count += 1
            if count % 3 == 0:
                body = ("unreadable upload %d-%d %f" % (worker, count, random.random())).encode()
            else:
                body = ledgers[(worker + count) % len(ledgers)]
            try:
                status, answer = upload(port, district, body, "w%d-%d.xlsx" % (worker, count), towns[worker % len(towns)])
            except OSError:
                return
            if status == 201:
                with lock:
                    acknowledged.append((json.loads(answer)["id"], hashlib.sha256(body).hexdigest()))

    threads = [threading.Thread(target=uploader, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(2.0 + random.random())
    server.send_signal(signal.SIGKILL)
    server.wait()
    stop.set()
    for thread in threads:
        thread.join()
    check("uploads were in flight when the server was killed", len(acknowledged) > 5, str(len(acknowledged)))
    port = free_port()
    server = start(data, port)
    missing = []
    for submission_id, digest in acknowledged:
        status, answer = request(port, "GET", "/api/submissions/%d" % submission_id, district)
        if status != 200 or json.loads(answer)["sha256"] != digest:
            missing.append(submission_id)
            continue
        status, body = request(port, "GET", "/api/submissions/%d/file" % submission_id, district)
        if status != 200 or hashlib.sha256(body).hexdigest() != digest:
            missing.append(submission_id)
    check("after SIGKILL every upload answered 201 is there with its bytes (%d)" % len(acknowledged), not missing, str(missing[:10]))

    # A second server on the same folder is refused with a clear message.
    second = subprocess.run([BIN, "serve", "--data", data, "--port", str(free_port())], capture_output=True, text=True, timeout=30)
    check("a second serve on the same data folder is refused", second.returncode == 2 and "already using" in second.stderr,
          second.stderr)
    server.send_signal(signal.SIGTERM)
    check("SIGTERM stops the server cleanly (exit 0)", server.wait(timeout=30) == 0, str(server.returncode))

    # Slow and silent clients, and a declared body over the limit.
    port = free_port()
    server = start(data, port, "--body-timeout", "2", "--idle-timeout", "3", "--max-upload", "1")
    slow = socket.create_connection(("127.0.0.1", port))
    slow.sendall(("POST /api/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                  "X-Filename: slow.xlsx\r\nContent-Length: 100000\r\n\r\n" % district).encode() + b"PK\x03\x04")
    began = time.time()
    status, _ = request(port, "GET", "/healthz", district, timeout=5)
    check("the portal serves others while a client is slow", status == 200)
    slow.settimeout(15)
    answer = b""
    try:
        while not answer.endswith(b"}\n") and len(answer) < 10000:
            chunk = slow.recv(4096)
            if not chunk:
                break
            answer += chunk
    except socket.timeout:
        pass
    took = time.time() - began
    check("a slow body is answered 408 after the body timeout", answer.startswith(b"HTTP/1.1 408") and took < 10,
          "%r after %.1fs" % (answer[:60], took))
    slow.close()

    silent = socket.create_connection(("127.0.0.1", port))
    silent.settimeout(15)
    began = time.time()
    try:
        closed = silent.recv(1) == b""
    except (socket.timeout, ConnectionResetError):
        closed = False
    check("a silent connection is closed after the idle timeout", closed and time.time() - began < 10,
          "%.1fs" % (time.time() - began))
    silent.close()

    big = socket.create_connection(("127.0.0.1", port))
    big.sendall(("POST /api/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                 "X-Filename: big.xlsx\r\nContent-Length: 2147483648\r\n\r\n" % district).encode())
    big.settimeout(10)
    try:
        head = big.recv(200)
    except socket.timeout:
        head = b""
    check("a declared 2 GiB body is answered 413 before it is sent", head.startswith(b"HTTP/1.1 413"), repr(head[:60]))
    big.close()
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)

    limits_and_workers(os.path.join(WORK, "limits"), json.loads(subprocess.run(
        [BIN, "access", "--data", os.path.join(WORK, "limits"), "--format", "json"], check=True, capture_output=True, text=True).stdout),
        ledgers)

    hostile_numbers(os.path.join(WORK, "hostile"), json.loads(subprocess.run(
        [BIN, "access", "--data", os.path.join(WORK, "hostile"), "--format", "json"], check=True, capture_output=True, text=True).stdout),
        open(os.path.join(samples, "湖坊镇台账.xlsx"), "rb").read())

    passed = sum(results)
    print("live: %d passed, %d failed" % (passed, len(results) - passed))
    shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(0 if passed == len(results) else 1)


if __name__ == "__main__":
    main()
