//! What the transforms share: the graphs a call calls, the code that routes
//! a raised exception to the exception exits of a raising block (one class
//! test per exit, by subclass-id range, and the exit's arguments), and which
//! struct fields the program writes.
#pragma once

#include "futamura/ir/graph.h"
#include "futamura/rtyper/llcontext.h"

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace futamura::transform {

/// The graph a direct_call calls (null for externals and other operations).
const ir::FunctionGraph* calledGraph(const ir::Operation* op);

/// The graphs an operation may call: a direct_call's graph, or the known
/// targets of an indirect_call (none when unknown: the instantiate
/// functions of a class hierarchy, which never recurse).
std::vector<const ir::FunctionGraph*> calleesOf(const rtyper::LLContext& ctx, const ir::Operation* op);

/// The subclass-id range [min, max) of the class whose vtable is `vtable`.
std::pair<int64_t, int64_t> classRange(rtyper::LLContext& ctx, const ir::Constant* vtable);

/// Appends to `block` the test `etype` is the class whose vtable is
/// `caught` or a subclass of it; returns the Bool.
ir::Variable* appendClassTest(rtyper::LLContext& ctx, ir::Block* block, ir::Value* etype,
                              const ir::Constant* caught);

/// The arguments of the exception exit `handler` when it is taken from
/// `block`: its lastException/lastExcValue become `etype`/`evalue`, its
/// variables are looked up in `renamed`, and pointers are cast (in `block`)
/// to the types the handler's target expects.
std::vector<ir::Value*> handlerArgs(rtyper::LLContext& ctx, ir::Block* block, const ir::Link* handler,
                                    ir::Value* etype, ir::Value* evalue,
                                    const std::unordered_map<const ir::Value*, ir::Value*>& renamed);

/// The struct fields some graph writes (setfield), by struct type and
/// name: a read of any other field of prebuilt data is a constant, and a
/// read of it through one pointer always gives the same value.
using WrittenFields = std::set<std::pair<const rtyper::Struct*, std::string>>;
WrittenFields writtenFields(const std::vector<ir::FunctionGraph*>& graphs);

/// The name of a field-name constant ("" if it is not one).
std::string fieldName(const ir::Value* v);
/// The struct a pointer value points to (null if not a struct pointer).
const rtyper::Struct* pointee(const ir::Value* v);
/// The low-level type of a value.
const rtyper::LowLevelType* lltypeOf(const ir::Value* v);

} // namespace futamura::transform
