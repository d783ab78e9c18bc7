// memattr_atomic_store_add_loop: LSE store-add of 1 (no value returned), `ops` times.
// x0 = 8-byte-aligned counter, x1 = operations (> 0).
// Returns x0 = 0.
// Per iteration: 1 STADD (relaxed, the "far atomic" form) on 8 bytes.
        .text
        .global memattr_atomic_store_add_loop
        .type   memattr_atomic_store_add_loop, %function
        .p2align 4
memattr_atomic_store_add_loop:
        mov     x2, #1
1:      stadd   x2, [x0]
        subs    x1, x1, #1
        b.ne    1b
        mov     x0, xzr
        ret
        .size   memattr_atomic_store_add_loop, . - memattr_atomic_store_add_loop
        .section .note.GNU-stack, "", %progbits
