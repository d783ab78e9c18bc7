// memattr_stream_copy_simd: rdi = dst, rsi = src1, rcx = n (multiple of 1024: 8 KiB); AVX2.
// Returns rax = 0. Two 4 KiB pages interleaved (see stream_copy_nt.S): each step copies 2
// lines from the first page of an 8 KiB block and the same 2 lines of the second, with
// 8 VMOVDQU ymm loads + 8 VMOVDQU stores; PREFETCHT0 1 KiB ahead in each page.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_copy_simd
        COPY_TWO_PAGES_INTERLEAVED vmovdqu, vmovdqu
        vzeroupper
        xor     %eax, %eax
        ret
STREAM_END memattr_stream_copy_simd
