//! Graphviz output of flow graphs (figure 6 of the paper).
//!
//! Each graph becomes a cluster; each block a record whose fields are its
//! header (label and input variables), its operations (one per line, left
//! justified) and its exit switch or `raising`, with the start block drawn
//! bold. The return and except blocks are rounded boxes, green and red. Each
//! link is an edge labelled with its exit case and arguments; exception edges
//! are dashed and red. Blocks, variables and edges are named and ordered
//! exactly as by the text printer, so the output is deterministic.
//!
//! `.svg` files are rendered by running Graphviz's `dot -Tsvg` on a temporary
//! dot file.
#include "futamura/ir/dot.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace futamura::ir {

namespace fs = std::filesystem;

namespace {

// Escapes text for a quoted dot label, including the characters that are
// special in record labels. Newlines end a left-justified line.
std::string escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '{':
        case '}':
        case '|':
        case '<':
        case '>':
            out += '\\';
            out += c;
            break;
        case '\n':
            out += "\\l";
            break;
        default:
            out += c;
        }
    }
    return out;
}

class DotWriter {
public:
    DotWriter(std::ostream& out, const PrintOptions& options) : out_(out), options_(options) {}

    void writeGraph(const FunctionGraph& graph, size_t index) {
        GraphNamer names(graph);
        std::string prefix = "g" + std::to_string(index) + "_";
        auto node = [&](const Block* b) { return prefix + names.block(b); };

        std::string title = "graph " + graph.name + "(";
        for (size_t i = 0; i < graph.argnames.size(); ++i)
            title += (i ? ", " : "") + graph.argnames[i];
        title += ")";
        if (!graph.filename.empty())
            title += "  # " + fs::path(graph.filename).filename().string() + ":" +
                     std::to_string(graph.firstline);

        out_ << "    subgraph cluster_" << index << " {\n";
        out_ << "        label=\"" << escape(title) << "\";\n";
        out_ << "        labeljust=l;\n";
        std::vector<Block*> blocks = graph.blocks();
        for (const Block* block : blocks) {
            out_ << "        " << node(block) << " [";
            if (block == graph.returnblock || block == graph.exceptblock) {
                bool isReturn = block == graph.returnblock;
                std::string text = isReturn ? "return(" : "except(";
                for (size_t i = 0; i < block->inputargs.size(); ++i)
                    text += (i ? ", " : "") + block->inputargs[i]->name();
                out_ << "shape=box, style=\"rounded,filled\", fillcolor=\""
                     << (isReturn ? "#d8f0d8" : "#f8d8d8") << "\", label=\"" << escape(text + ")")
                     << "\"];\n";
                continue;
            }
            if (options_.colorOf) {
                out_ << "shape=plaintext, ";
                out_ << "label=<" << htmlLabel(names, block, block == graph.startblock) << ">];\n";
                continue;
            }
            out_ << "shape=record, ";
            if (block == graph.startblock) out_ << "penwidth=2, ";
            out_ << "label=\"{" << blockLabel(names, block) << "}\"];\n";
        }
        for (const Block* block : blocks) {
            for (size_t i = 0; i < block->exits.size(); ++i) {
                const Link* link = block->exits[i];
                out_ << "        " << node(block) << " -> " << node(link->target) << " [label=\""
                     << escape(edgeLabel(names, link)) << "\"";
                if (link->isExceptionLink())
                    out_ << ", style=dashed, color=\"#c00000\", fontcolor=\"#c00000\"";
                out_ << "];\n";
            }
        }
        out_ << "    }\n";
    }

private:
    std::string typed(const GraphNamer& names, const Variable* v) const {
        std::string s = names.value(v);
        if (options_.tagger) {
            std::string tag = options_.tagger(v);
            if (!tag.empty()) s += ": " + tag;
        } else if (options_.annotations && v->concretetype)
            s += ": " + v->concretetype->str();
        else if (options_.annotations && v->annotation)
            s += ": " + v->annotation->str();
        return s;
    }

    // The record fields: header | operations | exit switch.
    std::string blockLabel(const GraphNamer& names, const Block* block) const {
        std::string header = names.block(block) + "(";
        for (size_t i = 0; i < block->inputargs.size(); ++i)
            header += (i ? ", " : "") + typed(names, block->inputargs[i]);
        std::string label = escape(header + ")\n");
        if (!block->operations.empty()) {
            std::string ops;
            for (const Operation* op : block->operations) {
                ops += typed(names, op->result) + " = " + std::string(opName(op->opcode)) + "(";
                for (size_t i = 0; i < op->args.size(); ++i)
                    ops += (i ? ", " : "") + names.value(op->args[i]);
                ops += ")";
                if (options_.positions && op->pos.line) ops += "  @" + std::to_string(op->pos.line);
                ops += "\n";
            }
            label += "|" + escape(ops);
        }
        if (block->raising)
            label += "|" + escape("raising\n");
        else if (block->exitswitch)
            label += "|" + escape("switch " + names.value(block->exitswitch) + "\n");
        return label;
    }

