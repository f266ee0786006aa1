#!/usr/bin/env python3
"""The portal's benchmark (issue 13), run by `make bench` (or `make bench-portal` alone).

Against `taizhang serve` (release build) on loopback, with a district of 5,000 invented towns:
  1. upload-to-findings latency of a ledger of a few hundred rows: 1 client, then 20 concurrent
     clients (closed loop: each sends its next upload when it has its answer), p50 and p95, while
     no other town has a current submission;
  2. every town's ledger as of 10-16 recorded as received that day (`taizhang import --received`,
     one process beside the server), then the upload latency again (1 client) with 5,000 towns
     current;
  3. the status board (`/api/status`), progress (`/api/progress`), the district's page (`/`), the
     weekly rhythm's bulletin of 10-16 (`/api/district/bulletin.xlsx` and the page
     `/bulletin/2026-10-16`), the bulletin of 10-23 (every town not on time) and the reminder (`/api/district/reminder`, naming every town: none
     has reported since the current report day began) with 5,000 towns: the first (cold) request
     and 15 more, p50 and p95;
  4. the server's peak memory (VmHWM) over all of it.
The load client is ours (Python threads, http.client, keep-alive per client). Targets on this
machine: p95 < 300 ms at 20 concurrent uploads, the board < 200 ms at 5,000 towns, the district's
page, the bulletin and the reminder < 500 ms, < 256 MiB.
Writes bench/portal-results.md and prints it. Python standard library, plus openpyxl to make the
few-hundred-row ledger.
"""
import struct, datetime, hashlib, http.client, json, os, shutil, signal, socket, statistics, subprocess, sys, threading, time, urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench/work/portal")
BIN = os.path.join(ROOT, ".build/release/taizhang")
TOWNS = int(os.environ.get("PORTAL_TOWNS", "5000"))


def unique(workbook, number):
    """The same workbook as new bytes (a zip comment of its own), so that the portal reads it as a
    new upload: the same bytes as a town's latest upload are answered 200 without reading."""
    assert workbook[-22:-18] == b"PK\x05\x06", "the workbook must end with a comment-less zip directory"
    comment = b"bench %d" % number
    return workbook[:-2] + struct.pack("<H", len(comment)) + comment


def peak_memory(pid):
    """VmHWM of a process, in KiB (0 when it is gone)."""
    try:
        with open("/proc/%d/status" % pid) as status_file:
            for line in status_file:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    """The processes `pid` started (the portal's workers)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return found


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(share * len(ordered) + 0.5)) - 1))]


def cpu_seconds(pid):
    """User + system CPU time of a process so far."""
    with open("/proc/%d/stat" % pid) as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, port, token):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.token = token

    def call(self, method, path, body=None, headers=None):
        all_headers = {"Authorization": "Bearer " + self.token}
        all_headers.update(headers or {})
        began = time.perf_counter()
        self.connection.request(method, path, body=body, headers=all_headers)
        response = self.connection.getresponse()
        data = response.read()
        return response.status, data, time.perf_counter() - began

    def upload(self, data, name, town=None):
        path = "/api/submissions" + ("?town=" + urllib.parse.quote(town) if town else "")
        return self.call("POST", path, data, {"X-Filename": urllib.parse.quote(name), "Content-Type": "application/octet-stream"})


def big_ledger(source, destination, rows):
    """The town's sample with its 直属团组织 table grown to `rows` rows (names kept unique)."""
    import openpyxl
    book = openpyxl.load_workbook(source)
    sheet = book["直属团组织"]
    label = lambda value: str(value or "").replace("*", "").strip()
    header_row = next(r for r in range(1, 11) if any(label(c.value) == "团组织名称" for c in sheet[r]))
    data = [[c.value for c in row] for row in sheet.iter_rows(min_row=header_row + 1) if any(c.value is not None for c in row)]
    headers = [label(c.value) for c in sheet[header_row]]
    name_column = headers.index("团组织名称")
    serial_column = headers.index("序号") if "序号" in headers else None
    row_number = header_row + 1 + len(data)
    index = 0
    while len(data) < rows:
        template = list(data[index % len(data)])
        template[name_column] = "第%d%s" % (len(data) + 1, template[name_column])
        if serial_column is not None:
            template[serial_column] = len(data) + 1
        for column, value in enumerate(template, start=1):
            sheet.cell(row=row_number, column=column, value=value)
        data.append(template)
        row_number += 1
        index += 1
    book.save(destination)


