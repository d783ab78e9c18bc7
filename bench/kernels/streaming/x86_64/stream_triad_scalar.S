// memattr_stream_triad_scalar: rdi = dst, rsi = src1, rdx = src2, rcx = n (multiple of 8), xmm0 =
// s.
// Returns rax = 0. Per iteration: 8 elements (one line per array): dst = src1 + s * src2
// with 8 MOVSD loads, 8 MULSD, 8 ADDSD from memory, 8 MOVSD stores (no FMA: scalar SSE2).
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_triad_scalar
        STREAM_NEGATIVE_INDEX
1:      movsd   0(%rdx,%rcx,8), %xmm1
        mulsd   %xmm0, %xmm1
        addsd   0(%rsi,%rcx,8), %xmm1
        movsd   %xmm1, 0(%rdi,%rcx,8)
        movsd   8(%rdx,%rcx,8), %xmm2
        mulsd   %xmm0, %xmm2
        addsd   8(%rsi,%rcx,8), %xmm2
        movsd   %xmm2, 8(%rdi,%rcx,8)
        movsd   16(%rdx,%rcx,8), %xmm3
        mulsd   %xmm0, %xmm3
        addsd   16(%rsi,%rcx,8), %xmm3
        movsd   %xmm3, 16(%rdi,%rcx,8)
        movsd   24(%rdx,%rcx,8), %xmm4
        mulsd   %xmm0, %xmm4
        addsd   24(%rsi,%rcx,8), %xmm4
        movsd   %xmm4, 24(%rdi,%rcx,8)
        movsd   32(%rdx,%rcx,8), %xmm5
        mulsd   %xmm0, %xmm5
        addsd   32(%rsi,%rcx,8), %xmm5
        movsd   %xmm5, 32(%rdi,%rcx,8)
        movsd   40(%rdx,%rcx,8), %xmm6
        mulsd   %xmm0, %xmm6
        addsd   40(%rsi,%rcx,8), %xmm6
        movsd   %xmm6, 40(%rdi,%rcx,8)
        movsd   48(%rdx,%rcx,8), %xmm7
        mulsd   %xmm0, %xmm7
        addsd   48(%rsi,%rcx,8), %xmm7
        movsd   %xmm7, 48(%rdi,%rcx,8)
        movsd   56(%rdx,%rcx,8), %xmm8
        mulsd   %xmm0, %xmm8
        addsd   56(%rsi,%rcx,8), %xmm8
        movsd   %xmm8, 56(%rdi,%rcx,8)
        add     $8, %rcx
        jnz     1b
        xor     %eax, %eax
        ret
STREAM_END memattr_stream_triad_scalar
