#ifndef TAIZHANG_CLIBXML2_SHIM_H
#define TAIZHANG_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* libxml2's ICU converter structs pull in ICU headers that clash with Foundation's copy of ICU
   in any module importing both. Only pointers to them appear in the structs we touch. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#endif
