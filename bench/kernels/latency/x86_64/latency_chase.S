// memattr_latency_chase: rdi = start node, rsi = loads (> 0, multiple of 8).
// Returns rax = the node reached. Per iteration: 8 dependent 8-byte MOV loads (p = *p),
// then one SUB/JNZ: the loop overhead hides under the load-to-use latency.
        .text
        .global memattr_latency_chase
        .type   memattr_latency_chase, @function
        .p2align 5
memattr_latency_chase:
        mov     %rdi, %rax
1:      mov     (%rax), %rax
        mov     (%rax), %rax
        mov     (%rax), %rax
        mov     (%rax), %rax
        mov     (%rax), %rax
        mov     (%rax), %rax
        mov     (%rax), %rax
        mov     (%rax), %rax
        sub     $8, %rsi
        jnz     1b
        ret
        .size   memattr_latency_chase, . - memattr_latency_chase
        .section .note.GNU-stack, "", @progbits
