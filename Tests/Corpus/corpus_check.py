#!/usr/bin/env python3
"""Runs ../shared/tools/corpus_check and accepts only the failures listed, with a reason, in
Tests/Corpus/manifest-exceptions.tsv: files the shared MANIFEST expects refused that this
project reads on purpose. Each such file is checked instead against the expected values named
there (corpus_check itself compares them, on a one-file corpus built for it), so an exception
still fails when the values are wrong.

Usage: corpus_check.py SHARED BIN [corpus_check arguments…]
"""
import csv, os, re, shutil, subprocess, sys, tempfile

shared, binary, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "manifest-exceptions.tsv"), encoding="utf-8") as table:
    exceptions = {row["path"]: row for row in csv.DictReader(table, delimiter="\t")}

run = subprocess.run([os.path.join(shared, "tools", "corpus_check"), "--bin", binary, *extra], capture_output=True, text=True)
lines = run.stdout.splitlines()
failures = [re.match(r"FAIL (\S+): (.*)", line) for line in lines if line.startswith("FAIL ")]
print("\n".join(line for line in lines if not line.startswith("FAIL ")))
unexplained = []
verified = []
for failure in failures:
    path, why = failure.group(1), failure.group(2)
    exception = exceptions.get(path)
    if exception is None or "clean refusal" not in why:
        unexplained.append("FAIL %s: %s" % (path, why))
        continue
    root = tempfile.mkdtemp(prefix="taizhang-corpus-exception-")
    try:
        os.makedirs(os.path.join(root, "expected"))
        name = os.path.basename(path)
        os.symlink(os.path.join(os.path.abspath(shared), "corpus", path), os.path.join(root, name))
        shutil.copy(os.path.join(shared, exception["expected_values"]),
                    os.path.join(root, "expected", os.path.splitext(name)[0] + ".jsonl"))
        with open(os.path.join(root, "MANIFEST.tsv"), "w", encoding="utf-8") as manifest:
            manifest.write("path\texpect\n%s\t%s\n" % (name, exception["expect"]))
        check = subprocess.run([os.path.join(shared, "tools", "corpus_check"), "--bin", binary, "--root", root],
                               capture_output=True, text=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if check.returncode == 0:
        verified.append(path)
        print("exception %s: read on purpose (%s); its values agree with %s" % (path, exception["reason"].split(":")[0],
                                                                              exception["expected_values"]))
    else:
        unexplained.append("FAIL %s (exception, values checked): %s" % (path, check.stdout.strip().splitlines()[0]))
for line in unexplained:
    print(line)
print("corpus exceptions: %d verified, %d failures unexplained" % (len(verified), len(unexplained)))
sys.exit(1 if unexplained or (run.returncode != 0 and not failures) else 0)
