// TEST SEAMS ONLY (linked into the tests, never into memattr_bench): the production exclusive
// loops with a CLREX between the load- and store-exclusive. CLREX clears the local monitor,
// so that store-exclusive must fail: the retry bound and failure counting are then exercised
// deterministically, on hardware and under QEMU alike.
// Arguments and return value: as in ../aarch64/exclusive_loop_macros.inc.
//   *_always_fails:    every store-exclusive fails  -> gives up after x2 tries, completes 0.
//   *_fails_once:      the first try of each op fails -> with x2 >= 2: x1 ops, x1 failures.
#include "../aarch64/exclusive_loop_macros.inc"

// x6 = failed tries of the current operation (see the macros' register list).
.macro CLREX_ON_FIRST_TRY
        cbnz    x6, 9f
        clrex
9:
.endm

        EXCLUSIVE_INCREMENT_LOOP memattr_test_exclusive_increment_always_fails, ldxr, stxr, clrex
        EXCLUSIVE_INCREMENT_LOOP memattr_test_exclusive_increment_fails_once, ldxr, stxr, CLREX_ON_FIRST_TRY
        EXCLUSIVE_PAIR_INCREMENT_LOOP memattr_test_exclusive_pair_increment_always_fails, clrex
        EXCLUSIVE_PAIR_INCREMENT_LOOP memattr_test_exclusive_pair_increment_fails_once, CLREX_ON_FIRST_TRY

        .section .note.GNU-stack, "", %progbits
