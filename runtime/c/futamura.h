/* The support every translated program is compiled with: the primitive
 * types, one macro per low-level operation (src/backend/c/ emits them), the
 * allocation entry points of the GCs, and the runtime functions of
 * futamura.c (I/O, float formatting and parsing, math with CPython's error
 * rules, the stack check, fatal errors).
 *
 * Integer arithmetic wraps (through unsigned arithmetic: no -fwrapv needed);
 * operations with implicit exceptions call RPyRaise*() and the exception
 * transform's test of exc_data follows them in the generated code. */
#ifndef FUTAMURA_H
#define FUTAMURA_H

#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef long Signed;
typedef unsigned long Unsigned;
typedef unsigned char bool_t;
typedef unsigned char RPyChar;
typedef unsigned int RPyUniChar;

#define RPY_LIKELY(x) __builtin_expect(!!(x), 1)
#define RPY_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* --- raising from operations (functions generated per program) ------------ */
void RPyRaiseZeroDivisionError(void);
void RPyRaiseOverflowError(void);
void RPyRaiseValueError(void);
void RPyRaiseRecursionError(void);
void RPyRaiseOSError(void);
void RPyRaiseMemoryError(void);

/* --- signed integers -------------------------------------------------------- */
#define OP_INT_ADD(x, y) ((Signed)((Unsigned)(x) + (Unsigned)(y)))
#define OP_INT_SUB(x, y) ((Signed)((Unsigned)(x) - (Unsigned)(y)))
#define OP_INT_MUL(x, y) ((Signed)((Unsigned)(x) * (Unsigned)(y)))
#define OP_INT_NEG(x) ((Signed)(0UL - (Unsigned)(x)))
#define OP_INT_ABS(x) ((x) < 0 ? OP_INT_NEG(x) : (x))
#define OP_INT_INVERT(x) (~(x))
#define OP_INT_AND(x, y) ((x) & (y))
#define OP_INT_OR(x, y) ((x) | (y))
#define OP_INT_XOR(x, y) ((x) ^ (y))
#define OP_INT_LSHIFT(x, y) ((Signed)((Unsigned)(x) << (y)))
#define OP_INT_RSHIFT(x, y) ((x) >> (y))
/* C division truncates; int_floordiv/int_mod keep C's rules (RPython's). */
static inline Signed RPyIntFloordiv(Signed x, Signed y) {
    if (RPY_UNLIKELY(y == 0)) { RPyRaiseZeroDivisionError(); return 0; }
    if (RPY_UNLIKELY(y == -1)) return OP_INT_NEG(x);
    return x / y;
}
static inline Signed RPyIntMod(Signed x, Signed y) {
    if (RPY_UNLIKELY(y == 0)) { RPyRaiseZeroDivisionError(); return 0; }
    if (RPY_UNLIKELY(y == -1)) return 0;
    return x % y;
}
/* Python's // and %: floor division, the remainder has the divisor's sign. */
static inline Signed RPyIntPyDiv(Signed x, Signed y) {
    if (RPY_UNLIKELY(y == 0)) { RPyRaiseZeroDivisionError(); return 0; }
    if (RPY_UNLIKELY(y == -1)) return OP_INT_NEG(x);
    Signed q = x / y;
    if ((x % y != 0) && ((x < 0) != (y < 0))) q -= 1;
    return q;
}
static inline Signed RPyIntPyMod(Signed x, Signed y) {
    if (RPY_UNLIKELY(y == 0)) { RPyRaiseZeroDivisionError(); return 0; }
    if (RPY_UNLIKELY(y == -1)) return 0;
    Signed r = x % y;
    if (r != 0 && ((r < 0) != (y < 0))) r += y;
    return r;
}
#define OP_INT_FLOORDIV(x, y) RPyIntFloordiv(x, y)
#define OP_INT_MOD(x, y) RPyIntMod(x, y)
#define OP_INT_PY_DIV(x, y) RPyIntPyDiv(x, y)
#define OP_INT_PY_MOD(x, y) RPyIntPyMod(x, y)
#define OP_INT_IS_TRUE(x) ((x) != 0)
#define OP_INT_LT(x, y) ((x) < (y))
#define OP_INT_LE(x, y) ((x) <= (y))
#define OP_INT_EQ(x, y) ((x) == (y))
#define OP_INT_NE(x, y) ((x) != (y))
#define OP_INT_GT(x, y) ((x) > (y))
#define OP_INT_GE(x, y) ((x) >= (y))

