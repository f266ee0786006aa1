#!/usr/bin/env python3
"""Live tests of `taizhang serve` as a process: durability under SIGKILL, slow and silent
clients, a declared body over the limit, a second server on the same folder, SIGTERM.

Usage: portal_live_test.py PATH/TO/taizhang
Prints one line per check and closes with `live: N passed, M failed`; exits 1 on a failure.
"""
import hashlib, http.client, json, os, random, shutil, signal, socket, subprocess, sys, tempfile, threading, time, urllib.parse

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


def main():
    samples = os.path.join(WORK, "samples")
    subprocess.run([BIN, "sample", "-o", samples, "--faults"], check=True, stdout=subprocess.DEVNULL)
    ledgers = [open(os.path.join(samples, f), "rb").read() for f in sorted(os.listdir(samples)) if f.endswith(".xlsx")]
    data = os.path.join(WORK, "data")
    tokens = json.loads(subprocess.run([BIN, "access", "--data", data, "--format", "json"], check=True,
                                       capture_output=True, text=True).stdout)
    district = tokens["district"]
    towns = list(tokens["towns"])

    # Durability: uploads in flight, SIGKILL, start again: every 201 is there with its bytes.
    port = free_port()
    server = start(data, port)
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

    passed = sum(results)
    print("live: %d passed, %d failed" % (passed, len(results) - passed))
    shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(0 if passed == len(results) else 1)


if __name__ == "__main__":
    main()
