// memattr_stream_read_simd: rsi = src1, rcx = n (multiple of 16); AVX2.
// Returns rax = wrapping 64-bit sum of the n words at src1.
// Per iteration: 16 elements (two lines): 4 VPADDQ from memory (ymm) into 4 accumulators.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_read_simd
        STREAM_NEGATIVE_INDEX
        ZERO_YMM0_3
1:      vpaddq  (%rsi,%rcx,8), %ymm0, %ymm0
        vpaddq  32(%rsi,%rcx,8), %ymm1, %ymm1
        vpaddq  64(%rsi,%rcx,8), %ymm2, %ymm2
        vpaddq  96(%rsi,%rcx,8), %ymm3, %ymm3
        add     $16, %rcx
        jnz     1b
        SUM_YMM0_3_TO_RAX
        ret
STREAM_END memattr_stream_read_simd
