// memattr_stream_copy_simd: x0 = dst, x1 = src1, x3 = n (multiple of 16).
// Returns x0 = 0. Per iteration: 16 elements (two lines): 4 LDP + 4 STP q-pairs.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_copy_simd
1:      ldp     q0, q1, [x1]
        ldp     q2, q3, [x1, #32]
        ldp     q4, q5, [x1, #64]
        ldp     q6, q7, [x1, #96]
        stp     q0, q1, [x0]
        stp     q2, q3, [x0, #32]
        stp     q4, q5, [x0, #64]
        stp     q6, q7, [x0, #96]
        add     x1, x1, #128
        add     x0, x0, #128
        subs    x3, x3, #16
        b.ne    1b
        mov     x0, xzr
        ret
STREAM_END memattr_stream_copy_simd
