// Plain C reference kernels for memattr-perf-compare: what a STREAM-style C loop compiles to
// with -O3 -march=native (the yardstick the hand-written kernels must meet; issue 4).
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// a[i] = b[i] + s * c[i] for i < n.
void memattr_plain_triad(double* a, const double* b, const double* c, double s, size_t n);
// a[i] = s for i < n (STREAM has no fill; the loop a STREAM-style fill would be).
void memattr_plain_fill(double* a, double s, size_t n);
// a[i] = b[i] for i < n, as a loop (compiled without the memcpy pattern, see CMakeLists.txt).
void memattr_plain_copy(double* a, const double* b, size_t n);
// p = *p, `loads` times; returns the node reached.
void* memattr_plain_chase(void* p, uint64_t loads);

#ifdef __cplusplus
}
#endif
