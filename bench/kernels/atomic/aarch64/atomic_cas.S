// memattr_atomic_cas_loop: increments a counter `ops` times with compare-and-swap,
// retrying an operation whose CAS saw another thread's value.
// x0 = 8-byte-aligned counter, x1 = operations (> 0).
// Returns x0 = failed compare-and-swaps (0 without contention).
// Per iteration: 1 CASAL on 8 bytes (+ 1 per retry).
        .text
        .global memattr_atomic_cas_loop
        .type   memattr_atomic_cas_loop, %function
        .p2align 4
memattr_atomic_cas_loop:
        mov     x5, xzr                 // failed CASes
        ldr     x2, [x0]                // expected value
1:      add     x3, x2, #1              // desired value
        mov     x4, x2
        casal   x4, x3, [x0]            // x4 <- old value; memory <- x3 if old == x2
        cmp     x4, x2
        b.eq    2f
        add     x5, x5, #1
        mov     x2, x4                  // retry from the value another thread left
        b       1b
2:      mov     x2, x3                  // our store is the next expected value
        subs    x1, x1, #1
        b.ne    1b
        mov     x0, x5
        ret
        .size   memattr_atomic_cas_loop, . - memattr_atomic_cas_loop
        .section .note.GNU-stack, "", %progbits
