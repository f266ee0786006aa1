#!/usr/bin/env python3
"""The runner of `make bench` (issue 9): times taizhang beside its peers on the same generated
files and prints one Markdown table per workload, also written to bench/results.md.

Every command runs as a whole process (posix_spawn), RUNS times (default 5). The runs go round
robin within a workload (run 1 of every command, then run 2, ...), so that a change in the
machine's load touches every command alike. Wall time is measured with time.perf_counter around
the spawn and os.wait4; peak memory is wait4's ru_maxrss (the largest resident set of the process
or of any descendant it waited for); CPU is user + system time from the same rusage. Linux counts
in a child's ru_maxrss the resident set of the runner it was spawned from (the exec records the
high-water mark of the address space it replaces), so a peak at or below the runner's own imprint,
measured by spawning `true`, shows as "≤ N MiB". A table
shows the median, the min-max, the median peak memory and CPU, the ratio to the fastest peer of
the workload (floors are no peers: they do less work than a reader or a writer could) and, for
writers, the size of the file written.

A command that cannot run is shown as "not available" with the reason, one that fails as
"failed" with its exit status and error: never dropped.

Python standard library only. Run from anywhere:
    python3 bench/run.py [--runs N] [--only read,xls,write,district,robustness,startup] [--out bench/results.md]
The inputs come from bench/gen_data.py and the C programs from the Makefile's bench target.
"""
import argparse
import datetime
import importlib.metadata
import importlib.util
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = "bench"
WORK = "bench/work"
BIN = "bench/work/bin"
TAIZHANG = ".build/release/taizhang"
PY = sys.executable
PEERS = "bench/peers"
# The 5,000-town evaluation is stopped at twice its target (60 s), so that a slow build still
# leaves `make bench` within its quarter of an hour.
DISTRICT_LIMIT = 120

# LibreOffice's CSV filter options: comma, double quote, UTF-8, from line 1, then per column
# 1 = standard (numbers, booleans), 2 = text, 5 = YYYY-MM-DD date, so that it converts the
# columns of data.csv the way the `taizhang convert` rules convert each of their fields; the
# last token turns on the detection of TRUE/FALSE. See bench/gen_data.py for the columns.
LIBREOFFICE_CSV_FILTER = "CSV:44,34,76,1,1/1/2/2/3/2/4/1/5/1/6/5/7/1/8/2/9/2/10/1,1033,false,true"


class Command:
    def __init__(self, label, argv, kind, needs=(), output=None, clean=(), ok=(0,), limit=300):
        self.label = label          # what the table shows
        self.argv = argv            # the exact command, relative to the repository's root
        self.kind = kind            # "ours", "peer" or "floor"
        self.needs = list(needs)    # requirements, see unavailable()
        self.output = output        # the file it writes (writers), for its size
        self.clean = list(clean)    # removed before each run (outputs of the run before)
        self.ok = ok                # exit statuses that mean success
        self.limit = limit          # seconds; a run still going then is killed and not repeated
        self.times, self.cpus, self.peaks = [], [], []
        self.failure = None
        self.missing = None
        self.size = None
        self.stdout = ""


def install_notes():
    """Reasons recorded by the Makefile for what it could not install (package: reason)."""
    notes = {}
    path = os.path.join(WORK, "unavailable.txt")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8", errors="replace"):
            name, _, reason = line.strip().partition(": ")
            if name:
                notes[name] = reason
    return notes


def unavailable(command, notes):
    """Why a command cannot run, or None."""
    for need in command.needs:
        kind, _, name = need.partition(":")
        if kind == "py" and importlib.util.find_spec(name) is None:
            package = {"python_calamine": "python-calamine", "rustpy_xlsxwriter": "rustpy-xlsxwriter",
                       "xlsxwriter": "XlsxWriter"}.get(name, name)
            reason = notes.get(package) or notes.get(name)
            return f"not available: Python module {name} is not installed" + (f" ({reason})" if reason else "")
        if kind == "bin" and shutil.which(name) is None:
            reason = notes.get(name)
            return f"not available: {name} is not installed" + (f" ({reason})" if reason else "")
        if kind == "file" and not os.path.exists(name):
            reason = notes.get(os.path.basename(name))
            return f"not available: {name} is missing" + (f" ({reason})" if reason else "")
    return None


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)


