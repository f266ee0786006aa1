#!/usr/bin/env python3
"""Seeds for the fuzz targets of the patcher and the merge (fuzz/Package.swift): each workbook
given is written as a part list (fuzz/Sources/FuzzSupport/PartList.swift), the text form whose
mutations change the XML rather than break the zip archive.

Usage: make_seeds.py OUTDIR [--group N] [--max-bytes B] FILE.xlsx...
Each file becomes OUTDIR/<number>-<name>.parts; with --group N, also consecutive groups of N files become
one seed each (several towns' ledgers at once, for the merge). Files that are not zip archives,
or whose part list is longer than --max-bytes (libFuzzer's -max_len), are left out.
"""
import argparse, os, sys, zipfile

FILE_SEPARATOR = b"\n##FILE\n"


def part_list(path):
    """The part list of one workbook, or None when it is not a zip archive."""
    try:
        with zipfile.ZipFile(path) as archive:
            chunks = [b"TZPARTS"]
            for info in archive.infolist():
                if info.is_dir():
                    continue
                chunks.append(b"\n== " + info.filename.encode("utf-8") + b"\n" + archive.read(info.filename))
            return b"".join(chunks)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError, EOFError, ValueError):
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir")
    parser.add_argument("files", nargs="+")
    parser.add_argument("--group", type=int, default=0)
    parser.add_argument("--max-bytes", type=int, default=1 << 20)
    arguments = parser.parse_args()
    os.makedirs(arguments.outdir, exist_ok=True)
    lists = []
    for path in arguments.files:
        parts = part_list(path)
        if parts is None or len(parts) > arguments.max_bytes:
            continue
        lists.append((os.path.basename(path), parts))
        with open(os.path.join(arguments.outdir, f"{len(lists):04d}-{os.path.basename(path)}.parts"), "wb") as seed:
            seed.write(parts)
    groups = 0
    if arguments.group > 1:
        for start in range(0, len(lists) - 1, arguments.group):
            group = lists[start:start + arguments.group]
            joined = FILE_SEPARATOR.join(parts for _, parts in group)
            if len(group) > 1 and len(joined) <= arguments.max_bytes:
                with open(os.path.join(arguments.outdir, f"group{start:04d}.parts"), "wb") as seed:
                    seed.write(joined)
                groups += 1
    print(f"{len(lists)} seeds{f' and {groups} groups' if groups else ''} in {arguments.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
