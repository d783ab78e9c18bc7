// memattr_stream_copy_scalar: x0 = dst, x1 = src1, x3 = n (multiple of 8).
// Returns x0 = 0. Per iteration: 8 elements (one line): 4 LDP + 4 STP x-pairs.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_copy_scalar
1:      ldp     x4, x5, [x1]
        ldp     x6, x7, [x1, #16]
        ldp     x8, x9, [x1, #32]
        ldp     x10, x11, [x1, #48]
        stp     x4, x5, [x0]
        stp     x6, x7, [x0, #16]
        stp     x8, x9, [x0, #32]
        stp     x10, x11, [x0, #48]
        add     x1, x1, #64
        add     x0, x0, #64
        subs    x3, x3, #8
        b.ne    1b
        mov     x0, xzr
        ret
STREAM_END memattr_stream_copy_scalar