/* overflow-checked */
static inline Signed RPyOvf(Signed r, int overflowed) {
    if (RPY_UNLIKELY(overflowed)) { RPyRaiseOverflowError(); return 0; }
    return r;
}
static inline Signed RPyIntAddOvf(Signed x, Signed y) {
    Signed r;
    int o = __builtin_add_overflow(x, y, &r);
    return RPyOvf(r, o);
}
static inline Signed RPyIntSubOvf(Signed x, Signed y) {
    Signed r;
    int o = __builtin_sub_overflow(x, y, &r);
    return RPyOvf(r, o);
}
static inline Signed RPyIntMulOvf(Signed x, Signed y) {
    Signed r;
    int o = __builtin_mul_overflow(x, y, &r);
    return RPyOvf(r, o);
}
static inline Signed RPyIntNegOvf(Signed x) { return RPyOvf(OP_INT_NEG(x), x == LONG_MIN); }
static inline Signed RPyIntAbsOvf(Signed x) { return RPyOvf(OP_INT_ABS(x), x == LONG_MIN); }
static inline Signed RPyIntLshiftOvf(Signed x, Signed y) {
    if (y < 0 || y >= 64) { if (x == 0 && y >= 0) return 0; RPyRaiseOverflowError(); return 0; }
    Signed r = OP_INT_LSHIFT(x, y);
    return RPyOvf(r, (r >> y) != x);
}
static inline Signed RPyIntPyDivOvf(Signed x, Signed y) {
    if (y == -1 && x == LONG_MIN) { RPyRaiseOverflowError(); return 0; }
    return RPyIntPyDiv(x, y);
}
static inline Signed RPyIntPyModOvf(Signed x, Signed y) {
    if (y == -1 && x == LONG_MIN) { RPyRaiseOverflowError(); return 0; }
    return RPyIntPyMod(x, y);
}
#define OP_INT_ADD_OVF(x, y) RPyIntAddOvf(x, y)
#define OP_INT_SUB_OVF(x, y) RPyIntSubOvf(x, y)
#define OP_INT_MUL_OVF(x, y) RPyIntMulOvf(x, y)
#define OP_INT_NEG_OVF(x) RPyIntNegOvf(x)
#define OP_INT_ABS_OVF(x) RPyIntAbsOvf(x)
#define OP_INT_LSHIFT_OVF(x, y) RPyIntLshiftOvf(x, y)
#define OP_INT_PY_DIV_OVF(x, y) RPyIntPyDivOvf(x, y)
#define OP_INT_PY_MOD_OVF(x, y) RPyIntPyModOvf(x, y)

/* --- unsigned integers -------------------------------------------------------- */
#define OP_UINT_ADD(x, y) ((x) + (y))
#define OP_UINT_SUB(x, y) ((x) - (y))
#define OP_UINT_MUL(x, y) ((x) * (y))
static inline Unsigned RPyUintFloordiv(Unsigned x, Unsigned y) {
    if (RPY_UNLIKELY(y == 0)) { RPyRaiseZeroDivisionError(); return 0; }
    return x / y;
}
static inline Unsigned RPyUintMod(Unsigned x, Unsigned y) {
    if (RPY_UNLIKELY(y == 0)) { RPyRaiseZeroDivisionError(); return 0; }
    return x % y;
}
#define OP_UINT_FLOORDIV(x, y) RPyUintFloordiv(x, y)
#define OP_UINT_MOD(x, y) RPyUintMod(x, y)
#define OP_UINT_LSHIFT(x, y) ((x) << (y))
#define OP_UINT_RSHIFT(x, y) ((x) >> (y))
#define OP_UINT_AND(x, y) ((x) & (y))
#define OP_UINT_OR(x, y) ((x) | (y))
#define OP_UINT_XOR(x, y) ((x) ^ (y))
#define OP_UINT_INVERT(x) (~(x))
#define OP_UINT_LT(x, y) ((x) < (y))
#define OP_UINT_LE(x, y) ((x) <= (y))
#define OP_UINT_EQ(x, y) ((x) == (y))
#define OP_UINT_NE(x, y) ((x) != (y))
#define OP_UINT_GT(x, y) ((x) > (y))
#define OP_UINT_GE(x, y) ((x) >= (y))

