/* The interface between a translated generating extension (the JIT
 * generator's output, `futamura translate --genext`) and the JIT runtime
 * that runs it: the runtime's functions the generating extension calls
 * (ext_ts_*), and the tables (RPyJit_tables, generated per program in jit.c)
 * that give the numbers those calls pass a meaning in the program's C types.
 *
 * A generating extension is `NAME_genext(js, greens..., red boxes...)`. It
 * executes the interpreter's green operations itself and hands every red
 * operation to the runtime, which folds it, keeps it virtual, or emits it as
 * residual code. `js` is the runtime's compiler state; a *box* (a Signed
 * handle, 0 for none) is a red value: a constant, a residual variable or a
 * virtual structure. Numbers the calls pass:
 *   type    an index into RPyJit_tables.types (the first `ntokens` entries)
 *   field   an index into RPyJit_tables.fields
 *   token   ts_op's third number: a field (getfield, setfield,
 *           getsubstruct), a type (malloc, malloc_varsize: the allocated
 *           container), a function (direct_call), else unused
 *   opcode  the low-level operation (RPyJit_tables.opnames[opcode])
 *   slot    a place of the compiler state where the generating extension
 *           keeps a value across a split, a merge point or a promotion
 *   rid     a resume point: the dispatcher's case that goes on from there
 *
 * The C types of these prototypes are the ones the C backend gives the
 * generating extension's calls: generated code includes this header, so
 * the two cannot drift apart without a compile error. */
#ifndef FUTAMURA_JIT_H
#define FUTAMURA_JIT_H

#include "futamura.h"

/* --- boxes ------------------------------------------------------------------ */
/* A constant box of `type` holding an integer (or Bool, Char, ...), a float, an address. */
Signed ext_ts_const_int(Signed js, Signed value, Signed type);
Signed ext_ts_const_float(Signed js, double value, Signed type);
Signed ext_ts_const_adr(Signed js, RPyAddress value, Signed type);

/* --- red operations --------------------------------------------------------- */
/* The next operation's argument boxes, one call each, in order. */
void ext_ts_arg(Signed js, Signed box);
/* The operation `opcode` on the arguments given, with a result of `type`:
 * its box (0 for a Void result). */
Signed ext_ts_op(Signed js, Signed opcode, Signed type, Signed token);

/* After green code that can raise ran (at compile time): an exception it
 * left in the program's exc_data becomes a constant of the state (and
 * exc_data is cleared). */
void ext_ts_green_exc(Signed js);

/* --- the compiler state ------------------------------------------------------ */
/* Keep a red value (a box) or a green one in `slot`; read a slot back (a
 * red slot reads as its box). */
void ext_ts_save_box(Signed js, Signed slot, Signed box);
void ext_ts_save_int(Signed js, Signed slot, Signed value);
void ext_ts_save_float(Signed js, Signed slot, double value);
void ext_ts_save_adr(Signed js, Signed slot, RPyAddress value);
Signed ext_ts_restore_int(Signed js, Signed slot);
double ext_ts_restore_float(Signed js, Signed slot);
RPyAddress ext_ts_restore_adr(Signed js, Signed slot);

/* --- control ------------------------------------------------------------------ */
/* A red condition: its value when the box is a constant; else the residual
 * code splits, the false branch (the first `nfalse` slots of `nslots`) is
 * queued to resume at `rid`, and the generating extension goes on with
 * the true branch (returns 1). */
Signed ext_ts_split(Signed js, Signed cond, Signed rid, Signed nfalse, Signed nslots);
/* A merge point (`mpid` 0: the portal's jit_merge_point; k > 0: the k-th
 * loop header) with the state in the first `nslots` slots: 0 to go on
 * compiling, 1 when the path ended (a jump to an equivalent state's code,
 * or a call of the plain portal past the budget). */
Signed ext_ts_merge(Signed js, Signed nslots, Signed mpid);
/* The path returns `box` (0: no value) from the residual code. */
void ext_ts_return(Signed js, Signed box);
/* The resume point of the next queued branch, its state restored; -1 when
 * none is left (the compilation is complete). */
Signed ext_ts_dispatch(Signed js);
/* Whether this run of the generating extension resumes a queued state
 * (compiling a promoted value's case) rather than starting. */
Signed ext_ts_resuming(Signed js);
/* promote(box) of `type`: 1 when the value is a compile-time constant (now
 * in slot `nslots`); else 0, the path ended in a switch on the run-time
 * value whose cases are compiled when the values arrive, from `rid`. */
Signed ext_ts_promote(Signed js, Signed box, Signed nslots, Signed rid, Signed type);
/* Called by residual code: the promoted value `key` (an address when the
 * value is a pointer: `adr`) reached promotion site `site` without a case. */
void ext_ts_continue(Signed site, Signed key, RPyAddress adr);

/* --- the tables ------------------------------------------------------------- */
enum {
    RPYJIT_VOID, RPYJIT_BOOL, RPYJIT_CHAR, RPYJIT_UNICHAR, RPYJIT_SIGNED, RPYJIT_UNSIGNED,
    RPYJIT_LONGLONG, RPYJIT_ULONGLONG, RPYJIT_FLOAT, RPYJIT_ADDRESS,
    RPYJIT_PTR, RPYJIT_STRUCT, RPYJIT_ARRAY, RPYJIT_FIXEDARRAY, RPYJIT_FUNC, RPYJIT_OPAQUE
};

typedef void (*RPyJitCode)(void); /* a function's address, whatever its type */

typedef struct RPyJitType {
    const char* name; /* as the translator prints the low-level type */
    int kind;         /* RPYJIT_* */
    int to;           /* Ptr: the type pointed to; else -1 */
    long size;        /* sizeof (of the fixed part, for a var-sized container); 0: Void, a function */
    int item;         /* var-sized container or fixed array: the item type; else -1 */
    long items_offset;  /* var-sized: the offset of items[0]; else -1 */
    long length_offset; /* var-sized: the offset of its length; -1: none */
    long item_size;     /* var-sized or fixed array: sizeof an item */
    int immutable;      /* Array: never written after it is built; Struct: every field immutable */
} RPyJitType;

typedef struct RPyJitField {
    const char* name;
    int struct_type; /* the struct it belongs to (a type) */
    int type;        /* the field's type */
    long offset;     /* -1: a Void field (no storage) */
    int immutable;   /* never written after the object is built */
} RPyJitField;

typedef struct RPyJitFunction {
    const char* name;
    RPyJitCode address;
    int type; /* its Ptr(FuncType) */
} RPyJitFunction;

typedef struct RPyJitTables {
    RPyJitCode genext;  /* NAME_genext(js, greens..., red boxes...) */
    RPyJitCode portal;  /* the plain portal entered at its merge point (the fallback) */
    long ntokens;       /* types[0 .. ntokens-1] are the type numbers of the calls */
    long ntypes;
    const RPyJitType* types;
    long nfields;
    const RPyJitField* fields;
    long nfunctions;
    const RPyJitFunction* functions;
    long nopnames;
    const char* const* opnames;
    void* exc_data;     /* the program's exception state */
    int exc_data_type;  /* its Ptr type */
    long nargs;         /* the genext's arguments after js */
    const int* arg_types;
    const unsigned char* green_arg;
    int result_type;    /* the portal's result */
    long nmerge;        /* the fallback's arguments: their slots at the merge point */
    const long* merge_order;
    const int* fallback_types;
} RPyJitTables;

extern const RPyJitTables RPyJit_tables;

#endif
