"""Read peer: openpyxl in read-only mode. Iterates every cell of every worksheet and counts the
non-empty ones by Python type."""
import collections
import sys

import openpyxl

counts = collections.Counter()
workbook = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
for sheet in workbook.worksheets:
    for row in sheet.iter_rows(values_only=True):
        for value in row:
            if value is not None:
                counts[type(value).__name__] += 1
workbook.close()
print(sum(counts.values()), "cells", dict(sorted(counts.items())))