def main():
    if os.path.exists(WORK):
        shutil.rmtree(os.path.join(WORK, "data"), ignore_errors=True)
    os.makedirs(WORK, exist_ok=True)
    samples = os.path.join(WORK, "towns-%d" % TOWNS)
    if not os.path.exists(os.path.join(samples, "district.yaml")):
        subprocess.run([BIN, "sample", "--towns", str(TOWNS), "-o", samples], check=True, stdout=subprocess.DEVNULL)
    district = os.path.join(samples, "district.yaml")
    files = sorted(f for f in os.listdir(samples) if f.endswith(".xlsx"))
    # The same towns' ledgers as they stood on 10-16, recorded as received that day (history for the bulletin).
    earlier = os.path.join(WORK, "towns-%d-as-of-10-16" % TOWNS)
    if not os.path.exists(os.path.join(earlier, "district.yaml")):
        subprocess.run([BIN, "sample", "--towns", str(TOWNS), "--as-of", "2026-10-16", "-o", earlier], check=True,
                       stdout=subprocess.DEVNULL)
    first_town = files[0][:-len("台账.xlsx")]
    ledger_path = os.path.join(WORK, "ledger-300.xlsx")
    if not os.path.exists(ledger_path):
        big_ledger(os.path.join(samples, files[0]), ledger_path, 300)
    ledger = open(ledger_path, "rb").read()

    data = os.path.join(WORK, "data")
    history = sorted(os.path.join(earlier, f) for f in os.listdir(earlier) if f.endswith(".xlsx"))
    tokens = json.loads(subprocess.run([BIN, "access", "--data", data, "--config", district, "--format", "json"],
                                       check=True, capture_output=True, text=True).stdout)
    port = free_port()
    log = open(os.path.join(WORK, "serve.log"), "w")
    # One town sends hundreds of uploads here: its hourly limit and quota are not what is measured.
    server = subprocess.Popen([BIN, "serve", "--data", data, "--config", district, "--port", str(port),
                               "--uploads-per-hour", "1000000", "--quota", "100000"], stdout=log, stderr=log)
    try:
        measure(server, port, tokens, district, data, history, first_town, ledger)
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()