def run_once(command, log_stem):
    """One whole-process run: (seconds, cpu seconds, peak MiB, exit status); the exit status is
    None when the run was killed at its limit (the process group, so LibreOffice's children too)."""
    for path in command.clean:
        remove(path)
    out_path, err_path = log_stem + ".out", log_stem + ".err"
    actions = [(os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
               (os.POSIX_SPAWN_OPEN, 2, err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)]
    argv = command.argv
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions, setpgroup=0)
    killed = threading.Event()

    def kill():
        killed.set()
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    timer = threading.Timer(command.limit, kill)
    timer.start()
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    timer.cancel()
    code = None if killed.is_set() else os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code


def imprint_cpu(commands, warmup):
    """The CPU time of the runs that are not in the commands' lists: warm-ups and killed runs (estimated)."""
    extra = 0.0
    for c in commands:
        if warmup and c.cpus:
            extra += statistics.median(c.cpus)
        if c.failure and c.failure.startswith("over the"):
            extra += c.limit
    return extra


def imprint():
    """The peak that wait4 reports for `true`: the runner's own resident set, the least any child shows."""
    return run_once(Command("true", ["true"], "floor"), os.path.join(WORK, "logs", "true"))[2]


def measure(commands, runs, warmup, logs):
    """Runs the available commands round robin; fills times, peaks, failures. Returns the
    runner's imprint on ru_maxrss (see imprint())."""
    floor = imprint()
    active = [c for c in commands if not c.missing]
    for round_number in range(-1 if warmup else 0, runs):
        for index, command in enumerate(active):
            if command.failure:
                continue
            stem = os.path.join(logs, f"{index:02d}")
            elapsed, cpu, peak, code = run_once(command, stem)
            if code is None:
                command.failure = (f"over the {command.limit} s limit: killed after {seconds(elapsed)}, "
                                   f"{peak:.0f} MiB by then, not run again")
                print(f"  {command.label}: {command.failure}", flush=True)
                continue
            if code not in command.ok:
                error = open(stem + ".err", encoding="utf-8", errors="replace").read().strip().splitlines()
                command.failure = f"failed (exit {code}): " + (error[-1][:160] if error else "no message")
                continue
            if round_number >= 0:
                command.times.append(elapsed)
                command.cpus.append(cpu)
                command.peaks.append(peak)
            label = "warm-up" if round_number < 0 else f"run {round_number + 1}/{runs}"
            print(f"  {label}: {command.label}: {seconds(elapsed)}, {peak:.0f} MiB", flush=True)
    for index, command in enumerate(active):
        out = os.path.join(logs, f"{index:02d}.out")
        if os.path.exists(out):
            command.stdout = open(out, encoding="utf-8", errors="replace").read().strip()
        if command.output and not command.failure and os.path.exists(command.output):
            command.size = os.path.getsize(command.output)
        if command.kind == "floor" and "bytes deflated" in command.stdout and not command.failure:
            command.size = int(command.stdout.split(" bytes in, ")[1].split()[0])  # the deflated XML alone
    return max(floor, imprint())


def cpu_jiffies():
    """The machine's CPU counters from /proc/stat: user, nice, system, idle, iowait, irq, softirq, steal."""
    try:
        with open("/proc/stat") as handle:
            return [int(x) for x in handle.readline().split()[1:9]]
    except (OSError, ValueError):
        return None


def machine_busy(before, after, own_cpu, wall):
    """What else used the machine during a workload: the share of CPU time the hypervisor stole,
    and the cores' busy time beyond the workload's own processes (other people's builds, fuzzers)."""
    if not before or not after or wall <= 0:
        return ""
    delta = [b - a for a, b in zip(before, after)]
    total = sum(delta) or 1
    hz = os.sysconf("SC_CLK_TCK")
    busy = (delta[0] + delta[1] + delta[2] + delta[5] + delta[6]) / hz
    others = max(0.0, busy - own_cpu) / wall
    return f"; other processes kept {others:.2f} of the {os.cpu_count()} cores busy on average, steal {100 * delta[7] / total:.1f} %"


def seconds(value):
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    if value < 100:
        return f"{value:.2f} s"
    return f"{value:.0f} s"


def mib(size):
    return f"{size / 1048576:.2f} MiB"


