#ifndef REPORTWATCH_CLIBXML2_SHIM_H
#define REPORTWATCH_CLIBXML2_SHIM_H
// Debian builds libxml2 with ICU; its UErrorCode clashes with Foundation's, so hide ICU before anything else.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>

// xmlFree is a global function pointer, which Swift 6 rejects as not concurrency-safe.
static inline void rw_xml_free(void *p) { xmlFree(p); }
#endif
