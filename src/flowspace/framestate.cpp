//! Frame states: union, matching and link arguments at join points.
#include "futamura/flowspace/framestate.h"

namespace futamura::flow {

using ir::Value;
using ir::Variable;

namespace {

// Visits every Value-holding position of a state in a fixed order: per frame,
// the locals, the stack, then the saved exception. Exceptions contribute two
// positions (type, value). `fn(value, nameHint)`.
template <typename Fn> void forEachValue(const FrameState& s, Fn&& fn) {
    for (const Frame& f : s.frames) {
        auto visit = [&](const FlowValue& fv, const std::string& name) {
            if (fv.kind == FlowValue::Kind::Value) fn(fv.v, name);
            else if (fv.kind == FlowValue::Kind::Exception) {
                fn(fv.v, std::string("etype"));
                fn(fv.w, std::string("evalue"));
            }
        };
        for (size_t i = 0; i < f.locals.size(); ++i) visit(f.locals[i], f.code->slotName(i));
        static const std::string v = "v";
        for (const FlowValue& fv : f.stack) visit(fv, v);
        visit(f.excInfo, v);
    }
}

bool sameShape(const FrameState& a, const FrameState& b) {
    if (a.frames.size() != b.frames.size()) return false;
    for (size_t i = 0; i < a.frames.size(); ++i) {
        const Frame &fa = a.frames[i], &fb = b.frames[i];
        if (fa.code != fb.code || fa.pc != fb.pc || fa.phase != fb.phase ||
            fa.stack.size() != fb.stack.size() ||
            fa.locals.size() != fb.locals.size())
            return false;
    }
    return true;
}

// Generalizes one slot; returns false if the two cannot be merged.
bool unionSlot(ir::Arena& arena, const FlowValue& a, const FlowValue& b, const std::string& name,
               FlowValue& out) {
    using K = FlowValue::Kind;
    auto merge = [&](Value* x, Value* y, const std::string& hint) -> Value* {
        // Equal constants stay; anything else becomes a fresh Variable (never
        // a reused one: the new block must define its own inputs).
        if (x == y && x->isConstant()) return x;
        return arena.newVariable(hint);
    };
    if (a.kind == K::Undefined || b.kind == K::Undefined) {
        out = FlowValue::undefined((a.kind == K::Undefined && a.aux) ||
                                   (b.kind == K::Undefined && b.aux));
        return true;
    }
    if (a.kind != b.kind) return false;
    switch (a.kind) {
    case K::Value:
        out = FlowValue::value(merge(a.v, b.v, name));
        return true;
    case K::Exception:
        out = FlowValue::exception(merge(a.v, b.v, "etype"), merge(a.w, b.w, "evalue"));
        return true;
    case K::Special:
        if (a.aux != b.aux) return false;
        out = a;
        return true;
    default:
        out = a;
        return true;
    }
}

bool slotMatches(const FlowValue& general, const FlowValue& specific) {
    using K = FlowValue::Kind;
    if (general.kind != specific.kind) return false;
    auto same = [](Value* g, Value* s) {
        return g->isVariable() ? s->isVariable() : g == s;
    };
    switch (general.kind) {
    case K::Value: return same(general.v, specific.v);
    case K::Exception: return same(general.v, specific.v) && same(general.w, specific.w);
    case K::Special: return general.aux == specific.aux;
    default: return true;
    }
}

} // namespace

bool FrameState::samePosition(const FrameState& other) const {
    if (frames.size() != other.frames.size()) return false;
    for (size_t i = 0; i < frames.size(); ++i)
        if (frames[i].code != other.frames[i].code || frames[i].pc != other.frames[i].pc ||
            frames[i].phase != other.frames[i].phase)
            return false;
    return true;
}

std::vector<Variable*> FrameState::variables() const {
    std::vector<Variable*> vars;
    forEachValue(*this, [&](Value* v, const std::string&) {
        if (Variable* var = ir::asVariable(v)) vars.push_back(var);
    });
    return vars;
}

FrameState FrameState::copyFresh(ir::Arena& arena) const {
    FrameState copy = *this;
    auto fresh = [&](Value*& v, const std::string& name) {
        if (v->isVariable()) v = arena.newVariable(name);
    };
    for (Frame& f : copy.frames) {
        auto visit = [&](FlowValue& fv, const std::string& name) {
            if (fv.kind == FlowValue::Kind::Value) fresh(fv.v, name);
            else if (fv.kind == FlowValue::Kind::Exception) {
                fresh(fv.v, "etype");
                fresh(fv.w, "evalue");
            }
        };
        for (size_t i = 0; i < f.locals.size(); ++i) visit(f.locals[i], f.code->slotName(i));
        for (FlowValue& fv : f.stack) visit(fv, "v");
        visit(f.excInfo, "v");
    }
    return copy;
}

std::vector<Value*> FrameState::outputArgs(const FrameState& target) const {
    // Slot by slot: a slot may hold a value here and be undefined in the
    // (more general) target, which then takes nothing for it.
    std::vector<Value*> args;
    auto visit = [&](const FlowValue& mine, const FlowValue& theirs) {
        if (theirs.kind == FlowValue::Kind::Value) {
            if (theirs.v->isVariable()) args.push_back(mine.v);
        } else if (theirs.kind == FlowValue::Kind::Exception) {
            if (theirs.v->isVariable()) args.push_back(mine.v);
            if (theirs.w->isVariable()) args.push_back(mine.w);
        }
    };
    for (size_t i = 0; i < target.frames.size(); ++i) {
        const Frame &m = frames[i], &t = target.frames[i];
        for (size_t k = 0; k < t.locals.size(); ++k) visit(m.locals[k], t.locals[k]);
        for (size_t k = 0; k < t.stack.size(); ++k) visit(m.stack[k], t.stack[k]);
        visit(m.excInfo, t.excInfo);
    }
    return args;
}

bool FrameState::matches(const FrameState& other) const {
    if (!sameShape(*this, other)) return false;
    for (size_t i = 0; i < frames.size(); ++i) {
        const Frame &g = frames[i], &s = other.frames[i];
        for (size_t k = 0; k < g.locals.size(); ++k)
            if (!slotMatches(g.locals[k], s.locals[k])) return false;
        for (size_t k = 0; k < g.stack.size(); ++k)
            if (!slotMatches(g.stack[k], s.stack[k])) return false;
        if (!slotMatches(g.excInfo, s.excInfo)) return false;
    }
    return true;
}

std::optional<FrameState> unionState(ir::Arena& arena, const FrameState& a, const FrameState& b) {
    if (!sameShape(a, b)) return std::nullopt;
    FrameState out = a;
    static const std::string v = "v";
    for (size_t i = 0; i < a.frames.size(); ++i) {
        const Frame &fa = a.frames[i], &fb = b.frames[i];
        Frame& fo = out.frames[i];
        fo.callPc = fa.callPc;
        for (size_t k = 0; k < fa.locals.size(); ++k)
            if (!unionSlot(arena, fa.locals[k], fb.locals[k], fa.code->slotName(k), fo.locals[k]))
                return std::nullopt;
        for (size_t k = 0; k < fa.stack.size(); ++k)
            if (!unionSlot(arena, fa.stack[k], fb.stack[k], v, fo.stack[k])) return std::nullopt;
        if (!unionSlot(arena, fa.excInfo, fb.excInfo, v, fo.excInfo)) return std::nullopt;
    }
    return out;
}

} // namespace futamura::flow