/* --- floats -------------------------------------------------------------------- */
#define OP_FLOAT_ADD(x, y) ((x) + (y))
#define OP_FLOAT_SUB(x, y) ((x) - (y))
#define OP_FLOAT_MUL(x, y) ((x) * (y))
static inline double RPyFloatTruediv(double x, double y) {
    if (RPY_UNLIKELY(y == 0.0)) { RPyRaiseZeroDivisionError(); return 0.0; }
    return x / y;
}
/* Python's float // and %. */
static inline double RPyFloatPyMod(double x, double y) {
    if (RPY_UNLIKELY(y == 0.0)) { RPyRaiseZeroDivisionError(); return 0.0; }
    double m = fmod(x, y);
    if (m != 0.0) {
        if ((y < 0.0) != (m < 0.0)) m += y;
    } else {
        m = copysign(0.0, y);
    }
    return m;
}
static inline double RPyFloatPyDiv(double x, double y) {
    if (RPY_UNLIKELY(y == 0.0)) { RPyRaiseZeroDivisionError(); return 0.0; }
    double m = fmod(x, y);
    double div = (x - m) / y;
    if (m != 0.0 && ((y < 0.0) != (m < 0.0))) div -= 1.0;
    double fl;
    if (div != 0.0) {
        fl = floor(div);
        if (div - fl > 0.5) fl += 1.0;
    } else {
        fl = copysign(0.0, x / y);
    }
    return fl;
}
double RPyFloatPow(double x, double y);
#define OP_FLOAT_TRUEDIV(x, y) RPyFloatTruediv(x, y)
#define OP_FLOAT_PY_DIV(x, y) RPyFloatPyDiv(x, y)
#define OP_FLOAT_PY_MOD(x, y) RPyFloatPyMod(x, y)
#define OP_FLOAT_POW(x, y) RPyFloatPow(x, y)
#define OP_FLOAT_NEG(x) (-(x))
#define OP_FLOAT_ABS(x) fabs(x)
#define OP_FLOAT_IS_TRUE(x) ((x) != 0.0)
#define OP_FLOAT_LT(x, y) ((x) < (y))
#define OP_FLOAT_LE(x, y) ((x) <= (y))
#define OP_FLOAT_EQ(x, y) ((x) == (y))
#define OP_FLOAT_NE(x, y) ((x) != (y))
#define OP_FLOAT_GT(x, y) ((x) > (y))
#define OP_FLOAT_GE(x, y) ((x) >= (y))

/* --- chars, bools, casts --------------------------------------------------------- */
#define OP_CHAR_LT(x, y) ((x) < (y))
#define OP_CHAR_LE(x, y) ((x) <= (y))
#define OP_CHAR_EQ(x, y) ((x) == (y))
#define OP_CHAR_NE(x, y) ((x) != (y))
#define OP_CHAR_GT(x, y) ((x) > (y))
#define OP_CHAR_GE(x, y) ((x) >= (y))
#define OP_BOOL_NOT(x) (!(x))
/* C's conversion of an out-of-range double is undefined: saturate. */
static inline Signed RPyFloatBits(double x) {
    Signed bits;
    memcpy(&bits, &x, sizeof bits);
    return bits;
}
static inline Signed RPyCastFloatToInt(double x) {
    if (x != x) return 0;
    if (x >= 9223372036854775807.0) return LONG_MAX;
    if (x <= -9223372036854775808.0) return LONG_MIN;
    return (Signed)x;
}

/* --- pointers ---------------------------------------------------------------------- */
#define OP_PTR_EQ(x, y) ((void*)(x) == (void*)(y))
#define OP_PTR_NE(x, y) ((void*)(x) != (void*)(y))
/* addresses and raw memory (llmemory) */
typedef char* RPyAddress;
void* RPyCheckMem(void* p);
#define OP_ADR_ADD(a, n) ((a) + (n))
#define OP_ADR_SUB(a, n) ((a) - (n))
#define OP_ADR_DELTA(a, b) ((Signed)((a) - (b)))
#define OP_ADR_LT(a, b) ((a) < (b))
#define OP_ADR_LE(a, b) ((a) <= (b))
#define OP_ADR_EQ(a, b) ((a) == (b))
#define OP_ADR_NE(a, b) ((a) != (b))
#define OP_ADR_GT(a, b) ((a) > (b))
#define OP_ADR_GE(a, b) ((a) >= (b))
#define OP_RAW_MALLOC(size, zero) ((RPyAddress)RPyCheckMem((zero) ? calloc(1, (size_t)(size)) : malloc((size_t)(size))))
#define OP_RAW_FREE(a) free(a)
#define OP_RAW_MEMCLEAR(a, n) memset((a), 0, (size_t)(n))
#define OP_RAW_MEMCOPY(src, dst, n) memcpy((dst), (src), (size_t)(n))
#define OP_PTR_ISZERO(x) ((x) == NULL)
#define OP_PTR_NONZERO(x) ((x) != NULL)
#define OP_GC_IDENTITYHASH(x) ((Signed)((uintptr_t)(x) >> 3))