def table(commands, with_size, floor):
    peers = [c for c in commands if c.kind == "peer" and c.times]
    fastest = min(peers, key=lambda c: statistics.median(c.times)) if peers else None
    header = "| Command | Kind | Median | Min–max | Peak memory | CPU (user+sys) | × fastest peer |"
    rule = "|---|---|---:|---:|---:|---:|---:|"
    if with_size:
        header += " Output size |"
        rule += "---:|"
    lines = [header, rule]
    for c in commands:
        kind = {"ours": "**taizhang**", "peer": "peer", "floor": "floor"}[c.kind]
        label = f"**{c.label}**" if c.kind == "ours" else c.label
        if c.missing or c.failure:
            cells = [label, kind, c.missing or c.failure, "", "", "", ""]
            if with_size:
                cells.append("")
        else:
            median = statistics.median(c.times)
            ratio = f"{median / statistics.median(fastest.times):.2f}" if fastest else "–"
            if c is fastest:
                ratio = "1.00 (fastest)"
            cells = [label, kind, seconds(median), f"{seconds(min(c.times))} – {seconds(max(c.times))}",
                     peak_text(statistics.median(c.peaks), floor), seconds(statistics.median(c.cpus)), ratio]
            if with_size:
                cells.append(mib(c.size) if c.size is not None else "–")
        lines.append("| " + " | ".join(cells) + " |")
    return lines, fastest


def peak_text(peak, floor):
    return f"≤ {floor:.0f} MiB" if peak <= floor + 0.5 else f"{peak:.0f} MiB"


def median_of(command):
    return statistics.median(command.times) if command.times else None


def check(name, value, limit, unit="", digits=2):
    if value is None:
        return f"- {name}: not measured"
    mark = "met" if value <= limit else "**not met**"
    return f"- {name}: {value:.{digits}f}{unit} (target ≤ {limit}{unit}) — {mark}"


def unmet(*commands):
    """A target line for each command that failed or could not run."""
    return [f"- {c.label}: {c.failure or c.missing} — **not met**" for c in commands if c.failure or c.missing]


def python_version(package):
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def tool_version(argv):
    try:
        text = subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout.strip()
        return text.splitlines()[0] if text else None
    except (OSError, subprocess.SubprocessError):
        return None


# ---------------------------------------------------------------------------------------------
# The workloads
# ---------------------------------------------------------------------------------------------

def read_workload():
    book = f"{WORK}/read.xlsx"
    sheet, strings = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"
    return [
        Command(f"taizhang info", [TAIZHANG, "info", book], "ours", [f"file:{TAIZHANG}"]),
        Command("fastexcel (Rust calamine → Arrow, all sheets, count by type)",
                [PY, f"{PEERS}/read_fastexcel.py", book], "peer", ["py:fastexcel", "py:pyarrow"]),
        Command("python-calamine (iterate every cell, count by type)",
                [PY, f"{PEERS}/read_calamine.py", book], "peer", ["py:python_calamine"]),
        Command("openpyxl read-only (iterate every cell, count by type)",
                [PY, f"{PEERS}/read_openpyxl.py", book], "peer", ["py:openpyxl"]),
        Command("libzip inflate + libxml2 SAX2 push parser, counting `<c>`: sheet and shared strings",
                [f"{BIN}/sax_floor", book, strings, sheet], "floor", [f"file:{BIN}/sax_floor"]),
        Command("libzip inflate + libxml2 SAX2 push parser, counting `<c>`: sheet only",
                [f"{BIN}/sax_floor", book, sheet], "floor", [f"file:{BIN}/sax_floor"]),
        Command("libzip inflate alone (every part)",
                [f"{BIN}/inflate_floor", book], "floor", [f"file:{BIN}/inflate_floor"]),
    ]


def xls_workload():
    book = f"{WORK}/read.xls"
    return [
        Command("taizhang info", [TAIZHANG, "info", book], "ours", [f"file:{TAIZHANG}", f"file:{book}"]),
        Command("python-calamine (iterate every cell, count by type)",
                [PY, f"{PEERS}/read_calamine.py", book], "peer", ["py:python_calamine", f"file:{book}"]),
        Command("fastexcel (Rust calamine → Arrow, all sheets, count by type)",
                [PY, f"{PEERS}/read_fastexcel.py", book], "peer", ["py:fastexcel", "py:pyarrow", f"file:{book}"]),
    ]


