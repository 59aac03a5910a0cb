using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Emit.Cpu;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Emit
{
    /// <summary>Writes one lowered node: a comment naming it and its shapes, then its steps (calls, if/else, loops).</summary>
    internal static class BlockWriter
    {
        public static void Node(CodeWriter w, LoweredNode n, CallRenderer calls, Locals locals, ModelLayout m)
        {
            var node = n.Node;
            string shapes = string.Join(", ", node.Inputs.Select(i => i == null ? "-" : i.Shape!.ToString())) + " -> " +
                            string.Join(", ", node.Outputs.Select(o => o == null ? "-" : o.Shape!.ToString()));
            var lines = new List<string>();
            var structured = new List<LoweredStep>();
            w.Line("// " + node.Describe().Replace("\n", " ") + ": " + shapes);
            foreach (var s in n.Steps)
            {
                switch (s)
                {
                    case CallStep c:
                        calls.Render(c.Call, node, lines);
                        break;
                    case IfStep f:
                        Flush(w, lines);
                        If(w, f, calls, locals, m);
                        break;
                    case LoopStep l:
                        Flush(w, lines);
                        LoopWriter.Write(w, l, calls, locals, m);
                        break;
                    case ScanStep sc:
                        Flush(w, lines);
                        ScanWriter.Write(w, sc, calls, locals, m);
                        break;
                }
            }
            if (lines.Count == 0 && n.Steps.All(s => s is CallStep) && n.Steps.Count > 0)
                w.Line("// (a view: it reuses its input's buffer, no code runs)");
            Flush(w, lines);
        }

        public static void Block(CodeWriter w, LoweredBlock block, CallRenderer calls, Locals locals, ModelLayout m)
        {
            foreach (var n in block.Nodes) Node(w, n, calls, locals, m);
        }

        private static void Flush(CodeWriter w, List<string> lines)
        {
            foreach (var l in lines) w.Line(l);
            lines.Clear();
        }

        private static void If(CodeWriter w, IfStep f, CallRenderer calls, Locals locals, ModelLayout m)
        {
            w.Open("if (" + locals.Expression(f.Condition) + "[0])");
            Block(w, f.Then, calls, locals, m);
            w.Close();
            w.Open("else");
            Block(w, f.Else, calls, locals, m);
            w.Close();
        }
    }
}
