// memattr_stream_triad_nt: x0 = dst, x1 = src1, x2 = src2, x3 = n (multiple of 16), d0 = s.
// Returns x0 = 0. dst = src1 + s * src2.
// Per iteration: 16 elements (two lines per array): 8 LDNP q-pairs, 8 FMLA, 4 STNP; non-temporal
// (no write-allocate).
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_triad_nt
        dup     v31.2d, v0.d[0]
1:      ldnp    q0, q1, [x1]
        ldnp    q2, q3, [x1, #32]
        ldnp    q4, q5, [x1, #64]
        ldnp    q6, q7, [x1, #96]
        ldnp    q16, q17, [x2]
        ldnp    q18, q19, [x2, #32]
        ldnp    q20, q21, [x2, #64]
        ldnp    q22, q23, [x2, #96]
        fmla    v0.2d, v16.2d, v31.2d
        fmla    v1.2d, v17.2d, v31.2d
        fmla    v2.2d, v18.2d, v31.2d
        fmla    v3.2d, v19.2d, v31.2d
        fmla    v4.2d, v20.2d, v31.2d
        fmla    v5.2d, v21.2d, v31.2d
        fmla    v6.2d, v22.2d, v31.2d
        fmla    v7.2d, v23.2d, v31.2d
        stnp    q0, q1, [x0]
        stnp    q2, q3, [x0, #32]
        stnp    q4, q5, [x0, #64]
        stnp    q6, q7, [x0, #96]
        add     x1, x1, #128
        add     x2, x2, #128
        add     x0, x0, #128
        subs    x3, x3, #16
        b.ne    1b
        mov     x0, xzr
        ret
STREAM_END memattr_stream_triad_nt
