using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Definitions;
using ModelGen.Compiler.Ops.Fused;
using ModelGen.Compiler.Passes.Canonical;

namespace ModelGen.Compiler.Passes.Layout
{
    /// <summary>
    /// A build-time layout choice: a Conv (or FusedConv) whose only reader is a Transpose to channels-last writes
    /// its output in that layout itself, and the Transpose goes (no reorder at run time):
    /// // Transpose(Conv(x, W, B), [0, 2, .., r-1, 1]) -> ChannelsLastConv(x, W, B) {layout = "channels-last"}
    /// (detection heads: Conv -> Transpose(0,2,3,1) -> Reshape, as in SSD and UltraFace). Only for the GEMM
    /// algorithms, without a residual, when the Conv's output has no other reader and is not returned; the new node
    /// takes the Conv's name and writes the Transpose's output, which keeps its name (a graph output's included).
    /// </summary>
    internal sealed class ChannelsLastConvOutput : IPass
    {
        private readonly ProblemBag _problems;

        public ChannelsLastConvOutput(ProblemBag problems) { _problems = problems; }

        public string Name => "conv-channels-last";

        public bool IsRequired => false;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            var returned = Rewiring.Returned(g);
            foreach (var scope in g.Scopes().ToList())
                foreach (var n in scope.Nodes.Where(n => n.OpType == "Transpose" && n.Domain.Length == 0).ToList())
                    if (Rewrite(scope, n, returned))
                    {
                        changed++;
                        log.Fused("conv-channels-last");
                    }
            return changed;
        }

        private static bool IsConv(Node n) =>
            (n.OpType == "Conv" && n.Domain.Length == 0) || (n.Op is FusedProduct f && f.Inner.OpType == "Conv" && f.Inner.Domain.Length == 0);

        private bool Rewrite(Graph scope, Node transpose, System.Collections.Generic.HashSet<Value> returned)
        {
            if (!(transpose.Plan is TransposePlan tp) || transpose.Output(0) == null) return false;
            var t = transpose.Input(0);
            var conv = t?.Producer;
            if (t?.Shape == null || conv == null || conv.Scope != scope || conv.Op == null || !IsConv(conv) || ChannelsLastConv.Wrappable(conv.Plan) == null) return false;
            if (!tp.Perm.SequenceEqual(ChannelsLastConv.Perm(t.Shape.Rank))) return false;
            if (t.Consumers.Count != 1 || t.IsGraphOutput || returned.Contains(t) || conv.Outputs.Count != 1) return false;

            var y = transpose.Output(0)!;
            var inputs = conv.Inputs.ToList();
            var attributes = conv.Attributes.Values.ToList();
            string name = conv.Name;
            var inner = conv.Op;
            scope.Erase(conv);
            var node = new Node(name, ChannelsLastConv.OpName, FusedProduct.DomainName, conv.OpsetVersion) { Revision = conv.Revision };
            foreach (var a in attributes) node.Attributes[a.Name] = a;
            node.Attributes["layout"] = new NodeAttribute("layout", AttributeKind.String) { String = "channels-last" };
            scope.InsertNode(node, inputs, new[] { y }, transpose);
            node.Op = new ChannelsLastConv(inner);
            scope.Erase(transpose);
            scope.RemoveValue(t);
            if (!Shapes.ShapeInference.InferNode(node, _problems))
                _problems.Add(DiagnosticIds.InternalError, "Internal error: the channels-last layout made a Conv that does not infer.", node.Name, node.OpType);
            return true;
        }
    }
}
