// memattr_atomic_swap_loop: swaps ops, ops-1, ..., 1 into a word in turn.
// x0 = 8-byte-aligned word, x1 = operations (> 0).
// Returns x0 = sum of the values swapped out. Every value written is swapped out exactly
// once or is still there at the end: initial + sum(written) == final + sum(returned).
// Per iteration: 1 SWPAL (seq-cst, as x86 XCHG) on 8 bytes + 1 ADD.
        .text
        .global memattr_atomic_swap_loop
        .type   memattr_atomic_swap_loop, %function
        .p2align 4
memattr_atomic_swap_loop:
        mov     x3, xzr
1:      swpal   x1, x2, [x0]
        add     x3, x3, x2
        subs    x1, x1, #1
        b.ne    1b
        mov     x0, x3
        ret
        .size   memattr_atomic_swap_loop, . - memattr_atomic_swap_loop
        .section .note.GNU-stack, "", %progbits