def write_workload():
    csv = f"{WORK}/data.csv"
    out = f"{WORK}/out"
    xml = [f"{out}/xml/sheet1.xml", f"{out}/xml/sharedStrings.xml"]
    lo_dir = f"{out}/libreoffice"
    lo_profile = "file://" + os.path.join(ROOT, WORK, "libreoffice-profile")

    def writer(label, argv, kind, needs, name):
        path = f"{out}/{name}"
        return Command(label, argv(path), kind, needs, output=path, clean=[path])

    return [
        writer("taizhang convert (shared strings, deflate level 4 on a second core)",
               lambda p: [TAIZHANG, "convert", csv, p], "ours", [f"file:{TAIZHANG}"], "taizhang.xlsx"),
        writer("libxlsxwriter, constant_memory (inline strings)",
               lambda p: [f"{BIN}/csv2xlsx_lxw", "--constant-memory", csv, p], "peer",
               [f"file:{BIN}/csv2xlsx_lxw"], "libxlsxwriter-constant.xlsx"),
        writer("libxlsxwriter, default (shared strings, sheet in memory)",
               lambda p: [f"{BIN}/csv2xlsx_lxw", csv, p], "peer",
               [f"file:{BIN}/csv2xlsx_lxw"], "libxlsxwriter-default.xlsx"),
        writer("rustpy-xlsxwriter, constant memory (inline strings)",
               lambda p: [PY, f"{PEERS}/write_rustpy.py", csv, p], "peer",
               ["py:rustpy_xlsxwriter"], "rustpy-constant.xlsx"),
        writer("rustpy-xlsxwriter, dedupe_strings (shared strings)",
               lambda p: [PY, f"{PEERS}/write_rustpy.py", "--shared-strings", csv, p], "peer",
               ["py:rustpy_xlsxwriter"], "rustpy-shared.xlsx"),
        writer("XlsxWriter (Python), default (shared strings, sheet in memory)",
               lambda p: [PY, f"{PEERS}/write_xlsxwriter.py", csv, p], "peer",
               ["py:xlsxwriter"], "xlsxwriter-default.xlsx"),
        Command("LibreOffice `soffice --headless --convert-to xlsx`",
                ["soffice", f"-env:UserInstallation={lo_profile}", "--headless", "--convert-to", "xlsx",
                 f"--infilter={LIBREOFFICE_CSV_FILTER}", "--outdir", lo_dir, csv],
                "peer", ["bin:soffice"], output=f"{lo_dir}/data.xlsx", clean=[lo_dir]),
        Command("zlib deflate level 6 of taizhang's sheet and shared-strings XML alone",
                [f"{BIN}/deflate_floor", "6"] + xml, "floor", [f"file:{BIN}/deflate_floor"] + [f"file:{p}" for p in xml]),
        Command("zlib deflate level 4 (taizhang's level) of the same XML alone",
                [f"{BIN}/deflate_floor", "4"] + xml, "floor", [f"file:{BIN}/deflate_floor"] + [f"file:{p}" for p in xml]),
    ]


def district_workload():
    big, small = f"{WORK}/towns-5000", f"{WORK}/towns-5"
    return [
        Command("taizhang evaluate, 5,000 towns (`sample --towns 5000`, a district file listing them)",
                [TAIZHANG, "evaluate", big, "-o", f"{WORK}/out/evaluate-5000", "--config", f"{WORK}/district-5000.yaml"],
                "ours", [f"file:{TAIZHANG}", f"file:{big}", f"file:{WORK}/district-5000.yaml"], limit=DISTRICT_LIMIT, clean=[f"{WORK}/out/evaluate-5000"], ok=(0, 1)),
        Command("taizhang evaluate, the 5 default towns (`sample`)",
                [TAIZHANG, "evaluate", small, "-o", f"{WORK}/out/evaluate-5"], "ours",
                [f"file:{TAIZHANG}", f"file:{small}"], clean=[f"{WORK}/out/evaluate-5"], ok=(0, 1)),
    ]


