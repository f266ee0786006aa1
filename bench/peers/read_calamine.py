"""Read peer: python-calamine. Iterates every cell of every sheet and counts the non-empty ones
by Python type."""
import collections
import sys

from python_calamine import CalamineWorkbook

counts = collections.Counter()
workbook = CalamineWorkbook.from_path(sys.argv[1])
for name in workbook.sheet_names:
    for row in workbook.get_sheet_by_name(name).iter_rows():
        for value in row:
            if value != "":
                counts[type(value).__name__] += 1
print(sum(counts.values()), "cells", dict(sorted(counts.items())))
