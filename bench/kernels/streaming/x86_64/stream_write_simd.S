// memattr_stream_write_simd: rdi = dst, rcx = n (multiple of 16), xmm0 = fill value; AVX2.
// Returns rax = 0. Per iteration: 16 elements (two lines): 4 VMOVUPD ymm stores.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_write_simd
        STREAM_NEGATIVE_INDEX
        vbroadcastsd %xmm0, %ymm0
1:      vmovupd %ymm0, (%rdi,%rcx,8)
        vmovupd %ymm0, 32(%rdi,%rcx,8)
        vmovupd %ymm0, 64(%rdi,%rcx,8)
        vmovupd %ymm0, 96(%rdi,%rcx,8)
        add     $16, %rcx
        jnz     1b
        vzeroupper
        xor     %eax, %eax
        ret
STREAM_END memattr_stream_write_simd
