#!/usr/bin/env bash
# Builds the portal's demo data folder (`make portal`): the sample towns' ledgers uploaded with a
# few weeks of history, so the board, the charts and the ranking have something to show.
#
# The history comes from `taizhang sample --as-of DAY` (each town's ledger as it stood on that
# day: later rows left out, 填报日期 = the day) recorded with `taizhang import --received TIME`
# (an upload by the district at a past time). Per town:
#   湖坊镇  every Friday, the full ledger today                (early, beyond its target)
#   罗家镇  every Friday; a rejected upload on 10-16 fixed an hour later; the full ledger today
#   塘山镇  10-09, 10-23; a rejected full ledger today           (errors: must fix and upload again)
#   京东镇  10-02, 10-16, 10-23                                    (one report missed, nothing this week)
#   扬子洲镇 only an unreadable file                               (missing on the board)
set -euo pipefail
BIN=${BIN:-.build/debug/taizhang}
DATA=${1:?usage: portal-demo.sh DATA_FOLDER}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

rm -rf "$DATA"
for day in 2026-10-02 2026-10-09 2026-10-16 2026-10-23; do
  "$BIN" sample -o "$WORK/$day" --as-of "$day" >/dev/null
done
"$BIN" sample -o "$WORK/faulty-10-16" --as-of 2026-10-16 --faults >/dev/null
"$BIN" sample -o "$WORK/final" >/dev/null
"$BIN" sample -o "$WORK/final-faulty" --faults >/dev/null
printf 'PK\003\004 this is no workbook: the attachment was cut off in transit' > "$WORK/扬子洲镇台账.xlsx"

record() { # TIME FILE [--town TOWN]
  local time=$1 file=$2; shift 2
  "$BIN" import --data "$DATA" --received "$time" "$@" "$file" | sed 's/^.*: #/  #/'
}
ledger() { echo "$WORK/$1/$2台账.xlsx"; }

for day in 2026-10-02 2026-10-09 2026-10-16 2026-10-23; do
  record "${day}T16:40:00+08:00" "$(ledger "$day" 湖坊镇)"
done
for day in 2026-10-02 2026-10-09; do record "${day}T17:55:00+08:00" "$(ledger "$day" 罗家镇)"; done
record 2026-10-16T17:10:00+08:00 "$(ledger faulty-10-16 罗家镇)"
record 2026-10-16T18:05:00+08:00 "$(ledger 2026-10-16 罗家镇)"
record 2026-10-23T17:30:00+08:00 "$(ledger 2026-10-23 罗家镇)"
record 2026-10-09T11:20:00+08:00 "$(ledger 2026-10-09 塘山镇)"
record 2026-10-23T10:05:00+08:00 "$(ledger 2026-10-23 塘山镇)"
for day in 2026-10-02 2026-10-16 2026-10-23; do record "${day}T15:00:00+08:00" "$(ledger "$day" 京东镇)"; done
record 2026-10-16T21:48:00+08:00 "$WORK/扬子洲镇台账.xlsx" --town 扬子洲镇
# This week's uploads: now.
"$BIN" import --data "$DATA" "$(ledger final 湖坊镇)" "$(ledger final 罗家镇)" "$(ledger final-faulty 塘山镇)" | sed 's/^.*: #/  #/'
