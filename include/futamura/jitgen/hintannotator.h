//! The hint annotator: the binding-time analysis of the JIT generator
//! (section 6.1 of the paper: "binding-time analysis on these graphs, again
//! with abstract interpretation techniques reusing the type inference
//! engine"). It is the third client of annotator::Engine, after the RPython
//! annotator and the low-level annotator: one more TypeSystem, no copy of the
//! fixpoint loop.
//!
//! It runs on the low-level graphs of an interpreter (after the exception
//! transform, so that raising is plain control flow) reachable from its
//! portal, the function holding `jit_merge_point`, and gives every variable a
//! colour: green (known when the generating extension runs, i.e. at compile
//! time) or red (known only when the residual code runs).
//!
//! The lattice (after PyPy's 2007 hint annotator):
//!   Const   "could be a compile-time constant": a value computed from the
//!           graph's inputs and constants by pure operations, reads of
//!           immutable memory, elidable calls. It carries its *origins*, the
//!           set of operations and input arguments of its graph it depends
//!           on; `concrete` (a `hint(x, concrete=True)` or a green of the
//!           JitDriver) fixes them all, which is how greenness propagates
//!           backwards to what a value was computed from.
//!   Var     red: depends on run-time data (a mutable field, a residual
//!           call, an allocation, a red argument).
//! A Const is green if every origin is fixed, or it is the result of a
//! concrete hint or promote, or (second, greatest fixpoint after the engine's)
//! all the arguments of the operation that made it are green. Join points
//! (block inputs) are green only when fixed: their value depends on which
//! path the residual code takes, so a loop over compile-time values unrolls
//! only where the program asks for it.
//!
//! Graphs are analysed as copies, specialized per call site kind (PyPy's
//! specialization keys): `fixed` when the call's result must be green, else
//! one letter pair per argument (red, eager green, deep-frozen).
//! The portal is entered at its merge point: a graph whose arguments are the
//! driver's greens (fixed) and reds.
#pragma once

#include "futamura/annotator/engine.h"
#include "futamura/rtyper/llcontext.h"
#include "futamura/rtyper/lltype.h"

#include <deque>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace futamura::jitgen {

/// One operation or input argument of an analysed graph that values can
/// depend on (PyPy's OriginFlags).
struct Origin {
    uint32_t id = 0;                      // creation order: deterministic sets
    ir::FunctionGraph* graph = nullptr;   // the analysed copy
    const ir::Operation* op = nullptr;    // an operation's result, or
    int argIndex = -1;                    // an input argument of `graph`
    bool fixed = false;                   // a concrete hint needs it green
    bool greenargs = false;               // second fixpoint: its inputs are green
    std::set<annotator::Position> readers; // call sites that read `fixed`
    bool isCall = false;
    std::vector<ir::FunctionGraph*> callees; // the copies a call origin calls
};

/// A binding time.
class HintAnnotation : public annotator::Annotation {
public:
    enum class Kind : uint8_t { Bottom, Const, Var };
    Kind kind = Kind::Bottom;
    const rtyper::LowLevelType* type = nullptr;
    std::vector<Origin*> origins; // sorted by id
    bool eager = false;           // result of hint(concrete) / a driver green
    bool deepfrozen = false;
    Origin* myorigin = nullptr;
    bool hasConst = false;        // a known value (constants, we_are_jitted)
    ir::LLValue konst;

    bool isGreen() const;
    /// "G!" (eager), "G=" (fixed), "G" (green from green inputs), "R".
    std::string str() const override;
};

/// How the timeshifter is to treat a call (the policy the user sees).
enum class CallKind : uint8_t {
    Green,    // all arguments green and the callee pure: run at compile time
    Inlined,  // followed: the callee's generating extension runs inline
    Residual, // not followed: a call in the residual code
};
const char* callKindName(CallKind k);

/// A program the JIT generator cannot handle: "file:line: message".
class HintError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class HintAnnotator : public annotator::TypeSystem {
public:
    explicit HintAnnotator(rtyper::LLContext& ctx);
    ~HintAnnotator() override;

