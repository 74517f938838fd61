/* Runtime functions of translated programs; see futamura.h. The semantics
 * follow the ll-graph interpreter's external functions
 * (src/llinterp/llinterp.cpp), which follow CPython. */
#define _GNU_SOURCE 1 /* REG_RSP */
#include "futamura.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

void RPyFatal(const char* message) {
    fflush(stdout);
    fprintf(stderr, "Fatal RPython error: %s\n", message);
    exit(1);
}

void* RPyCheckMem(void* p) {
    if (!p) RPyFatal("MemoryError");
    return p;
}

#if defined(RPY_GC_FRAMEWORK)
/* A size from the environment: bytes, or with a suffix k, M or G (0: unset
 * or not a size, which is reported). */
Signed RPyEnvSize(const char* name) {
    const char* s = getenv(name);
    if (!s || !*s) return 0;
    char* end;
    long long n = strtoll(s, &end, 10);
    long long unit = 1;
    if (*end == 'k' || *end == 'K') unit = 1024, ++end;
    else if (*end == 'm' || *end == 'M') unit = 1024 * 1024, ++end;
    else if (*end == 'g' || *end == 'G') unit = 1024 * 1024 * 1024, ++end;
    if (end == s || *end || n <= 0 || n > (1LL << 40) / unit) {
        fprintf(stderr, "warning: %s=%s is not a size (bytes, or a number with k, M or G): ignored\n", name, s);
        return 0;
    }
    return (Signed)(n * unit);
}
#endif

/* --- Boehm (gc=boehm) ------------------------------------------------------------------ */
#if defined(RPY_GC_BOEHM)
void* rpy_freelists[RPY_FREELIST_GRANULES + 1];

void* RPyBoehmRefill(size_t granules) {
    void* list = GC_malloc_many(granules * 16);
    if (!list) RPyFatal("MemoryError");
    rpy_freelists[granules] = GC_NEXT(list);
    GC_NEXT(list) = NULL;
    return list;
}
#endif

/* --- refcounting (gc=refcount) ------------------------------------------------------- */
#if defined(RPY_GC_REFCOUNT)
void* RPyRcMalloc(size_t size, void (*dealloc)(void*)) {
    RPyRcHeader* h = (RPyRcHeader*)RPyCheckMem(calloc(1, sizeof(RPyRcHeader) + size));
    h->refcount = 1;
    h->dealloc = dealloc;
#if defined(RPY_RC_DEBUG)
    h->size = size;
#endif
    return h + 1;
}

void RPyRcFree(void* p) {
#if defined(RPY_RC_DEBUG)
    /* poisoned and kept: a later use reads garbage or trips the count check */
    RPyRcHeader* h = RPY_RC_HDR(p);
    memset(p, 0xdb, h->size);
    h->refcount = -1000000;
#else
    free(RPY_RC_HDR(p));
#endif
}

#if defined(RPY_RC_DEBUG)
void RPyRcBadCount(void* p) {
    fflush(stdout);
    fprintf(stderr, "Fatal RPython error: refcount %ld on the object at %p (freed or never counted)\n",
            (long)RPY_RC_HDR(p)->refcount, p);
    abort();
}
#endif

/* Objects whose count reached zero wait on a stack and are deallocated one
 * at a time: freeing a long chain takes no C recursion. */
static void** rcPending;
static size_t rcPendingCount, rcPendingSize;
static int rcDraining;

void RPyRcRelease(void* p) {
    if (!RPY_RC_HDR(p)->dealloc) return; /* the runtime's own: kept */
    if (rcPendingCount == rcPendingSize) {
        rcPendingSize = rcPendingSize ? 2 * rcPendingSize : 256;
        rcPending = (void**)RPyCheckMem(realloc(rcPending, rcPendingSize * sizeof(void*)));
    }
    rcPending[rcPendingCount++] = p;
    if (rcDraining) return;
    rcDraining = 1;
    while (rcPendingCount) {
        void* q = rcPending[--rcPendingCount];
        RPY_RC_HDR(q)->dealloc(q);
    }
    rcDraining = 0;
}
#endif

/* --- the stack ---------------------------------------------------------------- */

char* rpy_stack_limit;
static char* rpy_stack_top;
static size_t rpy_stack_size;
static char* rpy_shadow_guard; /* (a framework GC) the guard area after the shadow stack */
#define RPY_SHADOW_GUARD (64u << 10)

/* A fault on the guard page below the stack is a stack overflow of
 * recursion that no handler of RecursionError can see (the functions that
 * such a handler can see check the stack on entry instead): it is reported
 * as that uncaught exception. Any other fault keeps its default action. */