def robustness_workload():
    """`score` on the same 5,000-town district ledger with the default rules (10,000 draws) and with
    the same rules but `draws: 0`: the difference is what the robustness analysis costs (issue 16)."""
    ledger, config = f"{WORK}/district-5000.xlsx", f"{WORK}/district-5000.yaml"
    commands = []
    for draws in (10000, 0):
        rules = f"{WORK}/rules-draws-{draws}.yaml"
        output = f"{WORK}/out/score-5000-draws-{draws}.xlsx"
        commands.append(Command(f"taizhang score, 5,000 towns, robustness.draws: {draws}",
                                [TAIZHANG, "score", ledger, "--rules", rules, "--config", config, "-o", output, "--format", "json"],
                                "ours", [f"file:{TAIZHANG}", f"file:{ledger}", f"file:{rules}", f"file:{config}"],
                                clean=[output], limit=DISTRICT_LIMIT))
    return commands


def startup_workload():
    book = f"{WORK}/small.xlsx"
    return [
        Command("taizhang info, 1,000 rows × 10 columns", [TAIZHANG, "info", book], "ours", [f"file:{TAIZHANG}"]),
        Command("taizhang --help (process start, no work)", [TAIZHANG, "--help"], "ours",
                [f"file:{TAIZHANG}"]),
        Command("fastexcel, same file", [PY, f"{PEERS}/read_fastexcel.py", book], "peer", ["py:fastexcel", "py:pyarrow"]),
        Command("python-calamine, same file", [PY, f"{PEERS}/read_calamine.py", book], "peer", ["py:python_calamine"]),
        Command("libzip inflate + libxml2 SAX2, sheet and shared strings", [f"{BIN}/sax_floor", book,
                "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"], "floor", [f"file:{BIN}/sax_floor"]),
    ]


# ---------------------------------------------------------------------------------------------
# Preparation (untimed, or timed once where said)
# ---------------------------------------------------------------------------------------------

def prepare_write():
    """taizhang's output once, to extract the XML that the deflate floor compresses; a LibreOffice
    profile created once, so that no timed run pays for it."""
    os.makedirs(f"{WORK}/out/xml", exist_ok=True)
    if os.path.exists(TAIZHANG):
        target = f"{WORK}/out/xml/source.xlsx"
        if subprocess.run([TAIZHANG, "convert", f"{WORK}/data.csv", target]).returncode == 0:
            # In a child process: the runner's own peak memory shows in every child's (see imprint()).
            subprocess.run([PY, "-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], "
                            "['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml'])", target, f"{WORK}/out/xml"], check=True)
            for name in ("sheet1.xml", "sharedStrings.xml"):
                os.replace(f"{WORK}/out/xml/xl/{'worksheets/' if name == 'sheet1.xml' else ''}{name}", f"{WORK}/out/xml/{name}")
    if shutil.which("soffice") and not os.path.isdir(f"{WORK}/libreoffice-profile"):
        profile = "file://" + os.path.join(ROOT, WORK, "libreoffice-profile")
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
                        f"--infilter={LIBREOFFICE_CSV_FILTER}", "--outdir", f"{WORK}/out/profile-warmup",
                        f"{WORK}/small.csv"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def district_file(folder, path):
    """A district file for the invented towns of `sample --towns N`: templates/district.yaml with
    its towns replaced by the submissions' towns (from their file names, <town>台账.xlsx) and no
    liaison block (it names the configured towns). Without it every submission would be refused
    as an unknown town and evaluate would time the error path only."""
    suffix = "台账.xlsx"
    towns = sorted(name[:-len(suffix)] for name in os.listdir(folder) if name.endswith(suffix))
    lines, skipping = [], False
    for line in open("templates/district.yaml", encoding="utf-8"):
        if line.startswith((" ", "\t")) and skipping:
            continue
        skipping = False
        if line.startswith("towns:"):
            lines.append("towns:\n")
            lines += [f"  - name: {town}\n" for town in towns]
            skipping = True
        elif line.startswith("liaison:"):
            skipping = True
        else:
            lines.append(line)
    with open(path, "w", encoding="utf-8") as handle:
        handle.writelines(lines)
    return len(towns)