    struct Options {
        /// Enter the portal at its start (PyPy 2007: the whole function
        /// specialized on its green arguments, so that what it allocates
        /// before the loop can stay virtual) instead of at the merge point
        /// (greens then reds, the hot-loop view).
        bool functionEntry = false;
        /// Inline into the entry every call the analysis would follow
        /// (not @dont_look_inside, not @elidable, not recursive), and turn
        /// indirect calls with few targets into tests and direct calls, so
        /// that the timeshifter sees one graph.
        bool inlineFollowed = false;
    };

    /// Finds the portal among `graphs` (the one graph holding
    /// jit_merge_point), builds its entry and annotates everything reachable
    /// from it. Throws HintError.
    void annotate(const std::vector<ir::FunctionGraph*>& graphs) { annotate(graphs, Options{}); }
    void annotate(const std::vector<ir::FunctionGraph*>& graphs, const Options& options);

    /// The original portal graph, and the analysed graph entered at its merge
    /// point: arguments are the driver's greens then reds.
    const ir::FunctionGraph* portal() const { return portal_; }
    ir::FunctionGraph* portalEntry() const { return entry_; }
    size_t greenCount() const { return greens_; }
    /// Which arguments of the portal entry are green.
    const std::vector<bool>& greenArgs() const { return greenArgs_; }
    /// The portal entered at its merge point (greens then reds), not
    /// analysed: what residual code calls to go on in the plain interpreter.
    ir::FunctionGraph* mergePointEntry() const { return mergeEntry_; }
    /// Its arguments' positions among the merge block's inputs.
    const std::vector<size_t>& mergeOrder() const { return mergeOrder_; }
    /// The colour of a variable as printed: G!, G=, G, R, or B (red, but a
    /// structure allocated in the analysed code that does not escape it:
    /// the timeshifter keeps it virtual, its fields in boxes).
    std::string colourOf(const ir::Value* v);
    /// Allocations (and the pointers derived from them) that do not escape.
    bool isVirtualCandidate(const ir::Variable* v) const { return virtualCandidates_.count(v) != 0; }
    /// Every analysed graph, in creation order (the portal entry first).
    const std::vector<ir::FunctionGraph*>& copies() const { return copies_; }
    const ir::FunctionGraph* originalOf(const ir::FunctionGraph* copy) const;
    /// The specialization key of a copy ("" for the default one).
    const std::string& keyOf(const ir::FunctionGraph* copy) const;

    const HintAnnotation* annotationOf(const ir::Value* v);
    bool isGreen(const ir::Value* v);
    /// For a direct_call or indirect_call in an analysed graph.
    CallKind callKind(const ir::Operation& op);
    /// The copy a followed direct_call calls (null if not followed).
    ir::FunctionGraph* calledCopy(const ir::Operation& op) const;
    /// The source line of an analysed graph's operation.
    std::string where(const ir::FunctionGraph* g, const ir::Operation* op) const;

    annotator::Engine& engine() { return engine_; }

    // --- TypeSystem ----------------------------------------------------------
    const annotator::Annotation* bottom() override { return bottom_; }
    const annotator::Annotation* join(const annotator::Annotation* a,
                                      const annotator::Annotation* b) override;
    bool contains(const annotator::Annotation* big, const annotator::Annotation* small) override;
    const annotator::Annotation* constant(const ir::Constant* c) override;
    const annotator::Annotation* transfer(annotator::Engine& engine, const ir::Operation& op,
                                          const std::vector<const annotator::Annotation*>& args) override;
    bool mayNeverReturn(const ir::Operation& op) override;
    bool exitPossible(const annotator::Annotation* switchValue, const ir::Link& link) override;
    std::pair<const annotator::Annotation*, const annotator::Annotation*>
    caughtException(annotator::Engine& engine, const ir::Operation& raisingOp,
                    const ir::Link& link) override;
    void onUnionError(annotator::Engine& engine, const ir::Link& link, size_t argIndex) override;
    bool joiningLink_ = false; // (joinOnLink decides about eager values itself)
    const annotator::Annotation* joinOnLink(const annotator::Annotation* a, const annotator::Annotation* b,
                                            const ir::Link& link, size_t argIndex) override;

private:
    using H = HintAnnotation;
    using Args = std::vector<const H*>;
    struct GraphDesc {
        const ir::FunctionGraph* original;
        std::map<std::string, ir::FunctionGraph*> byKey;
    };

