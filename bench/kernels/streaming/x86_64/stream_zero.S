// memattr_stream_zero: rdi = dst, rcx = n (multiple of 512); rsi, rdx, xmm0 unused.
// Returns rax = 0. One REP STOSB of 8n zero bytes: with ERMS/FSRM the microcode writes whole
// lines (no read-for-ownership where the CPU supports it), as glibc memset does for large sizes.
#include "stream_function.inc"
STREAM_BEGIN memattr_stream_zero
        shl     $3, %rcx
        xor     %eax, %eax
        rep stosb
        ret
STREAM_END memattr_stream_zero
