// memattr_atomic_cas_loop: increments a counter `ops` times with compare-and-swap,
// retrying an operation whose CAS saw another thread's value.
// rdi = 8-byte-aligned counter, rsi = operations (> 0).
// Returns rax = failed compare-and-swaps (0 without contention).
// Per iteration: 1 LOCK CMPXCHG on 8 bytes (+ 1 per retry).
        .text
        .global memattr_atomic_cas_loop
        .type   memattr_atomic_cas_loop, @function
        .p2align 4
memattr_atomic_cas_loop:
        xorl    %r8d, %r8d              // failed CASes
        movq    (%rdi), %rax            // expected value
1:      leaq    1(%rax), %rdx           // desired value
        lock cmpxchgq %rdx, (%rdi)      // ZF=1: stored; ZF=0: rax <- value another thread left
        jz      2f
        incq    %r8
        jmp     1b
2:      movq    %rdx, %rax              // our store is the next expected value
        decq    %rsi
        jnz     1b
        movq    %r8, %rax
        ret
        .size   memattr_atomic_cas_loop, . - memattr_atomic_cas_loop
        .section .note.GNU-stack, "", @progbits
