// memattr_stream_write_scalar: x0 = dst, x3 = n (multiple of 8), d0 = fill value.
// Returns x0 = 0. Per iteration: 8 elements (one 64-byte line): 4 STP x-pairs.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_write_scalar
        fmov    x4, d0
1:      stp     x4, x4, [x0]
        stp     x4, x4, [x0, #16]
        stp     x4, x4, [x0, #32]
        stp     x4, x4, [x0, #48]
        add     x0, x0, #64
        subs    x3, x3, #8
        b.ne    1b
        mov     x0, xzr
        ret
STREAM_END memattr_stream_write_scalar
