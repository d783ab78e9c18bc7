// memattr_atomic_fetch_add_loop: LSE fetch-and-add of 1, `ops` times, on one counter.
// x0 = 8-byte-aligned counter, x1 = operations (> 0).
// Returns x0 = sum of the values fetched (each value is fetched exactly once by exactly one
// operation, so the caller can check the sum as well as the counter).
// Per iteration: 1 LDADDAL (seq-cst, as std::atomic::fetch_add) on 8 bytes + 1 ADD.
        .text
        .global memattr_atomic_fetch_add_loop
        .type   memattr_atomic_fetch_add_loop, %function
        .p2align 4
memattr_atomic_fetch_add_loop:
        mov     x2, #1
        mov     x3, xzr
1:      ldaddal x2, x4, [x0]            // a real destination: with xzr this would be STADDL
        add     x3, x3, x4
        subs    x1, x1, #1
        b.ne    1b
        mov     x0, x3
        ret
        .size   memattr_atomic_fetch_add_loop, . - memattr_atomic_fetch_add_loop
        .section .note.GNU-stack, "", %progbits
