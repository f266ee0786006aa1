#!/usr/bin/env python3
"""Generates the inputs of `make bench` in a folder (default bench/work), deterministically:
the same version of this script always writes the same bytes.

  data.csv      100,000 rows x 10 mixed columns (+ a header row) = 1,000,000 cells, for CSV -> XLSX
  read.xlsx     the same rows converted by the rules of `taizhang convert` and written by XlsxWriter
                (shared strings, dates formatted yyyy-mm-dd): the input of every reader
  small.xlsx    the first 1,000 rows the same way, for start-up
  small.csv     those 1,000 rows as CSV
  read.xls      the 100,000 rows as an Excel 97–2003 workbook, saved by LibreOffice from
                read-xls-source.xlsx (two sheets of 50,000 rows, each with the header: a BIFF8 sheet
                holds at most 65,536 rows); made only when soffice is installed, and kept

Columns: 编号 id (integer), 镇街 town (text, 40 values repeated), 项目 item (unique text, some
with commas and quotes), 金额 amount (decimal), 数量 quantity (integer), 日期 date (YYYY-MM-DD),
达标 flag (TRUE/FALSE), 编码 code (leading-zero digits: text), 电话 phone (11 digits: text),
比率 ratio (signed decimal). So 400,000 numbers, 400,000 strings, 100,000 dates and 100,000
booleans, plus 10 header strings.
"""
import csv
import datetime
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
import csvrules  # noqa: E402

VERSION = "1"
ROWS = 100_000
SMALL_ROWS = 1_000
HEADER = ["编号", "镇街", "项目", "金额", "数量", "日期", "达标", "编码", "电话", "比率"]
TOWNS = ["城关镇", "东关街道", "西关街道", "南湖街道", "北山镇", "青石镇", "柳河镇", "白沙镇", "黄土岭乡", "石门乡",
         "Qingshui Town", "Dongcheng", "Xicheng", "Nanshan", "Beihu", "河口镇", "新田镇", "大王庄乡", "小王庄乡", "马家堡镇",
         "高桥镇", "双河镇", "龙潭镇", "凤凰镇", "金沙镇", "银杏镇", "桃园街道", "李家湾村", "张家营镇", "赵各庄镇",
         "Riverside", "Hill Park", "Old Town", "New Port", "Green Valley", "三岔口镇", "五里铺镇", "七星镇", "八里桥镇", "九龙镇"]
FIRST_DAY = datetime.date(2015, 1, 1)


class Generator:
    """A small deterministic generator (64-bit LCG, top bits), independent of Python's random."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def below(self, bound):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        return (self.state >> 33) % bound


def records(count):
    g = Generator(9)
    for i in range(1, count + 1):
        item = f"项目-{i:06d}-{g.below(1_000_000):06d}"
        if i % 50 == 0:
            item += ', "特殊" note'
        amount = f"{g.below(10_000_000) / 100:.2f}"
        day = FIRST_DAY + datetime.timedelta(days=g.below(3650))
        code = f"0{g.below(1000):03d}{g.below(100):02d}"
        phone = f"1{3 + g.below(7)}{g.below(1_000_000_000):09d}"
        ratio = f"{(g.below(2_000_001) - 1_000_000) / 1000:.3f}"
        yield [str(i), TOWNS[g.below(len(TOWNS))], item, amount, str(g.below(10_000)), day.isoformat(),
               "TRUE" if g.below(2) else "FALSE", code, phone, ratio]


def write_csv(path, count):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(records(count))


def write_xlsx(csv_path, path, rows_per_sheet=None):
    """The rows of a CSV as a workbook; with rows_per_sheet, split over sheets data, data2, …,
    each with the header."""
    import xlsxwriter
    # A fixed creation date keeps the file's bytes the same from run to run.
    workbook = xlsxwriter.Workbook(path, {"constant_memory": False})
    workbook.set_properties({"created": datetime.datetime(2025, 1, 1)})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    header, rows = csvrules.rows(csv_path)
    sheet, r = None, 0
    for index, row in enumerate(rows):
        if sheet is None or (rows_per_sheet and index % rows_per_sheet == 0):
            sheet = workbook.add_worksheet("data" if sheet is None else f"data{index // rows_per_sheet + 1}")
            sheet.write_row(0, 0, header)
            r = 0
        r += 1
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(r, c, value, date_format)
            else:
                sheet.write_string(r, c, value)
    if sheet is None:
        workbook.add_worksheet("data").write_row(0, 0, header)
    workbook.close()


def write_xls(csv_path, work):
    """read.xls: the rows in two sheets, saved as .xls by LibreOffice (skipped without soffice)."""
    import shutil
    import subprocess
    target = os.path.join(work, "read.xls")
    if os.path.exists(target) or not shutil.which("soffice"):
        return
    source = os.path.join(work, "read-xls-source.xlsx")
    write_xlsx(csv_path, source, rows_per_sheet=ROWS // 2)
    profile = "file://" + os.path.abspath(os.path.join(work, "libreoffice-profile"))
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xls",
                    "--outdir", work, source], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.replace(os.path.join(work, "read-xls-source.xls"), target)


def main():
    work = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "work")
    os.makedirs(work, exist_ok=True)
    stamp = os.path.join(work, "inputs.version")
    names = ["data.csv", "read.xlsx", "small.csv", "small.xlsx"]
    if os.path.exists(stamp) and open(stamp).read() == VERSION and all(os.path.exists(os.path.join(work, n)) for n in names):
        write_xls(os.path.join(work, "data.csv"), work)
        print(f"inputs in {work} are up to date")
        return
    print(f"generating inputs in {work} ...", flush=True)
    write_csv(os.path.join(work, "data.csv"), ROWS)
    write_csv(os.path.join(work, "small.csv"), SMALL_ROWS)
    write_xlsx(os.path.join(work, "data.csv"), os.path.join(work, "read.xlsx"))
    write_xlsx(os.path.join(work, "small.csv"), os.path.join(work, "small.xlsx"))
    if os.path.exists(os.path.join(work, "read.xls")):
        os.remove(os.path.join(work, "read.xls"))
    write_xls(os.path.join(work, "data.csv"), work)
    with open(stamp, "w") as handle:
        handle.write(VERSION)
    for name in names:
        print(f"  {name}: {os.path.getsize(os.path.join(work, name)):,} bytes")


if __name__ == "__main__":
    main()
