// memattr_atomic_fetch_add_loop: locked fetch-and-add of 1, `ops` times, on one counter.
// rdi = 8-byte-aligned counter, rsi = operations (> 0).
// Returns rax = sum of the values fetched (each value is fetched exactly once by exactly one
// operation, so the caller can check the sum as well as the counter).
// Per iteration: 1 LOCK XADD on 8 bytes + 1 ADD.
        .text
        .global memattr_atomic_fetch_add_loop
        .type   memattr_atomic_fetch_add_loop, @function
        .p2align 4
memattr_atomic_fetch_add_loop:
        xorl    %eax, %eax
1:      movl    $1, %edx
        lock xaddq %rdx, (%rdi)
        addq    %rdx, %rax
        decq    %rsi
        jnz     1b
        ret
        .size   memattr_atomic_fetch_add_loop, . - memattr_atomic_fetch_add_loop
        .section .note.GNU-stack, "", @progbits
