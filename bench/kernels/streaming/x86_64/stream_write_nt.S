// memattr_stream_write_nt: rdi = dst, rcx = n (multiple of 16), xmm0 = fill value; AVX2.
// Returns rax = 0. Per iteration: 16 elements (two lines): 4 VMOVNTPD ymm non-temporal
// stores (no write-allocate). SFENCE at the end orders them before the return.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_write_nt
        STREAM_NEGATIVE_INDEX
        vbroadcastsd %xmm0, %ymm0
1:      vmovntpd %ymm0, (%rdi,%rcx,8)
        vmovntpd %ymm0, 32(%rdi,%rcx,8)
        vmovntpd %ymm0, 64(%rdi,%rcx,8)
        vmovntpd %ymm0, 96(%rdi,%rcx,8)
        add     $16, %rcx
        jnz     1b
        sfence
        vzeroupper
        xor     %eax, %eax
        ret
STREAM_END memattr_stream_write_nt
