// memattr_stream_read_scalar: x1 = src1, x3 = n (multiple of 8); x0, x2, d0 unused.
// Returns x0 = wrapping 64-bit sum of the n words at src1.
// Per iteration: 8 elements (one 64-byte line): 4 LDP x-pairs, 8 ADDs into 4 chains.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_read_scalar
        mov     x9, xzr
        mov     x10, xzr
        mov     x11, xzr
        mov     x12, xzr
1:      ldp     x4, x5, [x1]
        ldp     x6, x7, [x1, #16]
        add     x9, x9, x4
        add     x10, x10, x5
        add     x11, x11, x6
        add     x12, x12, x7
        ldp     x4, x5, [x1, #32]
        ldp     x6, x7, [x1, #48]
        add     x9, x9, x4
        add     x10, x10, x5
        add     x11, x11, x6
        add     x12, x12, x7
        add     x1, x1, #64
        subs    x3, x3, #8
        b.ne    1b
        add     x0, x9, x10
        add     x11, x11, x12
        add     x0, x0, x11
        ret
STREAM_END memattr_stream_read_scalar
