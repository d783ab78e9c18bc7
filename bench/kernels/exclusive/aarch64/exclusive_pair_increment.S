// memattr_exclusive_pair_increment_loop: increments both words of a 16-byte pair with
// LDXP/STXP (single-copy atomic as a pair), `ops` times.
// x0 = 16-byte-aligned pair, x1 = operations (> 0), x2 = tries per operation (> 0),
// x3 = uint64_t* receiving the number of failed store-exclusives.
// Returns x0 = operations completed (< x1 only if an operation failed x2 tries in a row).
// Per iteration: 1 LDXP + 2 ADD + 1 STXP on 16 bytes, plus one round per retry.
#include "exclusive_loop_macros.inc"

        EXCLUSIVE_PAIR_INCREMENT_LOOP memattr_exclusive_pair_increment_loop

        .section .note.GNU-stack, "", %progbits