/* --- allocation ---------------------------------------------------------------------- */
#if defined(RPY_GC_BOEHM)
#include <gc.h>
#define RPY_GC_INIT() GC_INIT()
/* Small objects come from free lists of our own, one per size in 16-byte
 * granules, refilled a batch at a time by GC_malloc_many (whose objects are
 * zeroed but for the link word): the allocation is inlined. The lists are
 * static data, so the objects on them stay reachable. */
#define RPY_FREELIST_GRANULES 16
extern void* rpy_freelists[RPY_FREELIST_GRANULES + 1];
void* RPyBoehmRefill(size_t granules);
void* RPyCheckMem(void* p);
static inline void* RPyBoehmMalloc(size_t size) {
    size_t g = (size + 15) >> 4;
    if (g - 1 < RPY_FREELIST_GRANULES) {
        void* p = rpy_freelists[g];
        if (__builtin_expect(p != NULL, 1)) {
            rpy_freelists[g] = *(void**)p;
            *(void**)p = NULL;
            return p;
        }
        return RPyBoehmRefill(g);
    }
    return RPyCheckMem(GC_MALLOC(size));
}
#define RPY_MALLOC(size) RPyBoehmMalloc(size)
#define RPY_MALLOC_ATOMIC(size) RPyCheckMem(RPyZeroed(GC_MALLOC_ATOMIC(size), size))
#elif defined(RPY_GC_REFCOUNT)
/* Every GC object has a header in front of it: its reference count and its
 * deallocator (decrefs what it holds, then frees it). The runtime's own
 * allocations (argv) have none: never freed. Prebuilt objects are immortal. */
/* With RPY_RC_DEBUG, freed objects are poisoned and kept, and a count
 * that goes wrong (a freed object increfed or decrefed) is a fatal error:
 * the tests translate with it. */
typedef struct RPyRcHeader {
    Signed refcount;
    void (*dealloc)(void*);
#if defined(RPY_RC_DEBUG)
    size_t size;
    Signed pad;
#endif
} RPyRcHeader;
#define RPY_RC_HDR(p) (((RPyRcHeader*)(void*)(p)) - 1)
#if defined(RPY_RC_DEBUG)
#define RPY_RC_STATIC_HEADER { (Signed)1 << 60, NULL, 0, 0 }
void RPyRcBadCount(void* p);
#define RPY_RC_CHECK(p) do { if (RPY_RC_HDR(p)->refcount <= 0) RPyRcBadCount(p); } while (0)
#else
#define RPY_RC_STATIC_HEADER { (Signed)1 << 60, NULL }
#define RPY_RC_CHECK(p) ((void)0)
#endif
#define RPY_GC_INIT() ((void)0)
void* RPyRcMalloc(size_t size, void (*dealloc)(void*));
void RPyRcFree(void* p);
void RPyRcRelease(void* p);
#define RPY_RC_MALLOC(size, dealloc) RPyRcMalloc(size, dealloc)
#define RPY_MALLOC(size) RPyRcMalloc(size, NULL)
#define RPY_MALLOC_ATOMIC(size) RPyRcMalloc(size, RPyRcFree)
static inline void RPyRcIncref(void* p) {
    if (p) {
        RPY_RC_CHECK(p);
        RPY_RC_HDR(p)->refcount++;
    }
}
static inline void RPyRcDecref(void* p) {
    if (p) {
        RPY_RC_CHECK(p);
        if (--RPY_RC_HDR(p)->refcount == 0) RPyRcRelease(p);
    }
}
#define OP_GC_INCREF(p) RPyRcIncref((void*)(p))
#define OP_GC_DECREF(p) RPyRcDecref((void*)(p))
#elif defined(RPY_GC_FRAMEWORK)
/* A framework GC (translated with the program) allocates GC objects; a
 * one-word header {type id | flags} precedes each. What the runtime
 * allocates itself is immortal (a header with the GC's PREBUILT flag). */
