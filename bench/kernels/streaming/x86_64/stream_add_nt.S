// memattr_stream_add_nt: rdi = dst, rsi = src1, rdx = src2, rcx = n (multiple of 16); AVX2.
// Returns rax = 0. Per iteration: 16 elements (two lines per array): 8 VMOVNTDQA ymm loads,
// 4 VADDPD, 4 VMOVNTPD non-temporal stores (no write-allocate); SFENCE at the end.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_add_nt
        STREAM_NEGATIVE_INDEX
1:      vmovntdqa (%rsi,%rcx,8), %ymm0
        vmovntdqa 32(%rsi,%rcx,8), %ymm1
        vmovntdqa 64(%rsi,%rcx,8), %ymm2
        vmovntdqa 96(%rsi,%rcx,8), %ymm3
        vmovntdqa (%rdx,%rcx,8), %ymm4
        vmovntdqa 32(%rdx,%rcx,8), %ymm5
        vmovntdqa 64(%rdx,%rcx,8), %ymm6
        vmovntdqa 96(%rdx,%rcx,8), %ymm7
        vaddpd  %ymm4, %ymm0, %ymm0
        vaddpd  %ymm5, %ymm1, %ymm1
        vaddpd  %ymm6, %ymm2, %ymm2
        vaddpd  %ymm7, %ymm3, %ymm3
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
STREAM_END memattr_stream_add_nt
