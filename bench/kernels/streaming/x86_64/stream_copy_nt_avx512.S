// memattr_stream_copy_nt_avx512: rdi = dst, rsi = src1, rcx = n (multiple of 1024: 8 KiB);
// AVX-512F (the AVX-512 variant of stream_copy_nt, chosen at run time by cpuid). Returns
// rax = 0. Two 4 KiB pages interleaved (see stream_copy_nt.S); per step 4 lines of each page:
// 8 VMOVNTDQA zmm loads + 8 VMOVNTDQ zmm non-temporal stores (one full line per store).
// PREFETCHT0 1 KiB ahead in each page. SFENCE at the end orders the stores.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_copy_nt_avx512
        lea     (%rsi,%rcx,8), %r9
1:      xor     %r8d, %r8d
2:      prefetcht0 1024(%rsi,%r8)
        prefetcht0 1152(%rsi,%r8)
        prefetcht0 4096+1024(%rsi,%r8)
        prefetcht0 4096+1152(%rsi,%r8)
        vmovntdqa (%rsi,%r8), %zmm0
        vmovntdqa 64(%rsi,%r8), %zmm1
        vmovntdqa 128(%rsi,%r8), %zmm2
        vmovntdqa 192(%rsi,%r8), %zmm3
        vmovntdqa 4096(%rsi,%r8), %zmm4
        vmovntdqa 4096+64(%rsi,%r8), %zmm5
        vmovntdqa 4096+128(%rsi,%r8), %zmm6
        vmovntdqa 4096+192(%rsi,%r8), %zmm7
        vmovntdq %zmm0, (%rdi,%r8)
        vmovntdq %zmm1, 64(%rdi,%r8)
        vmovntdq %zmm2, 128(%rdi,%r8)
        vmovntdq %zmm3, 192(%rdi,%r8)
        vmovntdq %zmm4, 4096(%rdi,%r8)
        vmovntdq %zmm5, 4096+64(%rdi,%r8)
        vmovntdq %zmm6, 4096+128(%rdi,%r8)
        vmovntdq %zmm7, 4096+192(%rdi,%r8)
        add     $256, %r8
        cmp     $4096, %r8
        jne     2b
        add     $8192, %rsi
        add     $8192, %rdi
        cmp     %r9, %rsi
        jne     1b
        sfence
        vzeroupper
        xor     %eax, %eax
        ret
STREAM_END memattr_stream_copy_nt_avx512