def measure(server, port, tokens, district, data, history, first_town, ledger):
    """Runs the measurements against the started server and writes the results."""
    for _ in range(400):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    town_token = tokens["towns"][first_town]
    rows = []

    def table_row(label, times, target=None):
        rows.append("| %s | %d | %.0f | %.0f | %.0f | %s |" % (
            label, len(times), percentile(times, 0.5) * 1000, percentile(times, 0.95) * 1000, max(times) * 1000, target or ""))

    # 1. Upload latency, one client (after two warm-up uploads).
    client = Client(port, town_token)
    for number in range(2):
        client.upload(unique(ledger, number), "warm-up.xlsx")
    times = []
    for number in range(40):
        status, body, took = client.upload(unique(ledger, 100 + number), "%s台账.xlsx" % first_town)
        assert status == 201, body
        times.append(took)
    answer = json.loads(body)
    table_row("upload %d-row ledger → findings, 1 client" % 300, times)

    # 20 concurrent clients, 10 uploads each.
    concurrent = []
    lock = threading.Lock()

    def worker(index):
        own = Client(port, town_token)
        for number in range(10):
            status, body, took = own.upload(unique(ledger, 1000 + index * 10 + number), "%s台账.xlsx" % first_town)
            assert status == 201, body
            with lock:
                concurrent.append(took)

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(20)]
    server_cpu = cpu_seconds(server.pid) + sum(cpu_seconds(child) for child in children(server.pid))
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    server_cpu = cpu_seconds(server.pid) + sum(cpu_seconds(child) for child in children(server.pid)) - server_cpu
    table_row("upload %d-row ledger → findings, 20 concurrent clients" % 300, concurrent, "p95 < 300 ms")

    # 2. Every town's ledger as of 10-16, recorded as received that day (one process beside the
    #    server), then the upload latency with 5,000 towns current.
    district_token = tokens["district"]
    began = time.perf_counter()
    subprocess.run([BIN, "import", "--data", data, "--config", district, "--received", "2026-10-16T15:00:00+08:00"] + history,
                   check=True, stdout=subprocess.DEVNULL)
    imported = time.perf_counter() - began
    # A new connection (the old one idled past the server's --idle-timeout during the import),
    # and one upload that makes the district's state over the 5,000 towns cold, not measured.
    client = Client(port, town_token)
    status, body, cold_upload = client.upload(unique(ledger, 4999), "%s台账.xlsx" % first_town)
    assert status == 201, body
    times = []
    for number in range(15):
        status, body, took = client.upload(unique(ledger, 5000 + number), "%s台账.xlsx" % first_town)
        assert status == 201, body
        times.append(took)
    table_row("upload %d-row ledger → findings, 1 client, %d towns current" % (300, TOWNS), times)

    board = Client(port, district_token)
    first_requests = []
    for label, path, target in [("status board `/api/status`", "/api/status", "< 200 ms"),
                                ("progress of all towns `/api/progress`", "/api/progress", ""),
                                ("the district's page `/`", "/", "< 500 ms"),
                                ("the bulletin workbook `/api/district/bulletin.xlsx?date=2026-10-16`",
                                 "/api/district/bulletin.xlsx?date=2026-10-16", "< 500 ms"),
                                ("the bulletin page `/bulletin/2026-10-16`", "/bulletin/2026-10-16", "< 500 ms"),
                                # A week later nothing dated 10-23 was received: every town is not on time.
                                ("the bulletin workbook of 10-23 (every town not on time)",
                                 "/api/district/bulletin.xlsx?date=2026-10-23", "< 500 ms"),
                                ("the bulletin page `/bulletin/2026-10-23` (every town not on time)", "/bulletin/2026-10-23", "< 500 ms"),
                                ("the reminder `/api/district/reminder`", "/api/district/reminder", "< 500 ms")]:
        status, body, took = board.call("GET", path)
        if status != 200:
            rows.append("| %s, %d towns | failed: HTTP %d %s | | | | %s |" % (label, TOWNS, status, body[:80].decode(errors="replace"), target))
            continue
        first_requests.append("%s %.0f ms" % (path, took * 1000))
        times = []
        for _ in range(15):
            status, body, took = board.call("GET", path)
            times.append(took)
        table_row("%s, %d towns" % (label, TOWNS), times, target)
    status_json = json.loads(board.call("GET", "/api/status")[1])
    reported = sum(1 for line in status_json["towns"] if line["current"] is not None)

    workers = children(server.pid)
    server_peak = peak_memory(server.pid) // 1024
    worker_peaks = [peak_memory(child) // 1024 for child in workers]
    peak = server_peak + sum(worker_peaks)
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)

    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0]
    text = "\n".join([
        "# Portal benchmark (`bench/portal.py`)", "",
        "Run %s on `nproc` %d, load average %.2f before the run; `taizhang serve` release build on loopback; "
        "a district of %d invented towns (`taizhang sample --towns %d`). Closed-loop clients of our own "
        "(Python threads, keep-alive). The ledger: %s's sample grown to 300 rows of 直属团组织 "
        "(%d findings per upload)." % (when, os.cpu_count(), load, TOWNS, TOWNS, first_town, len(answer["findings"])), "",
        "| what | requests | p50 ms | p95 ms | max ms | target |", "| --- | --- | --- | --- | --- | --- |",
        *rows, "",
        "- 20 concurrent clients: %d uploads in %.1f s (%.1f uploads/s); the server and its workers used %.1f ms of CPU per upload "
        "(the load client runs on the same two cores)." % (len(concurrent), wall, len(concurrent) / wall,
                                                          server_cpu * 1000 / len(concurrent)),
        "- Every town's ledger as of 10-16 recorded as received on 10-16 (`taizhang import --received`, one process beside "
        "the server): %d files in %.1f s; the board then lists %d towns with a current submission, the bulletin of 10-16 "
        "counts them all, the reminder names all of them. The first (cold) upload then took %.0f ms; the first (cold) request of each route "
        "above: %s." % (TOWNS, imported, reported, cold_upload * 1000, ", ".join(first_requests)),
        "- Peak memory (VmHWM) over the whole run: **%d MiB** for the server and its %d worker processes together "
        "(target < 256 MiB): the server %d MiB, the workers %s MiB." % (peak, len(workers), server_peak,
                                                                       " + ".join(str(p) for p in worker_peaks) or "0"), "",
    ])
    with open(os.path.join(ROOT, "bench/portal-results.md"), "w") as out:
        out.write(text)
    print(text)


if __name__ == "__main__":
    main()
