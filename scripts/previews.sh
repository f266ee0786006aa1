#!/usr/bin/env bash
# PNG previews of the demo's printed documents for the README (`make previews`): LibreOffice prints
# 评优评先, 区汇总, a blank template and an annotated copy to PDF, and pdftoppm renders one page of
# each kind, found by its title. With the Noto CJK faces installed, LibreOffice gets them for 宋体
# and 黑体 (scripts/preview-fonts.conf), as a Chinese machine prints with its Song and Hei faces.
set -euo pipefail
DEMO=${1:?usage: previews.sh DEMO_FOLDER PREVIEW_FOLDER}
OUT=${2:?usage: previews.sh DEMO_FOLDER PREVIEW_FOLDER}
HERE=$(cd "$(dirname "$0")" && pwd)
PDF="$DEMO/pdf"
rm -rf "$PDF" && mkdir -p "$PDF" "$OUT"
rm -f "$OUT"/*.png
if fc-list :lang=zh family | grep -q "Noto Serif CJK SC"; then export FONTCONFIG_FILE="$HERE/preview-fonts.conf"; fi

print() { # OUTDIR FILE…
  local dir=$1; shift
  soffice "-env:UserInstallation=file://$(cd "$PDF" && pwd)/profile" --headless --convert-to pdf --outdir "$PDF/$dir" "$@" >/dev/null 2>&1
}
print documents "$DEMO/输出/评优评先.xlsx" "$DEMO/输出/区汇总.xlsx"
print template "$DEMO/模板/湖坊镇台账.xlsx"
print annotated "$DEMO/输出/退回修改/湖坊镇台账.xlsx"

render() { # PDF TITLE NAME: the first page whose text (spaces left out) holds TITLE, as NAME.png
  local pdf=$1 title=$2 name=$3 pages page
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  for ((page = 1; page <= pages; page++)); do
    if pdftotext -f "$page" -l "$page" "$pdf" - | tr -d ' \n' | grep -qF "$title"; then
      pdftoppm -r 60 -png -singlefile -f "$page" -l "$page" "$pdf" "$OUT/$name"
      return
    fi
  done
  echo "previews.sh: no page of $pdf shows $title" >&2
  exit 1
}
render "$PDF/documents/评优评先.pdf" "评优评先结果公示(乡镇)" awards-towns
render "$PDF/documents/评优评先.pdf" "评优评先结果公示(干部)" awards-cadres
render "$PDF/documents/评优评先.pdf" "优秀个人推荐名单" awards-nominations
render "$PDF/documents/评优评先.pdf" "评优评先指标明细(乡镇)" awards-details
render "$PDF/documents/评优评先.pdf" "评优评先指标说明" awards-explanation
render "$PDF/documents/区汇总.pdf" "各镇台账汇总" ledger-summary
render "$PDF/documents/区汇总.pdf" "建设进度" progress
render "$PDF/documents/区汇总.pdf" "新建直属团组织台账" ledger-organisations
render "$PDF/documents/区汇总.pdf" "待核实的行" ledger-quarantine
render "$PDF/documents/区汇总.pdf" "合并日志" ledger-log
render "$PDF/template/湖坊镇台账.pdf" "填报说明(湖坊镇)" template-instructions
render "$PDF/template/湖坊镇台账.pdf" "湖坊镇新建直属团组织台账" template
render "$PDF/annotated/湖坊镇台账.pdf" "湖坊镇台账校验结果" letter
render "$PDF/annotated/湖坊镇台账.pdf" "湖坊镇新建直属团组织台账" annotated-sheet
echo "previews in $OUT/: $(cd "$OUT" && ls | tr '\n' ' ')"
