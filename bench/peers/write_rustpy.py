"""Write peer: rustpy-xlsxwriter (Rust rust_xlsxwriter behind a Python API). CSV to XLSX with the
rules of `taizhang convert` (csvrules.py); rows are handed over as a generator of dicts keyed by
the header, so the library streams them. usage: write_rustpy.py [--shared-strings] IN.csv OUT.xlsx
Default: constant-memory mode with inline strings; --shared-strings: dedupe_strings=True (shared
strings table, the sheet kept in memory)."""
import os
import sys

import rustpy_xlsxwriter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import csvrules  # noqa: E402

args = sys.argv[1:]
shared = args[:1] == ["--shared-strings"]
if shared:
    args = args[1:]
source, target = args
header, rows = csvrules.rows(source)


def records():
    for row in rows:
        yield {name: value for name, value in zip(header, row) if value is not None}


rustpy_xlsxwriter.write_worksheet(records(), target, sheet_name="data", datetime_format="yyyy-mm-dd",
                                  dedupe_strings=shared)
