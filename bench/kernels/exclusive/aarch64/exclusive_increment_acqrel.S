// memattr_exclusive_increment_acqrel_loop: increments one counter with LDAXR/STLXR
// (acquire load, release store), `ops` times.
// x0 = 8-byte-aligned counter, x1 = operations (> 0), x2 = tries per operation (> 0),
// x3 = uint64_t* receiving the number of failed store-exclusives.
// Returns x0 = operations completed (< x1 only if an operation failed x2 tries in a row).
// Per iteration: 1 LDAXR + 1 ADD + 1 STLXR on 8 bytes, plus one round per retry.
#include "exclusive_loop_macros.inc"

        EXCLUSIVE_INCREMENT_LOOP memattr_exclusive_increment_acqrel_loop, ldaxr, stlxr

        .section .note.GNU-stack, "", %progbits
