"""Write peer: XlsxWriter (pure Python). CSV to XLSX with the rules of `taizhang convert`
(csvrules.py). usage: write_xlsxwriter.py [--constant-memory] IN.csv OUT.xlsx
Default mode: shared strings, the sheet kept in memory; --constant-memory: rows flushed as
written, strings inline."""
import datetime
import os
import sys

import xlsxwriter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import csvrules  # noqa: E402

args = sys.argv[1:]
constant_memory = args[:1] == ["--constant-memory"]
if constant_memory:
    args = args[1:]
source, target = args
workbook = xlsxwriter.Workbook(target, {"constant_memory": constant_memory})
sheet = workbook.add_worksheet("data")
date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
header, rows = csvrules.rows(source)
sheet.write_row(0, 0, header)
write_number, write_string, write_boolean, write_datetime = (
    sheet.write_number, sheet.write_string, sheet.write_boolean, sheet.write_datetime)
for r, row in enumerate(rows, start=1):
    for c, value in enumerate(row):
        kind = type(value)
        if kind is float or kind is int:
            write_number(r, c, value)
        elif kind is str:
            write_string(r, c, value)
        elif kind is bool:
            write_boolean(r, c, value)
        elif kind is datetime.date:
            write_datetime(r, c, value, date_format)
workbook.close()
