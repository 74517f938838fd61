//! The graph model: the opcode table, the arena, and canonical traversal.
#include "futamura/ir/graph.h"

#include <cassert>
#include <unordered_set>

namespace futamura::ir {

using namespace opflag;
using namespace opexc;

static const OpInfo kOpInfo[] = {
#define OP(Name, str, arity, flags, raises) {str, arity, flags, raises},
#include "futamura/ir/opcodes.def"
#undef OP
};

const OpInfo& opInfo(Opcode op) { return kOpInfo[static_cast<unsigned>(op)]; }

unsigned opcodeCount() { return sizeof(kOpInfo) / sizeof(kOpInfo[0]); }

std::optional<Opcode> opcodeByName(std::string_view name) {
    for (unsigned i = 0; i < opcodeCount(); ++i)
        if (kOpInfo[i].name == name) return static_cast<Opcode>(i);
    return std::nullopt;
}

void Block::closeBlock(std::vector<Link*> links) {
    assert(exits.empty() && "block is already closed");
    recloseBlock(std::move(links));
}

void Block::recloseBlock(std::vector<Link*> links) {
    exits = std::move(links);
    for (Link* link : exits) link->prevblock = this;
}

std::vector<Block*> FunctionGraph::blocks() const {
    std::vector<Block*> order;
    std::unordered_set<const Block*> seen{returnblock, exceptblock};
    std::vector<Block*> stack{startblock};
    seen.insert(startblock);
    while (!stack.empty()) {
        Block* block = stack.back();
        stack.pop_back();
        order.push_back(block);
        // Push in reverse so that the first exit is visited first.
        for (auto it = block->exits.rbegin(); it != block->exits.rend(); ++it)
            if (seen.insert((*it)->target).second) stack.push_back((*it)->target);
    }
    order.push_back(returnblock);
    order.push_back(exceptblock);
    return order;
}

std::vector<Link*> FunctionGraph::links() const {
    std::vector<Link*> result;
    for (Block* block : blocks())
        for (Link* link : block->exits) result.push_back(link);
    return result;
}

Arena::Arena() = default;
Arena::~Arena() = default;

Variable* Arena::newVariable(std::string name) {
    return &variables_.emplace_back((uint32_t)variables_.size(), std::move(name));
}

Constant* Arena::constant(PyObject* obj) {
    auto [it, inserted] = constantByObject_.try_emplace(obj, nullptr);
    if (inserted)
        it->second = &constants_.emplace_back((uint32_t)constants_.size(), py::PyRef::borrow(obj));
    return it->second;
}

Block* Arena::newBlock(std::vector<Variable*> inputargs) {
    return &blocks_.emplace_back((uint32_t)blocks_.size(), std::move(inputargs));
}

Constant* Arena::llconstant(const TypeTag* type, LLValue value, PyObject* obj) {
    LLKey key{type, (uint8_t)value.tag, value.bits(), obj, value.aux};
    auto [it, inserted] = llconstants_.try_emplace(key, nullptr);
    if (inserted) {
        auto* c = &constants_.emplace_back((uint32_t)constants_.size(),
                                           obj ? py::PyRef::borrow(obj) : py::PyRef());
        c->concretetype = type;
        c->llvalue = value;
        it->second = c;
    }
    return it->second;
}

Link* Arena::newLink(std::vector<Value*> args, Block* target, Constant* exitcase) {
    return &links_.emplace_back((uint32_t)links_.size(), std::move(args), target, exitcase);
}

Operation* Arena::newOperation(Opcode opcode, std::vector<Value*> args, Variable* result,
                               SourcePos pos) {
    return &operations_.emplace_back((uint32_t)operations_.size(), opcode, std::move(args), result,
                                     pos);
}

FunctionGraph* Arena::newGraph(std::string name, Block* startblock) {
    Block* returnblock = newBlock({newVariable("result")});
    Block* exceptblock = newBlock({newVariable("etype"), newVariable("evalue")});
    return &graphs_.emplace_back((uint32_t)graphs_.size(), std::move(name), startblock, returnblock,
                                 exceptblock);
}

const std::string* Arena::internFile(const std::string& file) {
    auto [it, inserted] = files_.try_emplace(file, nullptr);
    if (inserted) it->second = std::make_unique<std::string>(file);
    return it->second.get();
}

} // namespace futamura::ir