static void RPyOnFault(int sig, siginfo_t* info, void* context) {
    char* addr = (char*)info->si_addr;
    int overflow = addr < rpy_stack_top && addr + rpy_stack_size + (2u << 20) >= rpy_stack_top;
    if (rpy_shadow_guard && addr >= rpy_shadow_guard && addr < rpy_shadow_guard + RPY_SHADOW_GUARD)
        overflow = 1; /* the shadow stack of a framework GC */
#if defined(__linux__) && defined(__x86_64__)
    /* (an unlimited stack grows until it meets another mapping) */
    char* sp = (char*)((ucontext_t*)context)->uc_mcontext.gregs[REG_RSP];
    if (addr <= sp + 4096 && addr + (1u << 20) >= sp) overflow = 1;
#else
    (void)context;
#endif
    if (overflow) {
        static const char message[] = "Fatal RPython error: RecursionError (stack overflow)\n";
        ssize_t r = write(2, message, sizeof message - 1);
        (void)r;
        _exit(1);
    }
    signal(sig, SIG_DFL); /* the instruction faults again, fatally */
}

void RPyStackInit(void) {
    /* Leave room below the limit for the handler of RecursionError and the
     * runtime's own calls. */
    struct rlimit rl;
    size_t size = 8u << 20;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > (1u << 20))
        size = (size_t)rl.rlim_cur;
    if (size > (1u << 30)) size = 1u << 30;
    char* here = (char*)__builtin_frame_address(0);
    rpy_stack_top = here;
    rpy_stack_size = size;
    rpy_stack_limit = here - size + (size / 8 > (256u << 10) ? size / 8 : (256u << 10));
    /* the fault handler runs on a stack of its own */
    static char altstack[64 << 10];
    stack_t ss;
    ss.ss_sp = altstack;
    ss.ss_size = sizeof altstack;
    ss.ss_flags = 0;
    if (sigaltstack(&ss, NULL) == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = RPyOnFault;
        sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGSEGV, &sa, NULL);
    }
}

#if defined(RPY_GC_FRAMEWORK)
/* The shadow stack of a framework GC: as many bytes as the C stack (a
 * frame's roots are values its C frame holds too), reserved, not committed,
 * with a guard area after it: an overflow faults there and is reported as
 * the uncaught RecursionError, like an overflow of the C stack. */
RPyAddress RPyShadowStack(void) {
    size_t size = rpy_stack_size ? rpy_stack_size : (8u << 20);
    size = (size + 4095) & ~(size_t)4095;
    char* p = mmap(NULL, size + RPY_SHADOW_GUARD, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED) RPyFatal("MemoryError (no room for the shadow stack)");
    if (mprotect(p + size, RPY_SHADOW_GUARD, PROT_NONE) == 0) rpy_shadow_guard = p + size;
    return p;
}
#endif

/* --- I/O ------------------------------------------------------------------------ */

Signed RPyWrite(Signed fd, const unsigned char* data, Signed length) {
    Signed done = 0;
    while (done < length) {
        ssize_t n = write((int)fd, data + done, (size_t)(length - done));
        if (n < 0) {
            if (errno == EINTR) continue;
            RPyRaiseOSError();
            return done;
        }
        done += n;
    }
    return done;
}

unsigned char* RPyRead(Signed fd, Signed n, Signed* length) {
    unsigned char* buf = malloc(n > 0 ? (size_t)n : 1);
    if (!buf) RPyFatal("MemoryError");
    ssize_t got;
    do {
        got = n > 0 ? read((int)fd, buf, (size_t)n) : 0;
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
        RPyRaiseOSError();
        got = 0;
    }
    *length = got;
    return buf;
}

Signed RPyOpen(const unsigned char* path, Signed length, Signed flags, Signed mode) {
    char* p = malloc((size_t)length + 1);
    if (!p) RPyFatal("MemoryError");
    memcpy(p, path, (size_t)length);
    p[length] = 0;
    int fd = open(p, (int)flags, (int)mode);
    free(p);
    if (fd < 0) RPyRaiseOSError();
    return fd;
}

Signed RPyClose(Signed fd) {
    if (close((int)fd) < 0) RPyRaiseOSError();
    return 0;
}