def prepare_district():
    """The submissions, generated once each (the generation is timed once), and the district
    file that lists the 5,000 invented towns."""
    timings = []
    for towns, folder in ((5000, f"{WORK}/towns-5000"), (None, f"{WORK}/towns-5")):
        if not os.path.exists(TAIZHANG):
            continue
        remove(folder)
        argv = [TAIZHANG, "sample", "-o", folder] + (["--towns", str(towns)] if towns else [])
        command = Command("sample", argv, "ours")
        elapsed, cpu, peak, code = run_once(command, f"{WORK}/logs/sample-{towns or 5}")
        if code != 0:
            remove(folder)
        elif towns:
            district_file(folder, f"{WORK}/district-{towns}.yaml")
        timings.append((" ".join(argv), elapsed, peak, code))
    return timings


def prepare_robustness():
    """The 5,000-town district ledger, merged once (timed once) from the district workload's
    submissions (generated here when that workload did not run), and the rules files: the default
    rules with `draws` set to 10,000 and to 0."""
    timings = []
    big, config, ledger = f"{WORK}/towns-5000", f"{WORK}/district-5000.yaml", f"{WORK}/district-5000.xlsx"
    if not os.path.exists(TAIZHANG):
        return timings
    if not (os.path.isdir(big) and os.path.exists(config)):
        remove(big)
        argv = [TAIZHANG, "sample", "-o", big, "--towns", "5000"]
        elapsed, cpu, peak, code = run_once(Command("sample", argv, "ours"), f"{WORK}/logs/sample-5000")
        timings.append((" ".join(argv), elapsed, peak, code))
        if code != 0:
            return timings
        district_file(big, config)
    remove(ledger)
    os.makedirs(f"{WORK}/out", exist_ok=True)
    argv = [TAIZHANG, "merge", big, "-o", ledger, "--config", config]
    elapsed, cpu, peak, code = run_once(Command("merge", argv, "ours", limit=DISTRICT_LIMIT * 2), f"{WORK}/logs/merge-5000")
    timings.append((" ".join(argv), elapsed, peak, code))
    template = open("templates/scoring.yaml", encoding="utf-8").read()
    if "\n  draws: 10000\n" not in template:
        raise SystemExit("templates/scoring.yaml no longer says `  draws: 10000` under robustness: update bench/run.py")
    for draws in (10000, 0):
        with open(f"{WORK}/rules-draws-{draws}.yaml", "w", encoding="utf-8") as handle:
            handle.write(template.replace("\n  draws: 10000\n", f"\n  draws: {draws}\n"))
    return timings


def count_check(commands):
    """Reads every writer's output with python-calamine (untimed): the same cells, by type."""
    if importlib.util.find_spec("python_calamine") is None:
        return ["- (python-calamine is not installed: outputs not checked)"]
    lines = []
    for c in commands:
        if c.output and c.size is not None:
            result = subprocess.run([PY, f"{PEERS}/read_calamine.py", c.output], capture_output=True, text=True)
            lines.append(f"- {c.label}: {result.stdout.strip() or result.stderr.strip()[-200:]}")
    return lines


def machine():
    model = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1048576:.1f} GiB"
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {model}, {memory} memory, {platform.system()} {platform.release()}"


