using System.Collections.Generic;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;

namespace ModelGen.Compiler.Passes
{
    /// <summary>How a pass adds one of the compiler's own nodes (ai.modelgen, revision 1): placed, wired, given its op and plan, and inferred.</summary>
    internal static class InternalNodes
    {
        /// <summary>
        /// Inserts a node running <paramref name="op"/> before <paramref name="before"/> (or at the end) and infers it;
        /// null, with an MG0901 naming <paramref name="pass"/>, when it does not infer (a compiler bug, not the model's).
        /// </summary>
        public static Node? Insert(Graph scope, string name, OpDefinition op, IEnumerable<Value?> inputs, IEnumerable<Value?> outputs, Node? before,
            ProblemBag problems, string pass, OpPlan? plan = null, IEnumerable<NodeAttribute>? attributes = null)
        {
            var node = new Node(name, op.Schema.OpType, op.Schema.Domain, 1) { Revision = 1, Op = op, Plan = plan };
            if (attributes != null)
                foreach (var a in attributes) node.Attributes[a.Name] = a;
            scope.InsertNode(node, inputs, outputs, before);
            if (Shapes.ShapeInference.InferNode(node, problems)) return node;
            problems.Add(DiagnosticIds.InternalError, "Internal error: pass '" + pass + "' made a " + node.OpType + " that does not infer.", node.Name, node.OpType);
            return null;
        }
    }
}
