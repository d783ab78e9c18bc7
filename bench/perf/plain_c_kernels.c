#include "plain_c_kernels.h"

void memattr_plain_triad(double* restrict a, const double* restrict b, const double* restrict c,
                         double s, size_t n) {
  for (size_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
}

void memattr_plain_fill(double* restrict a, double s, size_t n) {
  for (size_t i = 0; i < n; ++i) a[i] = s;
}

void memattr_plain_copy(double* restrict a, const double* restrict b, size_t n) {
  for (size_t i = 0; i < n; ++i) a[i] = b[i];
}

void* memattr_plain_chase(void* p, uint64_t loads) {
  while (loads--) p = *(void**)p;
  return p;
}
