// memattr_stream_scale_nt: x0 = dst, x1 = src1, x3 = n (multiple of 16), d0 = s.
// Returns x0 = 0. dst = s * src1.
// Per iteration: 16 elements (two lines per array): 4 LDNP q-pairs, 8 FMUL, 4 STNP; non-temporal
// (no write-allocate).
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_scale_nt
        dup     v31.2d, v0.d[0]
1:      ldnp    q0, q1, [x1]
        ldnp    q2, q3, [x1, #32]
        ldnp    q4, q5, [x1, #64]
        ldnp    q6, q7, [x1, #96]
        fmul    v0.2d, v0.2d, v31.2d
        fmul    v1.2d, v1.2d, v31.2d
        fmul    v2.2d, v2.2d, v31.2d
        fmul    v3.2d, v3.2d, v31.2d
        fmul    v4.2d, v4.2d, v31.2d
        fmul    v5.2d, v5.2d, v31.2d
        fmul    v6.2d, v6.2d, v31.2d
        fmul    v7.2d, v7.2d, v31.2d
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
STREAM_END memattr_stream_scale_nt
