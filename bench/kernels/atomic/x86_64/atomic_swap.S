// memattr_atomic_swap_loop: swaps ops, ops-1, ..., 1 into a word in turn.
// rdi = 8-byte-aligned word, rsi = operations (> 0).
// Returns rax = sum of the values swapped out. Every value written is swapped out exactly
// once or is still there at the end: initial + sum(written) == final + sum(returned).
// Per iteration: 1 XCHG (implicitly locked) on 8 bytes + 1 ADD.
        .text
        .global memattr_atomic_swap_loop
        .type   memattr_atomic_swap_loop, @function
        .p2align 4
memattr_atomic_swap_loop:
        xorl    %eax, %eax
1:      movq    %rsi, %rdx
        xchgq   %rdx, (%rdi)
        addq    %rdx, %rax
        decq    %rsi
        jnz     1b
        ret
        .size   memattr_atomic_swap_loop, . - memattr_atomic_swap_loop
        .section .note.GNU-stack, "", @progbits
