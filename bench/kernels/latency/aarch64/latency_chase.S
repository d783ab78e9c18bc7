// memattr_latency_chase: x0 = start node, x1 = loads (> 0, multiple of 8).
// Returns x0 = the node reached. Per iteration: 8 dependent 8-byte LDR loads (p = *p),
// then one SUBS/B.NE: the loop overhead hides under the load-to-use latency.
        .text
        .global memattr_latency_chase
        .type   memattr_latency_chase, %function
        .p2align 6
memattr_latency_chase:
1:      ldr     x0, [x0]
        ldr     x0, [x0]
        ldr     x0, [x0]
        ldr     x0, [x0]
        ldr     x0, [x0]
        ldr     x0, [x0]
        ldr     x0, [x0]
        ldr     x0, [x0]
        subs    x1, x1, #8
        b.ne    1b
        ret
        .size   memattr_latency_chase, . - memattr_latency_chase
        .section .note.GNU-stack, "", %progbits
