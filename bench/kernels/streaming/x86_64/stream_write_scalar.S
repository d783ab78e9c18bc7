// memattr_stream_write_scalar: rdi = dst, rcx = n (multiple of 8), xmm0 = fill value.
// Returns rax = 0. Per iteration: 8 elements (one 64-byte line): 8 64-bit MOV stores.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_write_scalar
        STREAM_NEGATIVE_INDEX
        movq    %xmm0, %rax
1:      mov     %rax, (%rdi,%rcx,8)
        mov     %rax, 8(%rdi,%rcx,8)
        mov     %rax, 16(%rdi,%rcx,8)
        mov     %rax, 24(%rdi,%rcx,8)
        mov     %rax, 32(%rdi,%rcx,8)
        mov     %rax, 40(%rdi,%rcx,8)
        mov     %rax, 48(%rdi,%rcx,8)
        mov     %rax, 56(%rdi,%rcx,8)
        add     $8, %rcx
        jnz     1b
        xor     %eax, %eax
        ret
STREAM_END memattr_stream_write_scalar
