// memattr_stream_add_simd: rdi = dst, rsi = src1, rdx = src2, rcx = n (multiple of 16); AVX2.
// Returns rax = 0. Per iteration: 16 elements (two lines per array): 4 VMOVUPD ymm loads of
// src1, 4 VADDPD with ymm loads of src2, 4 VMOVUPD ymm stores.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_add_simd
        STREAM_NEGATIVE_INDEX
1:      vmovupd (%rsi,%rcx,8), %ymm0
        vmovupd 32(%rsi,%rcx,8), %ymm1
        vmovupd 64(%rsi,%rcx,8), %ymm2
        vmovupd 96(%rsi,%rcx,8), %ymm3
        vaddpd  (%rdx,%rcx,8), %ymm0, %ymm0
        vaddpd  32(%rdx,%rcx,8), %ymm1, %ymm1
        vaddpd  64(%rdx,%rcx,8), %ymm2, %ymm2
        vaddpd  96(%rdx,%rcx,8), %ymm3, %ymm3
        vmovupd %ymm0, (%rdi,%rcx,8)
        vmovupd %ymm1, 32(%rdi,%rcx,8)
        vmovupd %ymm2, 64(%rdi,%rcx,8)
        vmovupd %ymm3, 96(%rdi,%rcx,8)
        add     $16, %rcx
        jnz     1b
        vzeroupper
        xor     %eax, %eax
        ret
STREAM_END memattr_stream_add_simd
