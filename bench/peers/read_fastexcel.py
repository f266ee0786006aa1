"""Read peer: fastexcel (Rust calamine + Arrow). Loads every sheet into Arrow (first row as the
header) and counts the non-null cells by Arrow type, header names counted as strings."""
import collections
import sys

import fastexcel

counts = collections.Counter()
reader = fastexcel.read_excel(sys.argv[1])
for name in reader.sheet_names:
    batch = reader.load_sheet(name).to_arrow()
    counts["string (header)"] += batch.num_columns
    for column in batch.columns:
        counts[str(column.type)] += len(column) - column.null_count
print(sum(counts.values()), "cells", dict(sorted(counts.items())))
