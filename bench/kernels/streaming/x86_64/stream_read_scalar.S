// memattr_stream_read_scalar: rsi = src1, rcx = n (multiple of 8); rdi, rdx, xmm0 unused.
// Returns rax = wrapping 64-bit sum of the n words at src1.
// Per iteration: 8 elements (one 64-byte line): 8 ADDs from memory into 4 chains.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_read_scalar
        STREAM_NEGATIVE_INDEX
        xor     %eax, %eax
        xor     %r8d, %r8d
        xor     %r9d, %r9d
        xor     %r10d, %r10d
1:      add     (%rsi,%rcx,8), %rax
        add     8(%rsi,%rcx,8), %r8
        add     16(%rsi,%rcx,8), %r9
        add     24(%rsi,%rcx,8), %r10
        add     32(%rsi,%rcx,8), %rax
        add     40(%rsi,%rcx,8), %r8
        add     48(%rsi,%rcx,8), %r9
        add     56(%rsi,%rcx,8), %r10
        add     $8, %rcx
        jnz     1b
        add     %r8, %rax
        add     %r10, %r9
        add     %r9, %rax
        ret
STREAM_END memattr_stream_read_scalar
