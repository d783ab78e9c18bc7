// memattr_stream_zero: x0 = dst (4096-byte aligned), x3 = n (multiple of 512); x1, x2, d0
// unused. Returns x0 = 0. Per iteration: one DC ZVA, zeroing one block of DCZID_EL0 bytes
// (4 << BS) without reading it. REQUIRES: DCZID_EL0.DZP == 0 (see memattr_dc_zva_block_bytes).
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_zero
        mrs     x4, dczid_el0
        and     x4, x4, #15
        mov     x5, #4
        lsl     x5, x5, x4              // block bytes
        lsl     x3, x3, #3              // bytes to zero, a multiple of 4096 >= any block
1:      dc      zva, x0
        add     x0, x0, x5
        subs    x3, x3, x5
        b.hi    1b
        mov     x0, xzr
        ret
STREAM_END memattr_stream_zero

// memattr_dc_zva_block_bytes: no arguments. Returns x0 = DC ZVA block size in bytes, or 0
// when DCZID_EL0.DZP (bit 4) prohibits DC ZVA.
        .text
        .global memattr_dc_zva_block_bytes
        .type   memattr_dc_zva_block_bytes, %function
        .p2align 4
memattr_dc_zva_block_bytes:
        mrs     x0, dczid_el0
        tbnz    x0, #4, 1f
        and     x0, x0, #15
        mov     x1, #4
        lsl     x0, x1, x0
        ret
1:      mov     x0, xzr
        ret
        .size   memattr_dc_zva_block_bytes, . - memattr_dc_zva_block_bytes
