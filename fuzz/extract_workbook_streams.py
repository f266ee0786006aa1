"""Seeds for the BIFF fuzz target: writes the Workbook stream of each .xls given into OUTDIR.
A minimal compound-file reader (header, FAT via the header's DIFAT, directory, mini stream);
files it cannot read are skipped: they still seed reader-fuzzer whole.

    python3 fuzz/extract_workbook_streams.py OUTDIR FILE.xls...
"""
import os
import struct
import sys


def chain(data, fat, start, sector_size, first=1):
    """A sector chain's bytes; sector n lies at (n + first) * sector_size (first=0 in the mini stream)."""
    out, seen = bytearray(), set()
    while start < 0xFFFFFFFA and start not in seen and start < len(fat):
        seen.add(start)
        offset = (start + first) * sector_size
        out += data[offset:offset + sector_size]
        start = fat[start]
    return bytes(out)


def workbook_stream(data):
    if data[:8] != bytes.fromhex("D0CF11E0A1B11AE1"):
        return None
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    fat_count, dir_start, _, cutoff, minifat_start = struct.unpack_from("<IIIII", data, 0x2C)
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C)[:fat_count]]
    fat = []
    for sector in fat_sectors:
        offset = (sector + 1) * sector_size
        fat += struct.unpack_from("<%dI" % (sector_size // 4), data[offset:offset + sector_size].ljust(sector_size, b"\xff"))
    directory = chain(data, fat, dir_start, sector_size)
    entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
    root = entries[0]
    mini = chain(data, fat, struct.unpack_from("<I", root, 116)[0], sector_size)
    minifat_bytes = chain(data, fat, minifat_start, sector_size)
    minifat = list(struct.unpack_from("<%dI" % (len(minifat_bytes) // 4), minifat_bytes))
    for entry in entries:
        name_length = struct.unpack_from("<H", entry, 64)[0]
        name = entry[:max(0, name_length - 2)].decode("utf-16-le", "replace").lower()
        if entry[66] == 2 and name in ("workbook", "book"):
            start, size = struct.unpack_from("<II", entry, 116)
            if size < cutoff:
                return chain(mini, minifat, start, 64, first=0)[:size]
            return chain(data, fat, start, sector_size)[:size]
    return None


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for path in sys.argv[2:]:
        try:
            stream = workbook_stream(open(path, "rb").read())
        except (struct.error, IndexError, ValueError):
            stream = None
        if stream:
            with open(os.path.join(out, os.path.basename(path) + ".biff"), "wb") as handle:
                handle.write(stream)


main()
