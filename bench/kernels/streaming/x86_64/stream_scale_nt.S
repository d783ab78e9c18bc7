// memattr_stream_scale_nt: rdi = dst, rsi = src1, rcx = n (multiple of 16), xmm0 = s; AVX2.
// Returns rax = 0. Per iteration: 16 elements (two lines): 4 VMOVNTDQA ymm loads, 4 VMULPD,
// 4 VMOVNTPD non-temporal stores (no write-allocate); SFENCE at the end.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_scale_nt
        STREAM_NEGATIVE_INDEX
        vbroadcastsd %xmm0, %ymm15
1:      vmovntdqa (%rsi,%rcx,8), %ymm0
        vmovntdqa 32(%rsi,%rcx,8), %ymm1
        vmovntdqa 64(%rsi,%rcx,8), %ymm2
        vmovntdqa 96(%rsi,%rcx,8), %ymm3
        vmulpd  %ymm15, %ymm0, %ymm0
        vmulpd  %ymm15, %ymm1, %ymm1
        vmulpd  %ymm15, %ymm2, %ymm2
        vmulpd  %ymm15, %ymm3, %ymm3
        vmovntpd %ymm0, (%rdi,%rcx,8)
        vmovntpd %ymm1, 32(%rdi,%rcx,8)
        vmovntpd %ymm2, 64(%rdi,%rcx,8)
        vmovntpd %ymm3, 96(%rdi,%rcx,8)
        add     $16, %rcx
        jnz     1b
        sfence
        vzeroupper
        xor     %eax, %eax
        ret
STREAM_END memattr_stream_scale_nt