def versions():
    items = []
    swift = tool_version(["swift", "--version"])
    if swift:
        items.append(swift.replace("Swift version", "Swift").split(" (")[0])
    for package in ("fastexcel", "pyarrow", "python-calamine", "openpyxl", "XlsxWriter", "rustpy-xlsxwriter"):
        version = python_version(package)
        items.append(f"{package} {version}" if version else f"{package} not installed")
    lxw = tool_version(["dpkg-query", "-W", "-f", "${Version}", "libxlsxwriter-dev"])
    items.append(f"libxlsxwriter {lxw}" if lxw else "libxlsxwriter not installed")
    lo = tool_version(["soffice", "--version"]) if shutil.which("soffice") else None
    items.append(lo.split(" ")[0] + " " + lo.split(" ")[1] if lo else "LibreOffice not installed")
    for name, pkg in (("libzip", "libzip"), ("libxml2", "libxml-2.0"), ("zlib", "zlib")):
        version = tool_version(["pkg-config", "--modversion", pkg])
        items.append(f"{name} {version}")
    items.append(f"Python {platform.python_version()}")
    return ", ".join(items)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="read,xls,write,district,robustness,startup")
    parser.add_argument("--out", default="bench/results.md")
    args = parser.parse_args()
    os.chdir(ROOT)
    os.makedirs(f"{WORK}/logs", exist_ok=True)
    notes = install_notes()
    chosen = args.only.split(",")
    started = time.perf_counter()
    now = datetime.datetime.now().astimezone()
    report = [f"Measured {now:%Y-%m-%d %H:%M %Z} by `make bench` (`python3 bench/run.py --runs {args.runs}`), "
              f"on {machine()}.", "",
              f"Versions: {versions()}.", "",
              f"Each command ran {args.runs} times as a whole process, round robin within its workload; "
              "the tables give the median wall time, the fastest and slowest run, the median peak resident "
              "memory (wait4's ru_maxrss; \"≤ N MiB\" where it is no more than what the runner itself "
              "imprints on a child) and the median CPU time. × fastest peer divides a median by the "
              "fastest peer's median; floors are not peers (they do a part of the work only).", ""]
    workloads = {
        "read": ("Read every cell, count by type (`bench/work/read.xlsx`: 100,000 rows × 10 columns "
                 "= 1,000,010 cells with the header, written by XlsxWriter, shared strings)", read_workload, False, False),
        "xls": ("Read an Excel 97–2003 workbook, every cell, count by type (`bench/work/read.xls`: the same "
                "100,000 rows in two sheets of 50,000, each with the header = 1,000,020 cells, saved by LibreOffice)",
                xls_workload, False, False),
        "write": ("CSV → XLSX, 1,000,010 cells (`bench/work/data.csv`, 9.6 MB; the rules of `taizhang convert "
                  "--help` in every writer)", write_workload, True, False),
        "district": ("District scale: `taizhang evaluate` on generated submissions", district_workload, False, False),
        "robustness": ("Robustness of the ranking: `taizhang score` on a 5,000-town district ledger, "
                       "10,000 weight draws or none", robustness_workload, False, False),
        "startup": ("Start-up: a 1,000-row workbook (`bench/work/small.xlsx`)", startup_workload, False, True),
    }
    targets = []
    unknown = set(chosen) - set(workloads)
    if unknown:
        raise SystemExit(f"unknown workload(s) {', '.join(sorted(unknown))}; known: {', '.join(workloads)}")
    for name in ("read", "xls", "write", "district", "robustness", "startup"):
        if name not in chosen:
            continue
        title, build, with_size, warmup = workloads[name]
        print(f"\n== {title}", flush=True)
        extra = []
        if name == "write":
            prepare_write()
        if name == "district":
            for argv, elapsed, peak, code in prepare_district():
                status = "" if code == 0 else f" — **failed (exit {code})**"
                extra.append(f"- Generating the submissions, timed once: `{argv}`: {seconds(elapsed)}, "
                             f"{peak:.0f} MiB{status}")
        if name == "robustness":
            for argv, elapsed, peak, code in prepare_robustness():
                status = "" if code == 0 else f" — **failed (exit {code})**"
                extra.append(f"- Prepared once: `{argv}`: {seconds(elapsed)}, {peak:.0f} MiB{status}")
        commands = build()
        for command in commands:
            command.missing = unavailable(command, notes)
        logs = f"{WORK}/logs/{name}"
        os.makedirs(logs, exist_ok=True)
        load_before = os.getloadavg()
        jiffies_before = cpu_jiffies()
        began = time.perf_counter()
        floor = measure(commands, args.runs, warmup, logs)
        load_after = os.getloadavg()
        wall = time.perf_counter() - began
        own_cpu = sum(sum(c.cpus) for c in commands) + imprint_cpu(commands, warmup)
        busy = machine_busy(jiffies_before, cpu_jiffies(), own_cpu, wall)
        lines, fastest = table(commands, with_size, floor)
        section = [f"### {title}", ""] + lines + [""]
        section.append(f"Load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after{busy}; "
                       f"{wall:.0f} s for the workload"
                       + (" (one untimed warm-up run of each command first)" if warmup else "")
                       + f"; the runner's imprint on peak memory: {floor:.0f} MiB.")
        section.append("")
        if extra:
            section += extra + [""]
        ours = [c for c in commands if c.kind == "ours"]
        by_label = {c.label: c for c in commands}
        if name == "read":
            t = ours[0]
            fe = next((c for c in commands if c.label.startswith("fastexcel")), None)
            sax = next((c for c in commands if c.label.endswith("sheet and shared strings")), None)
            sax_sheet = next((c for c in commands if c.label.endswith("sheet only")), None)
            if t.times:
                targets += ["Read:",
                            check("taizhang / fastexcel", median_of(t) / median_of(fe) if fe and fe.times else None, 0.6),
                            check("taizhang / SAX2 floor (sheet and shared strings)",
                                  median_of(t) / median_of(sax) if sax and sax.times else None, 1.3),
                            check("taizhang / SAX2 floor (sheet only)",
                                  median_of(t) / median_of(sax_sheet) if sax_sheet and sax_sheet.times else None, 1.3),
                            check("taizhang peak memory", statistics.median(t.peaks), 64, " MiB", digits=0)]
            section += ["What each reader counted (last run):", ""]
            section += [f"- {c.label}: {c.stdout.splitlines()[-1] if c.stdout else '–'}" for c in commands
                        if c.times]
            section.append("")
        if name == "xls":
            t = ours[0]
            calamine = next((c for c in commands if c.label.startswith("python-calamine")), None)
            if t.times:
                targets += ["Read .xls (issue 17):",
                            check("taizhang / python-calamine",
                                  median_of(t) / median_of(calamine) if calamine and calamine.times else None, 1.0)]
            section += ["What each reader counted (last run):", ""]
            section += [f"- {c.label}: {c.stdout.splitlines()[-1] if c.stdout else '–'}" for c in commands if c.times]
            section.append("")
        if name == "write":
            t = ours[0]
            peer_sizes = sorted(c.size for c in commands if c.kind == "peer" and c.size)
            if t.times:
                targets += ["Write:",
                            check("taizhang / fastest peer", median_of(t) / median_of(fastest) if fastest else None, 0.8),
                            check("taizhang peak memory", statistics.median(t.peaks), 64, " MiB", digits=0)]
                if t.size and peer_sizes:
                    targets.append(check("taizhang's file size / the median peer's", t.size / statistics.median(peer_sizes), 1.15, digits=3)
                                   + f" (peers write {mib(peer_sizes[0])} to {mib(peer_sizes[-1])}; "
                                     f"taizhang / the smallest: {t.size / peer_sizes[0]:.2f})")
            section += ["What each writer wrote, read back by python-calamine (untimed):", ""]
            section += count_check(commands)
            section.append("")
        if name == "district":
            big, small = ours[0], ours[1]
            targets += ["District:"] + unmet(big, small)
            if big.times:
                targets += [check("evaluate 5,000 towns", median_of(big), 60, " s", digits=1),
                            check("evaluate 5,000 towns, peak memory", statistics.median(big.peaks), 512, " MiB", digits=0)]
            if small.times:
                targets.append(check("evaluate 5 towns", median_of(small), 1, " s"))
        if name == "robustness":
            drawn, undrawn = ours[0], ours[1]
            targets += ["Robustness (issue 16):"] + unmet(drawn, undrawn)
            if drawn.times and undrawn.times:
                cost = median_of(drawn) - median_of(undrawn)
                targets.append(check("10,000 draws for 5,000 towns and their cadres, over the rest of `score` "
                                     f"({seconds(cost)} over {seconds(median_of(undrawn))})", cost / median_of(undrawn), 1.0))
                cpu_cost = statistics.median(drawn.cpus) - statistics.median(undrawn.cpus)
                section += [f"The draws cost {seconds(cost)} of wall time (median with draws − median without) and "
                            f"{seconds(cpu_cost)} of CPU time, on {os.cpu_count()} cores; peak memory "
                            f"{statistics.median(drawn.peaks):.0f} MiB with them, {statistics.median(undrawn.peaks):.0f} MiB without.", ""]
        if name == "startup":
            t = ours[0]
            if t.times:
                targets += ["Start-up:", check("taizhang info on 1,000 rows", median_of(t) * 1000, 30, " ms", digits=0)]
        section += ["Exact commands (from the repository's root):", ""]
        section += [f"- {c.label}: `{' '.join(c.argv)}`" for c in commands]
        section.append("")
        report += section
        print("\n".join(lines), flush=True)
    report += ["### Targets (issues 9 and 16)", ""] + targets + [""]
    report.append(f"Whole run: {time.perf_counter() - started:.0f} s.")
    text = "\n".join(report) + "\n"
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write("# Benchmark results\n\n" + text)
    print("\n" + "\n".join(["Targets (issues 9 and 16):"] + targets))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
