// memattr_stream_triad_scalar: x0 = dst, x1 = src1, x2 = src2, x3 = n (multiple of 8), d0 = s.
// Returns x0 = 0. dst = src1 + s * src2.
// Per iteration: 8 elements (one line per array): 8 LDP d-pairs, 8 FMADD, 4 STP.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_triad_scalar
1:      ldp     d16, d17, [x1]
        ldp     d18, d19, [x1, #16]
        ldp     d20, d21, [x1, #32]
        ldp     d22, d23, [x1, #48]
        ldp     d24, d25, [x2]
        ldp     d26, d27, [x2, #16]
        ldp     d28, d29, [x2, #32]
        ldp     d30, d31, [x2, #48]
        fmadd   d16, d24, d0, d16
        fmadd   d17, d25, d0, d17
        fmadd   d18, d26, d0, d18
        fmadd   d19, d27, d0, d19
        fmadd   d20, d28, d0, d20
        fmadd   d21, d29, d0, d21
        fmadd   d22, d30, d0, d22
        fmadd   d23, d31, d0, d23
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
STREAM_END memattr_stream_triad_scalar
