// memattr_stream_write_nt: x0 = dst, x3 = n (multiple of 16), d0 = fill value.
// Returns x0 = 0. Per iteration: 16 elements (two lines): 4 STNP q-pairs (non-temporal, no write-
// allocate).
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_write_nt
        dup     v0.2d, v0.d[0]
        mov     v1.16b, v0.16b
1:      stnp    q0, q1, [x0]
        stnp    q0, q1, [x0, #32]
        stnp    q0, q1, [x0, #64]
        stnp    q0, q1, [x0, #96]
        add     x0, x0, #128
        subs    x3, x3, #16
        b.ne    1b
        mov     x0, xzr
        ret
STREAM_END memattr_stream_write_nt
