// memattr_stream_read_nt: rsi = src1, rcx = n (multiple of 16); AVX2.
// Returns rax = wrapping 64-bit sum of the n words at src1.
// Per iteration: 16 elements (two lines): 4 VMOVNTDQA loads (non-temporal hint; only WC
// memory streams them, WB treats them as ordinary loads) + 4 VPADDQ into 4 accumulators.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_read_nt
        STREAM_NEGATIVE_INDEX
        ZERO_YMM0_3
1:      vmovntdqa (%rsi,%rcx,8), %ymm4
        vmovntdqa 32(%rsi,%rcx,8), %ymm5
        vmovntdqa 64(%rsi,%rcx,8), %ymm6
        vmovntdqa 96(%rsi,%rcx,8), %ymm7
        vpaddq  %ymm4, %ymm0, %ymm0
        vpaddq  %ymm5, %ymm1, %ymm1
        vpaddq  %ymm6, %ymm2, %ymm2
        vpaddq  %ymm7, %ymm3, %ymm3
        add     $16, %rcx
        jnz     1b
        SUM_YMM0_3_TO_RAX
        ret
STREAM_END memattr_stream_read_nt