    static std::string html(const std::string& text) {
        std::string out;
        for (char c : text) {
            switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
            }
        }
        return out;
    }
    std::string colored(const Variable* v, const std::string& text) const {
        std::string color = v ? options_.colorOf(v) : "";
        if (color.empty()) return html(text);
        return "<font color=\"" + color + "\">" + html(text) + "</font>";
    }
    /// The block as an HTML-like table, each variable and operation in its colour.
    std::string htmlLabel(const GraphNamer& names, const Block* block, bool start) const {
        std::string t = "<table border=\"" + std::string(start ? "2" : "1") +
                        "\" cellborder=\"0\" cellspacing=\"0\" cellpadding=\"2\">";
        std::string header = html(names.block(block) + "(");
        for (size_t i = 0; i < block->inputargs.size(); ++i)
            header += (i ? ", " : "") + colored(block->inputargs[i], typed(names, block->inputargs[i]));
        t += "<tr><td align=\"left\">" + header + ")</td></tr>";
        for (const Operation* op : block->operations) {
            std::string line = typed(names, op->result) + " = " + std::string(opName(op->opcode)) + "(";
            for (size_t i = 0; i < op->args.size(); ++i) line += (i ? ", " : "") + names.value(op->args[i]);
            line += ")";
            if (options_.positions && op->pos.line) line += "  @" + std::to_string(op->pos.line);
            t += "<tr><td align=\"left\">" + colored(op->result, line) + "</td></tr>";
        }
        if (block->raising)
            t += "<tr><td align=\"left\">raising</td></tr>";
        else if (block->exitswitch)
            t += "<tr><td align=\"left\">" +
                 colored(asVariable(block->exitswitch), "switch " + names.value(block->exitswitch)) + "</td></tr>";
        return t + "</table>";
    }

    // `CASE [ETYPE, EVALUE]` on a first line, then the arguments.
    static std::string edgeLabel(const GraphNamer& names, const Link* link) {
        std::string head;
        if (link->exitcase) head = names.value(link->exitcase);
        if (link->isExceptionLink())
            head += " [" + names.value(link->lastException) + ", " +
                    names.value(link->lastExcValue) + "]";
        std::string args = "(";
        for (size_t i = 0; i < link->args.size(); ++i)
            args += (i ? ", " : "") + names.value(link->args[i]);
        args += ")";
        return head.empty() ? args + "\n" : head + "\n" + args + "\n";
    }

    std::ostream& out_;
    const PrintOptions& options_;
};

// The full path of `dot` on PATH, or empty.
std::string findDot() {
    const char* path = std::getenv("PATH");
    std::string dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
        size_t colon = dirs.find(':', start);
        if (colon == std::string::npos) colon = dirs.size();
        std::string dir = dirs.substr(start, colon - start);
        fs::path candidate = fs::path(dir.empty() ? "." : dir) / "dot";
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec) && access(candidate.c_str(), X_OK) == 0)
            return candidate.string();
        start = colon + 1;
    }
    return "";
}

std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

void writeTextFile(const std::string& path, const std::string& text) {
    std::ofstream file(path, std::ios::binary);
    if (file) file << text;
    if (!file) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
}

// Runs `dot -Tsvg -o path` on the dot text; throws with dot's messages on failure.
void renderSvg(const std::string& path, const std::string& text) {
    std::string dot = findDot();
    if (dot.empty())
        throw std::runtime_error("cannot write " + path +
                                 ": Graphviz 'dot' is not installed (apt-get install graphviz)");
    std::string tmpl = (fs::temp_directory_path() / "futamura-XXXXXX.dot").string();
    int fd = mkstemps(tmpl.data(), 4);
    if (fd < 0)
        throw std::runtime_error("cannot write " + path +
                                 ": cannot create a temporary file: " + std::strerror(errno));
    close(fd);
    std::string output;
    int status = -1;
    try {
        writeTextFile(tmpl, text);
        std::string command =
            shellQuote(dot) + " -Tsvg -o " + shellQuote(path) + " " + shellQuote(tmpl) + " 2>&1";
        FILE* pipe = popen(command.c_str(), "r");
        if (!pipe) throw std::runtime_error("cannot write " + path + ": cannot run " + dot);
        char buffer[512];
        size_t n;
        while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
            output.append(buffer, n);
        status = pclose(pipe);
    } catch (...) {
        std::remove(tmpl.c_str());
        throw;
    }
    std::remove(tmpl.c_str());
    if (status != 0) {
        while (!output.empty() && output.back() == '\n')
            output.pop_back();
        throw std::runtime_error("cannot write " + path + ": dot failed" +
                                 (output.empty() ? std::string() : ": " + output));
    }
}

} // namespace

void writeDot(std::ostream& out, const std::vector<const FunctionGraph*>& graphs,
              const PrintOptions& options) {
    out << "digraph futamura {\n";
    out << "    graph [fontname=\"monospace\"];\n";
    out << "    node [fontname=\"monospace\", fontsize=10];\n";
    out << "    edge [fontname=\"monospace\", fontsize=9];\n";
    DotWriter writer(out, options);
    for (size_t i = 0; i < graphs.size(); ++i)
        writer.writeGraph(*graphs[i], i);
    out << "}\n";
}

void writeGraphFile(const std::string& path, const std::vector<const FunctionGraph*>& graphs,
                    const PrintOptions& options) {
    std::ostringstream text;
    writeDot(text, graphs, options);
    std::string ext = fs::path(path).extension().string();
    if (ext == ".dot")
        writeTextFile(path, text.str());
    else if (ext == ".svg")
        renderSvg(path, text.str());
    else
        throw std::runtime_error("cannot write " + path + ": expected a .dot or .svg file name");
}

} // namespace futamura::ir
