// memattr_stream_scale_scalar: x0 = dst, x1 = src1, x3 = n (multiple of 8), d0 = s.
// Returns x0 = 0. dst = s * src1.
// Per iteration: 8 elements (one line per array): 4 LDP d-pairs, 8 FMUL, 4 STP.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_scale_scalar
1:      ldp     d16, d17, [x1]
        ldp     d18, d19, [x1, #16]
        ldp     d20, d21, [x1, #32]
        ldp     d22, d23, [x1, #48]
        fmul    d16, d16, d0
        fmul    d17, d17, d0
        fmul    d18, d18, d0
        fmul    d19, d19, d0
        fmul    d20, d20, d0
        fmul    d21, d21, d0
        fmul    d22, d22, d0
        fmul    d23, d23, d0
        stp     d16, d17, [x0]
        stp     d18, d19, [x0, #16]
        stp     d20, d21, [x0, #32]
        stp     d22, d23, [x0, #48]
        add     x1, x1, #64
        add     x0, x0, #64
        subs    x3, x3, #8
        b.ne    1b
        mov     x0, xzr
        ret
STREAM_END memattr_stream_scale_scalar
