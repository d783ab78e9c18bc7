// memattr_stream_write_nt_avx512: rdi = dst, rcx = n (multiple of 32), xmm0 = fill value;
// AVX-512F (the AVX-512 variant of stream_write_nt, chosen at run time by cpuid). Returns
// rax = 0. Per iteration: 32 elements (four lines): 4 VMOVNTPD zmm non-temporal stores, one
// full line each (no write-allocate). SFENCE at the end orders them before the return.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_write_nt_avx512
        STREAM_NEGATIVE_INDEX
        vbroadcastsd %xmm0, %zmm0
1:      vmovntpd %zmm0, (%rdi,%rcx,8)
        vmovntpd %zmm0, 64(%rdi,%rcx,8)
        vmovntpd %zmm0, 128(%rdi,%rcx,8)
        vmovntpd %zmm0, 192(%rdi,%rcx,8)
        add     $32, %rcx
        jnz     1b
        sfence
        vzeroupper
        xor     %eax, %eax
        ret
STREAM_END memattr_stream_write_nt_avx512