double RPyTime(int which) {
    struct timespec ts;
    clock_gettime(which == 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* --- floats -------------------------------------------------------------------------- */

/* repr(x) as CPython 3.11: the shortest digits that read back as x, in fixed
 * notation for exponents -4 <= e < 16, else scientific. */
int RPyFloatRepr(double x, char* buf) {
    if (x != x) return sprintf(buf, "nan");
    if (isinf(x)) return sprintf(buf, x > 0 ? "inf" : "-inf");
    if (x == 0.0) return sprintf(buf, signbit(x) ? "-0.0" : "0.0");
    char sci[40];
    int prec;
    for (prec = 1; prec <= 17; ++prec) {
        snprintf(sci, sizeof sci, "%.*e", prec - 1, x);
        if (strtod(sci, NULL) == x) break;
    }
    /* sci: [-]d[.ddd]e[+-]XX */
    char digits[24];
    int nd = 0;
    const char* p = sci;
    int neg = 0;
    if (*p == '-') { neg = 1; ++p; }
    for (; *p && *p != 'e'; ++p)
        if (*p != '.') digits[nd++] = *p;
    digits[nd] = 0;
    int exp10 = atoi(p + 1);
    int decpt = exp10 + 1;
    char* out = buf;
    if (neg) *out++ = '-';
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            *out++ = '0';
            *out++ = '.';
            for (int i = 0; i < -decpt; ++i) *out++ = '0';
            memcpy(out, digits, (size_t)nd);
            out += nd;
        } else if (decpt >= nd) {
            memcpy(out, digits, (size_t)nd);
            out += nd;
            for (int i = nd; i < decpt; ++i) *out++ = '0';
            *out++ = '.';
            *out++ = '0';
        } else {
            memcpy(out, digits, (size_t)decpt);
            out += decpt;
            *out++ = '.';
            memcpy(out, digits + decpt, (size_t)(nd - decpt));
            out += nd - decpt;
        }
    } else {
        *out++ = digits[0];
        if (nd > 1) {
            *out++ = '.';
            memcpy(out, digits + 1, (size_t)(nd - 1));
            out += nd - 1;
        }
        int e = decpt - 1;
        out += sprintf(out, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
    }
    *out = 0;
    return (int)(out - buf);
}

int RPyFloatFormat(double x, int code, Signed precision, char* buf, size_t size) {
    char fmt[16];
    snprintf(fmt, sizeof fmt, "%%.%d%c", precision < 0 ? 6 : (int)precision, (char)code);
    return snprintf(buf, size, fmt, x);
}

double RPyStrToFloat(const char* text, int* ok) {
    char* end = NULL;
    double d = strtod(text, &end);
    *ok = *text != 0 && end && *end == 0;
    return d;
}

double RPyFloatPow(double x, double y) {
    double r = pow(x, y);
    if (x == 0.0 && y < 0.0) { RPyRaiseZeroDivisionError(); return 0.0; }
    if (isnan(r) && !isnan(x) && !isnan(y)) { RPyRaiseValueError(); return 0.0; }
    if (isinf(r) && isfinite(x) && isfinite(y)) { RPyRaiseOverflowError(); return 0.0; }
    return r;
}

/* --- math ---------------------------------------------------------------------------------- */

static double (*const math1[])(double) = {
    sqrt, exp, log, log10, log2, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, floor, ceil,
};
static const char math1Overflows[] = {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0};

static double mathResult(double r, double x, double y, int canOverflow, int isPow) {
    int argNan = isnan(x) || isnan(y);
    int argInf = isinf(x) || isinf(y);
    if (isnan(r) && !argNan) { RPyRaiseValueError(); return 0.0; }
    if (isinf(r) && !argInf && !argNan) {
        int pole = !canOverflow || (isPow && x == 0.0);
        if (pole) RPyRaiseValueError(); else RPyRaiseOverflowError();
        return 0.0;
    }
    return r;
}

double RPyMath1(int which, double x) {
    return mathResult(math1[which](x), x, 0.0, math1Overflows[which], 0);
}

double RPyMath2(int which, double x, double y) {
    switch (which) {
    case RPY_M_ATAN2: return mathResult(atan2(x, y), x, y, 0, 0);
    case RPY_M_POW: return mathResult(pow(x, y), x, y, 1, 1);
    case RPY_M_FMOD: return mathResult(fmod(x, y), x, y, 0, 0);
    case RPY_M_HYPOT: return mathResult(hypot(x, y), x, y, 1, 0);
    default: return copysign(x, y);
    }
}

/* --- UTF-8 ------------------------------------------------------------------------------------ */

size_t RPyUtf8Encode(const RPyUniChar* codes, size_t n, char* out) {
    size_t j = 0;
    for (size_t i = 0; i < n; ++i) {
        RPyUniChar c = codes[i];
        if (c < 0x80) {
            out[j++] = (char)c;
        } else if (c < 0x800) {
            out[j++] = (char)(0xC0 | (c >> 6));
            out[j++] = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out[j++] = (char)(0xE0 | (c >> 12));
            out[j++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[j++] = (char)(0x80 | (c & 0x3F));
        } else {
            out[j++] = (char)(0xF0 | (c >> 18));
            out[j++] = (char)(0x80 | ((c >> 12) & 0x3F));
            out[j++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[j++] = (char)(0x80 | (c & 0x3F));
        }
    }
    return j;
}

/* As CPython decodes argv: UTF-8, undecodable bytes as lone surrogates
 * U+DC80..U+DCFF (surrogateescape). */
size_t RPyUtf8Decode(const char* bytes, size_t n, RPyUniChar* out) {
    const unsigned char* b = (const unsigned char*)bytes;
    size_t i = 0, j = 0;
    while (i < n) {
        unsigned c = b[i];
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        int ok = len > 0 && i + len <= n;
        RPyUniChar code = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t k = 1; ok && k < len; ++k) {
            if ((b[i + k] & 0xC0) != 0x80) ok = 0;
            else code = (code << 6) | (b[i + k] & 0x3F);
        }
        if (ok && ((len == 2 && code < 0x80) || (len == 3 && code < 0x800) || (len == 4 && code < 0x10000) ||
                   code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)))
            ok = 0;
        if (!ok) {
            out[j++] = 0xDC00 + c;
            i += 1;
        } else {
            out[j++] = code;
            i += len;
        }
    }
    return j;
}
