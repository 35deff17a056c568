/* expat configuration for the WebAssembly build (what expat's CMake would detect for wasm32). */
#ifndef EXPAT_CONFIG_H
#define EXPAT_CONFIG_H
#define BYTEORDER 1234
#define HAVE_MEMMOVE 1
#define HAVE_STDINT_H 1
#define HAVE_STDLIB_H 1
#define HAVE_STRING_H 1
#define HAVE_UNISTD_H 1
#define STDC_HEADERS 1
#define XML_CONTEXT_BYTES 1024
#define XML_DTD 1
#define XML_GE 1
#define XML_NS 1
/* No getrandom/arc4random in the sandbox: expat seeds its hash salt from the clock instead. */
#define XML_POOR_ENTROPY 1
#endif
