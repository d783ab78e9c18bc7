// memattr_stream_add_scalar: x0 = dst, x1 = src1, x2 = src2, x3 = n (multiple of 8).
// Returns x0 = 0. dst = src1 + src2.
// Per iteration: 8 elements (one line per array): 8 LDP d-pairs, 8 FADD, 4 STP.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_add_scalar
1:      ldp     d16, d17, [x1]
        ldp     d18, d19, [x1, #16]
        ldp     d20, d21, [x1, #32]
        ldp     d22, d23, [x1, #48]
        ldp     d24, d25, [x2]
        ldp     d26, d27, [x2, #16]
        ldp     d28, d29, [x2, #32]
        ldp     d30, d31, [x2, #48]
        fadd    d16, d16, d24
        fadd    d17, d17, d25
        fadd    d18, d18, d26
        fadd    d19, d19, d27
        fadd    d20, d20, d28
        fadd    d21, d21, d29
        fadd    d22, d22, d30
        fadd    d23, d23, d31
        stp     d16, d17, [x0]
        stp     d18, d19, [x0, #16]
        stp     d20, d21, [x0, #32]
        stp     d22, d23, [x0, #48]
        add     x1, x1, #64
        add     x2, x2, #64
        add     x0, x0, #64
        subs    x3, x3, #8
        b.ne    1b
        mov     x0, xzr
        ret
STREAM_END memattr_stream_add_scalar
