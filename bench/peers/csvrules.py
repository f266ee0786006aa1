"""The CSV rules of `taizhang convert`, for the Python peers of `make bench`, so that every writer
does the same conversion: integers and decimals become numbers, except digit strings with a
leading zero (0791) or of 11 digits or more without a point (phones, ID numbers), which stay
text; a valid YYYY-MM-DD date from 1900 on becomes a date; TRUE/FALSE (or true/false) become
booleans; everything else is text; an empty field is no cell. The first row is the header (text).
"""
import datetime

_DIGITS = frozenset("0123456789")


def _is_digits(text):
    return text != "" and all(c in _DIGITS for c in text)


def number(field):
    """The number a field stands for, or None."""
    body = field[1:] if field.startswith("-") else field
    integer, point, fraction = body.partition(".")
    if not _is_digits(integer):
        return None
    if point and not _is_digits(fraction):
        return None
    if len(integer) > 1 and integer[0] == "0":
        return None
    if not point and len(integer) >= 11:
        return None
    return float(field) if point else int(field)


def date(field):
    """The date a field stands for, or None."""
    if len(field) != 10 or field[4] != "-" or field[7] != "-":
        return None
    year, month, day = field[:4], field[5:7], field[8:]
    if not (_is_digits(year) and _is_digits(month) and _is_digits(day)):
        return None
    try:
        value = datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value if value.year >= 1900 else None


def convert(field):
    """What a CSV field becomes: None (no cell), int or float, datetime.date, bool or str."""
    if field == "":
        return None
    value = number(field)
    if value is not None:
        return value
    value = date(field)
    if value is not None:
        return value
    if field == "TRUE" or field == "true":
        return True
    if field == "FALSE" or field == "false":
        return False
    return field


def rows(path):
    """(header, iterator of converted rows) of a UTF-8 CSV file (a BOM is skipped)."""
    import csv
    handle = open(path, newline="", encoding="utf-8-sig")
    reader = csv.reader(handle)
    header = next(reader, [])
    return header, ([convert(field) for field in record] for record in reader)
