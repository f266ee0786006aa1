#ifndef TAIZHANG_CZLIB_SHIM_H
#define TAIZHANG_CZLIB_SHIM_H
#include <zlib.h>

/* deflateInit2 is a macro (it passes the library version and the stream's size); Swift cannot call macros. */
static inline int taizhang_deflate_init_raw(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}
#endif
