/* The libxlsxwriter peer for `make bench`: CSV to XLSX with the rules of `taizhang convert`
   (integers and decimals become numbers, except digit strings with a leading zero or of 11
   digits or more without a point; valid YYYY-MM-DD dates from 1900 on become dates formatted
   yyyy-mm-dd; TRUE/FALSE/true/false become booleans; the rest is text; empty fields are no cell).
   The first row is the header, written as text. The CSV is read as a stream (RFC 4180: quoted
   fields with doubled quotes and line breaks, an optional UTF-8 BOM).
   usage: csv2xlsx_lxw [--constant-memory] IN.csv OUT.xlsx
   --constant-memory: libxlsxwriter's constant_memory mode (rows flushed as written, strings
   inline); without it, the default mode (whole sheet in memory, shared strings). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

typedef struct { char *data; size_t length, capacity; } text;

static void push(text *field, char c) {
    if (field->length + 1 >= field->capacity) {
        field->capacity = field->capacity ? field->capacity * 2 : 256;
        field->data = realloc(field->data, field->capacity);
        if (!field->data) { perror("realloc"); exit(1); }
    }
    field->data[field->length++] = c;
}

static FILE *input;
static unsigned char buffer[1 << 16];
static size_t buffered, position;

static int next_byte(void) {
    if (position == buffered) {
        buffered = fread(buffer, 1, sizeof buffer, input);
        position = 0;
        if (buffered == 0) return EOF;
    }
    return buffer[position++];
}

/* Reads one field into `field` (NUL-terminated). Returns ',' when another field follows in the
   record, '\n' at the end of the record, EOF at the end of the input (with no field read when
   *empty_end is set). */
static int read_field(text *field, int *empty_end) {
    field->length = 0;
    *empty_end = 0;
    int c = next_byte();
    if (c == EOF) { *empty_end = 1; push(field, 0); return EOF; }
    if (c == '"') {
        for (;;) {
            c = next_byte();
            if (c == EOF) break;
            if (c == '"') {
                c = next_byte();
                if (c == '"') { push(field, '"'); continue; }
                break;
            }
            push(field, (char)c);
        }
        /* after the closing quote: skip to the separator */
        while (c != EOF && c != ',' && c != '\n' && c != '\r') c = next_byte();
    } else {
        while (c != EOF && c != ',' && c != '\n' && c != '\r') { push(field, (char)c); c = next_byte(); }
    }
    if (c == '\r') {
        int after = next_byte();
        if (after != '\n' && after != EOF) position--; /* a lone CR ends the record too */
        c = '\n';
    }
    push(field, 0);
    field->length--;
    return c;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* A number when the text is an integer or a decimal meant for arithmetic. */
static int as_number(const char *s, size_t length, double *value) {
    size_t i = 0;
    if (length && s[0] == '-') i = 1;
    size_t start = i;
    while (i < length && is_digit(s[i])) i++;
    size_t integer_digits = i - start;
    if (integer_digits == 0) return 0;
    int has_point = 0;
    if (i < length && s[i] == '.') {
        has_point = 1;
        size_t fraction = ++i;
        while (i < length && is_digit(s[i])) i++;
        if (i == fraction) return 0;
    }
    if (i != length) return 0;
    if (integer_digits > 1 && s[start] == '0') return 0;
    if (!has_point && integer_digits >= 11) return 0;
    *value = strtod(s, NULL);
    return 1;
}

static int as_date(const char *s, size_t length, lxw_datetime *date) {
    if (length != 10 || s[4] != '-' || s[7] != '-') return 0;
    for (int i = 0; i < 10; i++) if (i != 4 && i != 7 && !is_digit(s[i])) return 0;
    int year = atoi(s), month = atoi(s + 5), day = atoi(s + 8);
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1900 || month < 1 || month > 12 || day < 1) return 0;
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > days[month - 1] + (month == 2 && leap)) return 0;
    memset(date, 0, sizeof *date);
    date->year = year; date->month = month; date->day = day;
    return 1;
}

int main(int argc, char **argv) {
    int constant_memory = 0, arg = 1;
    if (argc > 1 && strcmp(argv[1], "--constant-memory") == 0) { constant_memory = 1; arg++; }
    if (argc - arg != 2) { fprintf(stderr, "usage: csv2xlsx_lxw [--constant-memory] IN.csv OUT.xlsx\n"); return 2; }
    input = fopen(argv[arg], "rb");
    if (!input) { perror(argv[arg]); return 2; }
    lxw_workbook_options options = {.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE};
    lxw_workbook *workbook = workbook_new_opt(argv[arg + 1], &options);
    if (!workbook) { fprintf(stderr, "cannot create %s\n", argv[arg + 1]); return 1; }
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, "data");
    lxw_format *date_format = workbook_add_format(workbook);
    format_set_num_format(date_format, "yyyy-mm-dd");

    text field = {0};
    lxw_row_t row = 0;
    lxw_col_t column = 0;
    int first = 1, empty_end;
    long long cells = 0;
    for (;;) {
        int end = read_field(&field, &empty_end);
        if (end == EOF && empty_end && column == 0) break;
        char *s = field.data;
        size_t length = field.length;
        if (first && row == 0 && column == 0 && length >= 3 && (unsigned char)s[0] == 0xEF &&
            (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF) { s += 3; length -= 3; }
        first = 0;
        if (length > 0) {
            double number;
            lxw_datetime date;
            lxw_error error;
            if (row == 0) error = worksheet_write_string(sheet, row, column, s, NULL);
            else if (as_number(s, length, &number)) error = worksheet_write_number(sheet, row, column, number, NULL);
            else if (as_date(s, length, &date)) error = worksheet_write_datetime(sheet, row, column, &date, date_format);
            else if (strcmp(s, "TRUE") == 0 || strcmp(s, "true") == 0) error = worksheet_write_boolean(sheet, row, column, 1, NULL);
            else if (strcmp(s, "FALSE") == 0 || strcmp(s, "false") == 0) error = worksheet_write_boolean(sheet, row, column, 0, NULL);
            else error = worksheet_write_string(sheet, row, column, s, NULL);
            if (error) { fprintf(stderr, "row %u column %u: %s\n", row + 1, column + 1, lxw_strerror(error)); return 1; }
            cells++;
        }
        if (end == ',') column++;
        else { row++; column = 0; if (end == EOF) break; }
    }
    fclose(input);
    lxw_error error = workbook_close(workbook);
    if (error) { fprintf(stderr, "cannot write %s: %s\n", argv[arg + 1], lxw_strerror(error)); return 1; }
    printf("%lld cells in %u rows\n", cells, row);
    free(field.data);
    return 0;
}
