using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;

namespace ModelGen.Compiler.Shapes
{
    /// <summary>
    /// Legality before inference: every node must have an implementation for its domain, op type and
    /// opset version, and only attributes the op understands. All such problems are reported at once.
    /// </summary>
    internal static class OpResolution
    {
        public static void Check(Graph g, ProblemBag problems)
        {
            foreach (var n in g.Nodes)
            {
                var op = OpRegistry.Find(n.Domain, n.OpType);
                if (op == null)
                {
                    string domain = n.Domain.Length == 0 ? "ai.onnx" : n.Domain;
                    problems.Add(DiagnosticIds.UnsupportedOp, n.Describe() + ": operator '" + n.OpType + "' (domain " + domain + ", opset " + n.OpsetVersion + ") is not supported.", n.Name, n.OpType);
                    continue;
                }
                if (n.OpsetVersion < 1 || n.OpsetVersion > op.MaxOpset)
                {
                    problems.Add(DiagnosticIds.UnsupportedOpset, n.Describe() + ": opset " + n.OpsetVersion + " is not supported; ModelGen implements " + n.OpType + " for opsets 1 to " + op.MaxOpset + ".", n.Name, n.OpType);
                    continue;
                }
                foreach (var a in n.Attributes.Keys.OrderBy(k => k, System.StringComparer.Ordinal))
                    if (!op.Attributes.Contains(a))
                        problems.Add(DiagnosticIds.UnsupportedAttribute, n.Describe() + ": attribute '" + a + "' is not supported by " + n.OpType + ".", n.Name, n.OpType);
            }
        }
    }
}
