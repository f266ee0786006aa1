/* The floor for reading: libzip inflates the given parts (a worksheet, and the shared strings
   when they are given too) and libxml2's SAX2 push parser parses them, counting <c> elements and
   nothing else. `make bench` compares taizhang with it.
   usage: sax_floor FILE.xlsx PART [PART...] */
#include <stdio.h>
#include <string.h>
#include <zip.h>
#include <libxml/parser.h>

static long cells;

static void on_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
                     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                     const xmlChar **attributes) {
    if (name[0] == 'c' && name[1] == 0) cells++;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: sax_floor FILE.xlsx PART [PART...]\n"); return 2; }
    int error = 0;
    zip_t *archive = zip_open(argv[1], ZIP_RDONLY, &error);
    if (!archive) { fprintf(stderr, "cannot open %s\n", argv[1]); return 2; }
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    static char chunk[1 << 17];
    for (int part = 2; part < argc; part++) {
        zip_file_t *file = zip_fopen(archive, argv[part], 0);
        if (!file) { fprintf(stderr, "no part %s\n", argv[part]); return 2; }
        xmlParserCtxtPtr parser = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL);
        zip_int64_t count;
        while ((count = zip_fread(file, chunk, sizeof chunk)) > 0) xmlParseChunk(parser, chunk, (int)count, 0);
        xmlParseChunk(parser, chunk, 0, 1);
        xmlFreeParserCtxt(parser);
        zip_fclose(file);
    }
    printf("%ld cells\n", cells);
    zip_discard(archive);
    return 0;
}
