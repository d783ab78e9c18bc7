// memattr_stream_copy_nt: x0 = dst, x1 = src1, x3 = n (multiple of 16).
// Returns x0 = 0. Per iteration: 16 elements (two lines): 4 LDNP + 4 STNP q-pairs
// (non-temporal, no write-allocate).
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_copy_nt
1:      ldnp    q0, q1, [x1]
        ldnp    q2, q3, [x1, #32]
        ldnp    q4, q5, [x1, #64]
        ldnp    q6, q7, [x1, #96]
        stnp    q0, q1, [x0]
        stnp    q2, q3, [x0, #32]
        stnp    q4, q5, [x0, #64]
        stnp    q6, q7, [x0, #96]
        add     x1, x1, #128
        add     x0, x0, #128
        subs    x3, x3, #16
        b.ne    1b
        mov     x0, xzr
        ret
STREAM_END memattr_stream_copy_nt
