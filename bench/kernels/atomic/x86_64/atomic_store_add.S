// memattr_atomic_store_add_loop: locked add of 1 (no value returned), `ops` times.
// rdi = 8-byte-aligned counter, rsi = operations (> 0).
// Returns rax = 0.
// Per iteration: 1 LOCK ADD on 8 bytes.
        .text
        .global memattr_atomic_store_add_loop
        .type   memattr_atomic_store_add_loop, @function
        .p2align 4
memattr_atomic_store_add_loop:
1:      lock addq $1, (%rdi)
        decq    %rsi
        jnz     1b
        xorl    %eax, %eax
        ret
        .size   memattr_atomic_store_add_loop, . - memattr_atomic_store_add_loop
        .section .note.GNU-stack, "", @progbits