#define RPY_GC_INIT() ((void)0)
#define RPY_MALLOC(size) RPyCheckMem(calloc(1, size))
#define RPY_MALLOC_ATOMIC(size) RPyCheckMem(calloc(1, size))
void* RPyCheckMem(void* p);
Signed RPyEnvSize(const char* name);
RPyAddress RPyShadowStack(void);
static inline void* RPyGcImmortal(size_t size, Signed header) {
    Signed* p = (Signed*)RPyCheckMem(calloc(1, sizeof(Signed) + size));
    p[0] = header;
    return p + 1;
}
#else /* none: never freed */
#define RPY_GC_INIT() ((void)0)
#define RPY_MALLOC(size) RPyCheckMem(calloc(1, size))
#define RPY_MALLOC_ATOMIC(size) RPyCheckMem(calloc(1, size))
#endif
void* RPyCheckMem(void* p);
static inline void* RPyZeroed(void* p, size_t size) {
    if (p) memset(p, 0, size);
    return p;
}

/* --- the stack check (recursive functions) -------------------------------------------- */
/* Recursive functions keep their frames: a tail call turned into a jump
 * would let infinite recursion loop forever instead of ending in
 * RecursionError. Those a handler of RecursionError can see check the stack
 * on entry (RPY_STACK_CHECK); an overflow elsewhere faults on the guard page
 * and is reported as the uncaught RecursionError (RPyStackInit). */
#if defined(__clang__)
#define RPY_RECURSIVE __attribute__((disable_tail_calls))
#elif defined(__GNUC__)
#define RPY_RECURSIVE __attribute__((optimize("no-optimize-sibling-calls")))
#else
#define RPY_RECURSIVE
#endif
extern char* rpy_stack_limit;
#if defined(__x86_64__) && defined(__GNUC__)
/* the stack pointer, without forcing a frame pointer */
static inline char* RPyStackPointer(void) {
    char* sp;
    __asm__("mov %%rsp, %0" : "=r"(sp));
    return sp;
}
#define RPY_STACK_CHECK() RPY_UNLIKELY(RPyStackPointer() < rpy_stack_limit)
#else
#define RPY_STACK_CHECK() RPY_UNLIKELY((char*)__builtin_frame_address(0) < rpy_stack_limit)
#endif
void RPyStackInit(void);

/* --- runtime functions (futamura.c) ------------------------------------------------------- */
void RPyFatal(const char* message);
Signed RPyWrite(Signed fd, const unsigned char* data, Signed length);
/* reads up to n bytes into a malloc'ed buffer; *length receives the count */
unsigned char* RPyRead(Signed fd, Signed n, Signed* length);
Signed RPyOpen(const unsigned char* path, Signed length, Signed flags, Signed mode);
Signed RPyClose(Signed fd);
double RPyTime(int which);
/* float text: into buf (at least 64 bytes); returns the length */
int RPyFloatRepr(double x, char* buf);
int RPyFloatFormat(double x, int code, Signed precision, char* buf, size_t size);
/* parses exactly the whole text; sets *ok to 0 on a syntax error */
double RPyStrToFloat(const char* text, int* ok);
/* the C library's math with CPython's errors (ValueError, OverflowError) */
enum {
    RPY_M_SQRT, RPY_M_EXP, RPY_M_LOG, RPY_M_LOG10, RPY_M_LOG2, RPY_M_SIN, RPY_M_COS, RPY_M_TAN,
    RPY_M_ASIN, RPY_M_ACOS, RPY_M_ATAN, RPY_M_SINH, RPY_M_COSH, RPY_M_TANH, RPY_M_FLOOR, RPY_M_CEIL,
    RPY_M_ATAN2, RPY_M_POW, RPY_M_FMOD, RPY_M_HYPOT, RPY_M_COPYSIGN
};
double RPyMath1(int which, double x);
double RPyMath2(int which, double x, double y);
/* UTF-8 encoding of code points, for the entry point's argv and errors */
size_t RPyUtf8Encode(const RPyUniChar* codes, size_t n, char* out);
size_t RPyUtf8Decode(const char* bytes, size_t n, RPyUniChar* out);

#endif
