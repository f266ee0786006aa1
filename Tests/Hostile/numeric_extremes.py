#!/usr/bin/env python3
"""Every number in a file is hostile (issue 20): sets each number of our own sample ledgers and of
an annotated copy to an extreme and runs the built `taizhang` on every variant as a child process
with a time limit. A variant must be read, refused cleanly or annotated: a signal (a trap), an exit
status other than 0, 1 or 2, or a run past the time limit fails.

Numbers are found in every XML part (.xml, .rels, .vml) of each file, as the parts' text holds them:
- `attribute`: an attribute value that is a number (`sheetId="3"`, `count="12"`, `s="5"`);
- `text`: element text that is a number (`<v>42</v>`, `<x:Row>3</x:Row>`);
- `embedded`: a run of digits inside an attribute value or a formula-like text (`r="B7"`,
  `Id="rId3"`, `spans="1:9"`, `_x0000_s1025`, `sqref="A1:B2"`, `<definedName>…$A$1…`).
Each site is set to each extreme: 2^63-1, -2^63, 2^32, -1, 0, 10^20 (an embedded run takes the
digits without the sign).

By default the run is bounded for `make test`: the five sample ledgers and one annotated copy,
one site per kind of number (part kind, element, attribute, kind) over all of them, every extreme
of it. `--full` is the whole experiment: every number of every part of the five ledgers and two
annotated copies, except that a worksheet's or the shared strings' numbers are taken once per
(part, element, attribute, kind); `--every` takes every cell too (hours).

Variants are validated in batches (`validate --annotate`, many files per process, which is much
quicker than one process per file); a batch that crashes or overruns is rerun one file at a time
to name the variant. `evaluate` runs on folders holding one variant per town.

Usage: numeric_extremes.py PATH/TO/taizhang [--full | --every] [--jobs N] [--timeout SECONDS] [--keep DIR]
Prints what it ran and closes with `numeric extremes: N variants ..., C crashed, H hung`; exits 1
when any variant crashed or hung.
"""
import argparse, collections, concurrent.futures, json, os, re, shutil, signal, subprocess, sys, tempfile, threading, time, zipfile, zlib

