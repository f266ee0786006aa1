/* The floor for writing: zlib deflates XML files (raw deflate, as inside a zip) at a given
   level and throws the output away. Nothing else: no CSV parsing, no XML writing, no zip.
   usage: deflate_floor LEVEL FILE...   Prints the input and compressed sizes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: deflate_floor LEVEL FILE...\n"); return 2; }
    int level = atoi(argv[1]);
    static unsigned char in[1 << 17], out[1 << 17];
    long long total_in = 0, total_out = 0;
    for (int i = 2; i < argc; i++) {
        FILE *file = fopen(argv[i], "rb");
        if (!file) { fprintf(stderr, "cannot open %s\n", argv[i]); return 2; }
        z_stream stream;
        memset(&stream, 0, sizeof stream);
        if (deflateInit2(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 1;
        int flush;
        do {
            size_t count = fread(in, 1, sizeof in, file);
            total_in += (long long)count;
            flush = feof(file) ? Z_FINISH : Z_NO_FLUSH;
            stream.next_in = in;
            stream.avail_in = (uInt)count;
            do {
                stream.next_out = out;
                stream.avail_out = sizeof out;
                deflate(&stream, flush);
                total_out += (long long)(sizeof out - stream.avail_out);
            } while (stream.avail_out == 0);
        } while (flush != Z_FINISH);
        deflateEnd(&stream);
        fclose(file);
    }
    printf("%lld bytes in, %lld bytes deflated at level %d\n", total_in, total_out, level);
    return 0;
}
