// memattr_stream_copy_scalar: rdi = dst, rsi = src1, rcx = n (multiple of 8).
// Returns rax = 0. Per iteration: 8 elements (one line): 8 MOV loads + 8 MOV stores.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_copy_scalar
        STREAM_NEGATIVE_INDEX
1:      mov     (%rsi,%rcx,8), %rax
        mov     8(%rsi,%rcx,8), %r8
        mov     16(%rsi,%rcx,8), %r9
        mov     24(%rsi,%rcx,8), %r10
        mov     %rax, (%rdi,%rcx,8)
        mov     %r8, 8(%rdi,%rcx,8)
        mov     %r9, 16(%rdi,%rcx,8)
        mov     %r10, 24(%rdi,%rcx,8)
        mov     32(%rsi,%rcx,8), %rax
        mov     40(%rsi,%rcx,8), %r8
        mov     48(%rsi,%rcx,8), %r9
        mov     56(%rsi,%rcx,8), %r10
        mov     %rax, 32(%rdi,%rcx,8)
        mov     %r8, 40(%rdi,%rcx,8)
        mov     %r9, 48(%rdi,%rcx,8)
        mov     %r10, 56(%rdi,%rcx,8)
        add     $8, %rcx
        jnz     1b
        xor     %eax, %eax
        ret
STREAM_END memattr_stream_copy_scalar