EXTREMES = ["9223372036854775807", "-9223372036854775808", "4294967296", "-1", "0", "100000000000000000000"]
NUMBER = r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(["'])([^"'<>]*)\2""")
TEXT = re.compile(r"<([\w:.-]+)(?:\s[^<>]*)?>([^<>]*)</\1\s*>")
WHOLE_NUMBER = re.compile(r"\s*(" + NUMBER + r")\s*\Z")
DIGITS = re.compile(r"\d+")
# Element texts whose embedded numbers are references or ids (formulas, names, VML anchors).
REFERENCE_TEXTS = {"f", "definedName", "formula", "formula1", "formula2", "sqref", "x:Anchor", "Anchor", "xm:f", "xm:sqref"}
PART_SUFFIXES = (".xml", ".rels", ".vml")
CLEAN_STATUSES = {0, 1, 2}


class Site:
    """One number in one part: where its characters are and what kind of number it is."""

    def __init__(self, part, start, end, kind, element, attribute):
        self.part, self.start, self.end = part, start, end
        self.kind, self.element, self.attribute = kind, element, attribute

    def key(self):
        """What makes two sites alike: the same part kind (digits dropped), element, attribute and kind."""
        return (re.sub(r"\d+", "N", self.part), self.element, self.attribute, self.kind)

    def describe(self, text):
        return f"{self.part} <{self.element}{' @' + self.attribute if self.attribute else ''}> {self.kind} {text[self.start:self.end]!r}"


def sites_in(part, text):
    """Every number of a part's text."""
    found = []
    for tag in re.finditer(r"<([\w:.-]+)((?:\s[^<>]*)?)/?>", text):
        element = tag.group(1)
        offset = tag.start(2)
        for attribute in ATTRIBUTE.finditer(tag.group(2)):
            value_start = offset + attribute.start(3)
            value = attribute.group(3)
            name = attribute.group(1)
            if name.startswith("xmlns"):
                continue
            whole = WHOLE_NUMBER.match(value)
            if whole:
                found.append(Site(part, value_start + whole.start(1), value_start + whole.end(1), "attribute", element, name))
            else:
                for digits in DIGITS.finditer(value):
                    found.append(Site(part, value_start + digits.start(), value_start + digits.end(), "embedded", element, name))
    for element in TEXT.finditer(text):
        name, value = element.group(1), element.group(2)
        start = element.start(2)
        whole = WHOLE_NUMBER.match(value)
        if whole:
            found.append(Site(part, start + whole.start(1), start + whole.end(1), "text", name, None))
        elif name in REFERENCE_TEXTS or name.split(":")[-1] in REFERENCE_TEXTS:
            for digits in DIGITS.finditer(value):
                found.append(Site(part, start + digits.start(), start + digits.end(), "embedded", name, None))
    return found


def read_parts(path):
    with zipfile.ZipFile(path) as archive:
        return [(info, archive.read(info.filename)) for info in archive.infolist()]


def write_variant(parts, changed_part, changed_bytes, destination):
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            archive.writestr(info.filename, changed_bytes if info.filename == changed_part else data)


class Variant:
    def __init__(self, number, source, town, site, extreme, description, path):
        self.number, self.source, self.town, self.site = number, source, town, site
        self.extreme, self.description, self.path = extreme, description, path


def is_bulk(part):
    """Worksheets and the shared strings: thousands of numbers alike (cell values, styles, references)."""
    name = part.lower()
    return "/worksheets/" in name and name.endswith(".xml") or name.endswith("sharedstrings.xml")


def select_sites(files, mode):
    """The sites to vary, as (file index, part name, site), by `mode`:
    - `bounded`: one site per kind of number (`Site.key`) over all files, taken from one of the
      files that have it (chosen by a stable hash of the key, so that every file gets some);
    - `full`: every number of every part, except that in worksheets and shared strings each
      (part, element, attribute, kind) is taken once;
    - `every`: every number of every part."""
    chosen = []
    by_key = collections.OrderedDict()
    for index, parts in enumerate(files):
        for part, text in parts.items():
            seen = set()
            for site in sites_in(part, text):
                if mode == "bounded":
                    by_key.setdefault(site.key(), []).append((index, part, site))
                    continue
                if mode == "full" and is_bulk(part):
                    slot = (site.element, site.attribute, site.kind)
                    if slot in seen:
                        continue
                    seen.add(slot)
                chosen.append((index, part, site))
    for key, candidates in by_key.items():
        files_with_key = sorted({index for index, _, _ in candidates})
        pick = files_with_key[zlib.crc32(repr(key).encode("utf-8")) % len(files_with_key)]
        chosen.append(next(candidate for candidate in candidates if candidate[0] == pick))
    return chosen


def make_variants(sources, folder, mode):
    """The variants of the source files, written under `folder`, and how many sites they vary."""
    archives = [read_parts(source) for source, _ in sources]
    texts = []
    for parts in archives:
        texts.append({})
        for info, data in parts:
            if info.filename.endswith(PART_SUFFIXES):
                try:
                    texts[-1][info.filename] = data.decode("utf-8")
                except UnicodeDecodeError:
                    pass
    sites = select_sites(texts, mode)
    variants = []
    for index, part, site in sites:
        source, town = sources[index]
        text = texts[index][part]
        for extreme in EXTREMES:
            value = extreme.lstrip("-") if site.kind == "embedded" else extreme
            if value == text[site.start:site.end]:
                continue
            changed = (text[:site.start] + value + text[site.end:]).encode("utf-8")
            path = os.path.join(folder, f"v{len(variants):05d}.xlsx")
            write_variant(archives[index], part, changed, path)
            description = f"{os.path.basename(source)}: {site.describe(text)} -> {value}"
            variants.append(Variant(len(variants), source, town, site, value, description, path))
    return variants, len(sites)


def run(arguments, timeout):
    """(status, stderr tail, seconds); status None when the time limit passed (the process group is killed)."""
    started = time.monotonic()
    process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        return None, out, err.decode("utf-8", "replace")[-400:], time.monotonic() - started
    return process.returncode, out, err.decode("utf-8", "replace")[-400:], time.monotonic() - started


def verdict(status):
    if status is None:
        return "hang"
    if status < 0:
        return f"signal {signal.Signals(-status).name}"
    if status not in CLEAN_STATUSES:
        return f"exit {status}"
    return None


class Tally:
    """What the runs found; batches run on several threads, so changes hold the lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.failures = []
        self.readable = 0
        self.refused = 0
        self.annotated = 0
        self.annotation_refused = 0
        self.evaluated = 0
        self.evaluate_runs = 0
        self.slowest = 0.0


def validate_batch(binary, batch, work, timeout, tally):
    """Validates and annotates a batch; on a crash or overrun, each file alone names the culprit."""
    out = tempfile.mkdtemp(dir=work, prefix="annotated-")
    status, stdout, stderr, seconds = run([binary, "validate", "--format", "json", "--annotate", out] + [v.path for v in batch],
                                          timeout + 2 * len(batch))
    problem = verdict(status)
    if problem is None:
        report = json.loads(stdout.decode("utf-8"))
        with tally.lock:
            tally.slowest = max(tally.slowest, seconds / len(batch))
            for result in report["files"]:
                if result.get("readable"):
                    tally.readable += 1
                else:
                    tally.refused += 1
            tally.annotated += len(os.listdir(out))
            tally.annotation_refused += stderr.count("no annotated copy")
        shutil.rmtree(out, ignore_errors=True)
        return
    shutil.rmtree(out, ignore_errors=True)
    if len(batch) == 1:
        with tally.lock:
            tally.failures.append(("validate --annotate", problem, batch[0].description, stderr.strip().splitlines()[-1:] or [""]))
        return
    for variant in batch:
        validate_batch(binary, [variant], work, timeout, tally)


def evaluate_batch(binary, batch, work, timeout, tally):
    """Evaluates a folder of variants of different towns; on a crash or overrun, each alone names the culprit."""
    folder = tempfile.mkdtemp(dir=work, prefix="evaluate-")
    for variant in batch:
        shutil.copy(variant.path, os.path.join(folder, f"{variant.number:05d}-{os.path.basename(variant.source)}"))
    status, _, stderr, seconds = run([binary, "evaluate", folder, "-o", folder + "/out"], timeout + 4 * len(batch))
    shutil.rmtree(folder, ignore_errors=True)
    problem = verdict(status)
    with tally.lock:
        tally.evaluate_runs += 1
        if problem is None:
            tally.evaluated += len(batch)
        elif len(batch) == 1:
            tally.failures.append(("evaluate", problem, batch[0].description, stderr.strip().splitlines()[-1:] or [""]))
    if problem is None or len(batch) == 1:
        return
    for variant in batch:
        evaluate_batch(binary, [variant], work, timeout, tally)


def town_batches(variants):
    """Batches holding at most one variant of each town (the merge then uses every one of them)."""
    queues = collections.OrderedDict()
    for variant in variants:
        queues.setdefault(variant.town, []).append(variant)
    batches = []
    while any(queues.values()):
        batches.append([queue.pop(0) for queue in queues.values() if queue])
    return batches


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--full", action="store_true",
                        help="every number of five sample ledgers and two annotated copies (worksheets: each kind once a part)")
    parser.add_argument("--every", action="store_true", help="every number, worksheets' cells included (hours)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds one file may take (a batch gets 2 s more per file)")
    parser.add_argument("--batch", type=int, default=40, help="files per validate process")
    parser.add_argument("--evaluate-every", type=int, default=None,
                        help="evaluate every Nth variant (default 4)")
    parser.add_argument("--keep", help="keep the variants and samples in this folder")
    arguments = parser.parse_args()
    mode = "every" if arguments.every else "full" if arguments.full else "bounded"
    binary = os.path.abspath(arguments.binary)
    work = os.path.abspath(arguments.keep) if arguments.keep else tempfile.mkdtemp(prefix="taizhang-extremes-")
    os.makedirs(work, exist_ok=True)
    started = time.monotonic()
    try:
        samples = os.path.join(work, "samples")
        subprocess.run([binary, "sample", "-o", samples, "--faults"], check=True, stdout=subprocess.DEVNULL)
        ledgers = sorted(os.path.join(samples, name) for name in os.listdir(samples) if name.endswith(".xlsx"))
        annotated_folder = os.path.join(work, "annotated")
        subprocess.run([binary, "validate", "--annotate", annotated_folder] + ledgers[:2], stdout=subprocess.DEVNULL)
        copies = sorted(os.path.join(annotated_folder, name) for name in os.listdir(annotated_folder))
        copies = copies[:1] if mode == "bounded" else copies[:2]
        if not copies:
            print("FAIL no annotated copy was written from the samples")
            return 1
        # The town is in the file name (an annotated copy keeps it): evaluate batches take one variant a town.
        sources = [(path, os.path.basename(path)) for path in ledgers + copies]
        variant_folder = os.path.join(work, "variants")
        os.makedirs(variant_folder, exist_ok=True)
        variants, site_count = make_variants(sources, variant_folder, mode)
        print(f"{len(variants)} variants of {len(sources)} files ({site_count} numbers, {mode} selection, "
              f"x {len(EXTREMES)} extremes)", flush=True)

        tally = Tally()
        every = arguments.evaluate_every or 4
        to_evaluate = variants[::every]
        batches = [variants[i:i + arguments.batch] for i in range(0, len(variants), arguments.batch)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=arguments.jobs) as pool:
            list(pool.map(lambda batch: validate_batch(binary, batch, work, arguments.timeout, tally), batches))
            list(pool.map(lambda batch: evaluate_batch(binary, batch, work, arguments.timeout, tally), town_batches(to_evaluate)))
        for command, problem, description, last_line in tally.failures:
            print(f"FAIL {command}: {problem}: {description} {last_line[0][:200]}")
        crashed = sum(1 for failure in tally.failures if failure[1] != "hang")
        hung = len(tally.failures) - crashed
        print(f"validate --annotate: {tally.readable} read, {tally.refused} refused as unreadable, {tally.annotated} annotated, "
              f"{tally.annotation_refused} copies refused (slowest batch {tally.slowest:.2f} s a file)")
        print(f"evaluate: {tally.evaluated} of {len(to_evaluate)} variants evaluated cleanly in {tally.evaluate_runs} runs")
        print(f"numeric extremes: {len(variants)} variants, validate --annotate on all, evaluate on {len(to_evaluate)}: "
              f"{crashed} crashed, {hung} hung ({time.monotonic() - started:.0f} s)")
        return 1 if tally.failures else 0
    finally:
        if not arguments.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
