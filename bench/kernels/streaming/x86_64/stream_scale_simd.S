// memattr_stream_scale_simd: rdi = dst, rsi = src1, rcx = n (multiple of 16), xmm0 = s; AVX2.
// Returns rax = 0. Per iteration: 16 elements (two lines): 4 VMULPD with ymm loads from src1,
// 4 VMOVUPD ymm stores.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_scale_simd
        STREAM_NEGATIVE_INDEX
        vbroadcastsd %xmm0, %ymm15
1:      vmulpd  (%rsi,%rcx,8), %ymm15, %ymm0
        vmulpd  32(%rsi,%rcx,8), %ymm15, %ymm1
        vmulpd  64(%rsi,%rcx,8), %ymm15, %ymm2
        vmulpd  96(%rsi,%rcx,8), %ymm15, %ymm3
        vmovupd %ymm0, (%rdi,%rcx,8)
        vmovupd %ymm1, 32(%rdi,%rcx,8)
        vmovupd %ymm2, 64(%rdi,%rcx,8)
        vmovupd %ymm3, 96(%rdi,%rcx,8)
        add     $16, %rcx
        jnz     1b
        vzeroupper
        xor     %eax, %eax
        ret
STREAM_END memattr_stream_scale_simd
