// memattr_stream_triad_nt_avx512: rdi = dst, rsi = src1, rdx = src2, rcx = n (multiple of 32),
// xmm0 = s; AVX-512F (the AVX-512 variant of stream_triad_nt, chosen at run time by cpuid).
// Returns rax = 0. Per iteration: 32 elements (four lines per array): 8 VMOVNTDQA zmm loads,
// 4 VFMADD231PD zmm (src1 += s * src2), 4 VMOVNTPD zmm non-temporal stores (no
// write-allocate); SFENCE at the end. A full-line zmm store leaves the write-combining buffer
// whole in one instruction (+9 % at 1 thread over ymm, issue 19). PREFETCHT0 1 KiB ahead.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_triad_nt_avx512
        STREAM_NEGATIVE_INDEX
        vbroadcastsd %xmm0, %zmm15
1:      prefetcht0 1024(%rsi,%rcx,8)
        prefetcht0 1088(%rsi,%rcx,8)
        prefetcht0 1152(%rsi,%rcx,8)
        prefetcht0 1216(%rsi,%rcx,8)
        prefetcht0 1024(%rdx,%rcx,8)
        prefetcht0 1088(%rdx,%rcx,8)
        prefetcht0 1152(%rdx,%rcx,8)
        prefetcht0 1216(%rdx,%rcx,8)
        vmovntdqa (%rsi,%rcx,8), %zmm0
        vmovntdqa 64(%rsi,%rcx,8), %zmm1
        vmovntdqa 128(%rsi,%rcx,8), %zmm2
        vmovntdqa 192(%rsi,%rcx,8), %zmm3
        vmovntdqa (%rdx,%rcx,8), %zmm4
        vmovntdqa 64(%rdx,%rcx,8), %zmm5
        vmovntdqa 128(%rdx,%rcx,8), %zmm6
        vmovntdqa 192(%rdx,%rcx,8), %zmm7
        vfmadd231pd %zmm4, %zmm15, %zmm0
        vfmadd231pd %zmm5, %zmm15, %zmm1
        vfmadd231pd %zmm6, %zmm15, %zmm2
        vfmadd231pd %zmm7, %zmm15, %zmm3
        vmovntpd %zmm0, (%rdi,%rcx,8)
        vmovntpd %zmm1, 64(%rdi,%rcx,8)
        vmovntpd %zmm2, 128(%rdi,%rcx,8)
        vmovntpd %zmm3, 192(%rdi,%rcx,8)
        add     $32, %rcx
        jnz     1b
        sfence
        vzeroupper
        xor     %eax, %eax
        ret
STREAM_END memattr_stream_triad_nt_avx512