    const H* intern(H a);
    const H* var(const rtyper::LowLevelType* t, bool deepfrozen = false);
    const H* cnst(const rtyper::LowLevelType* t, std::vector<Origin*> origins, bool eager,
                  bool deepfrozen, Origin* myorigin);
    static std::vector<Origin*> unite(const std::vector<Origin*>& a, const std::vector<Origin*>& b);
    Origin* opOrigin(const annotator::Position& p);
    Origin* inputOrigin(ir::FunctionGraph* g, int i);
    bool readFixed(Origin* o);
    void setFixed(const H* h);

    const H* pureOp(const ir::Operation& op, const Args& args, const rtyper::LowLevelType* t);
    const H* memoryRead(const ir::Operation& op, const Args& args, const rtyper::LowLevelType* t);
    const H* call(const ir::Operation& op, const Args& args, const rtyper::LowLevelType* t);
    const H* hint(const ir::Operation& op, const Args& args, const rtyper::LowLevelType* t);
    void jitMarker(const ir::Operation& op, const Args& args);
    bool isImmutableRead(const ir::Operation& op) const;
    bool lookInside(const ir::FunctionGraph* g) const;
    bool isPure(const ir::FunctionGraph* g);
    bool isGreenCall(const Origin& o);
    ir::FunctionGraph* specialize(const ir::FunctionGraph* g, const std::string& key);
    std::string specializationKey(bool fixed, const Args& args) const;

    ir::FunctionGraph* buildEntry(const ir::FunctionGraph* portal);
    void computeGreenArgs();
    [[noreturn]] void redError(const ir::Operation& op, const ir::Value* value, const std::string& what);
    std::string explainRed(const ir::FunctionGraph* g, const ir::Value* v);
    std::string where(const annotator::Position& p) const;

    rtyper::LLContext& ctx_;
    annotator::Engine engine_;
    const H* bottom_;
    std::deque<std::unique_ptr<H>> annotations_;
    std::map<std::string, const H*> interned_;
    std::deque<Origin> origins_;
    std::map<std::pair<uint32_t, std::pair<uint32_t, int>>, Origin*> opOrigins_; // (graph, (block, op))
    std::map<std::pair<uint32_t, int>, Origin*> inputOrigins_;                   // (graph, arg)
    std::map<const ir::FunctionGraph*, GraphDesc> descs_;
    std::unordered_map<const ir::FunctionGraph*, const ir::FunctionGraph*> originalOf_;
    std::unordered_map<const ir::FunctionGraph*, std::string> keyOf_;
    std::unordered_map<const ir::Operation*, ir::FunctionGraph*> calledCopy_;
    std::unordered_map<const ir::Operation*, Origin*> originOfOp_;
    std::map<const ir::FunctionGraph*, bool> pure_;
    std::vector<ir::FunctionGraph*> copies_;
    const ir::FunctionGraph* portal_ = nullptr;
    ir::FunctionGraph* entry_ = nullptr;
    ir::FunctionGraph* mergeEntry_ = nullptr;
    std::vector<size_t> mergeOrder_;
    std::vector<bool> greenArgs_;
    size_t greens_ = 0;
    /// Block inputs green because every value reaching them is (outside
    /// loops: joins of green values after green decisions).
    std::set<const ir::Variable*> greenJoins_;
    std::set<const ir::Variable*> virtualCandidates_;
    void findVirtualCandidates(const ir::FunctionGraph* g);
    void inlineFollowed(ir::FunctionGraph* g, const std::vector<ir::FunctionGraph*>& graphs);
    void devirtualize(ir::FunctionGraph* g);
    bool followCalls_ = true;
    std::set<const ir::Variable*> forcedRed_; // the portal's return
};

} // namespace futamura::jitgen
