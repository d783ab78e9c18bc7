// memattr_stream_read_nt: x1 = src1, x3 = n (multiple of 16); x0, x2, d0 unused.
// Returns x0 = wrapping 64-bit sum of the n words at src1.
// Per iteration: 16 elements (two lines): 4 LDNP q-pairs (non-temporal hint), 8 ADD .2d into 4
// accumulators.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_read_nt
        ZERO_V0_3
1:      ldnp    q4, q5, [x1]
        ldnp    q6, q7, [x1, #32]
        ldnp    q16, q17, [x1, #64]
        ldnp    q18, q19, [x1, #96]
        add     v0.2d, v0.2d, v4.2d
        add     v1.2d, v1.2d, v5.2d
        add     v2.2d, v2.2d, v6.2d
        add     v3.2d, v3.2d, v7.2d
        add     v0.2d, v0.2d, v16.2d
        add     v1.2d, v1.2d, v17.2d
        add     v2.2d, v2.2d, v18.2d
        add     v3.2d, v3.2d, v19.2d
        add     x1, x1, #128
        subs    x3, x3, #16
        b.ne    1b
        SUM_V0_3_TO_X0
        ret
STREAM_END memattr_stream_read_nt
