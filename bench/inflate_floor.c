/* The floor for reading, part one: libzip inflates parts of a workbook and nothing else.
   usage: inflate_floor FILE.xlsx [PART...]   (no PART: every entry)
   Prints the number of inflated bytes. `make bench` times it beside the readers. */
#include <stdio.h>
#include <zip.h>

static long long inflate_entry(zip_t *archive, zip_int64_t index, const char *name) {
    zip_file_t *file = index >= 0 ? zip_fopen_index(archive, (zip_uint64_t)index, 0) : zip_fopen(archive, name, 0);
    if (!file) { fprintf(stderr, "cannot open part %s\n", name ? name : "(by index)"); return -1; }
    static char chunk[1 << 17];
    long long total = 0;
    zip_int64_t count;
    while ((count = zip_fread(file, chunk, sizeof chunk)) > 0) total += count;
    zip_fclose(file);
    return count < 0 ? -1 : total;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: inflate_floor FILE.xlsx [PART...]\n"); return 2; }
    int error = 0;
    zip_t *archive = zip_open(argv[1], ZIP_RDONLY, &error);
    if (!archive) { fprintf(stderr, "cannot open %s\n", argv[1]); return 2; }
    long long total = 0;
    if (argc == 2) {
        zip_int64_t entries = zip_get_num_entries(archive, 0);
        for (zip_int64_t i = 0; i < entries; i++) {
            long long bytes = inflate_entry(archive, i, NULL);
            if (bytes < 0) return 1;
            total += bytes;
        }
    } else {
        for (int i = 2; i < argc; i++) {
            long long bytes = inflate_entry(archive, -1, argv[i]);
            if (bytes < 0) return 1;
            total += bytes;
        }
    }
    printf("%lld bytes inflated\n", total);
    zip_discard(archive);
    return 0;
}
