using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Definitions;
using ModelGen.Compiler.Ops.Fused;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// An 8-bit MatMulInteger or QLinearMatMul whose B is 2-D multiplies the bytes as they are, with B packed for the
    /// int8 tiles, instead of widening both operands to int32 copies for the int32 matmul:
    /// // MatMulInteger(A, B, za, zb) -> QuantizedMatMul(A, PackQuantizedB(B, zb), za)
    /// // QLinearMatMul(a, sa, za, b, sb, zb, sy, zy) -> QuantizedMatMul(a, PackQuantizedB(b, zb), za, sa, sb, sy, zy)
    /// When B and its zero point are weights, the load-time stage moves the packing out of the run. Left alone: a B
    /// with batch dims or a shape known only at run time, and a zero point of A per row (the tiles take one per tensor).
    /// </summary>
    internal sealed class PackQuantizedProducts : IPass
    {
        private readonly ProblemBag _problems;

        public PackQuantizedProducts(ProblemBag problems) { _problems = problems; }

        public string Name => "pack-quantized-b";

        public bool IsRequired => false;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            foreach (var scope in g.Scopes().ToList())
                foreach (var n in scope.Nodes.ToList())
                {
                    if (!(Takes(n) is (QuantizedMatMulPlan plan, int bInput))) continue;
                    if (!Rewrite(scope, n, plan, bInput)) return changed;
                    changed++;
                    log.Fused("quantized-matmul");
                }
            return changed;
        }

        /// <summary>The plan of the QuantizedMatMul a node becomes and which input is its B, or null when it stays.</summary>
        private static (QuantizedMatMulPlan, int)? Takes(Node n)
        {
            if (n.Domain.Length != 0) return null;
            MatMulPlan? m;
            QLinearMatMulPlan? requantize = null;
            int bInput, aZeroPoint;
            if (n.OpType == "MatMulInteger" && n.Plan is MatMulIntegerPlan integer) { m = integer.MatMul; bInput = 1; aZeroPoint = 2; }
            else if (n.OpType == "QLinearMatMul" && n.Plan is QLinearMatMulPlan linear) { m = linear.MatMul; requantize = linear; bInput = 3; aZeroPoint = 2; }
            else return null;
            var b = n.Input(bInput);
            var y = n.Output(0);
            var za = n.Input(aZeroPoint);
            if (b?.Shape == null || b.Shape.Rank != 2 || !b.Shape.IsStatic || m.BBatch.Rank != 0 || y?.Shape == null) return null;
            if (za != null && (za.Shape == null || !za.Shape.IsStatic || za.Shape.Dims.Aggregate(1L, (p, d) => p * d.Value) != 1)) return null;
            return (new QuantizedMatMulPlan(m, y.Shape, y.Type, requantize), bInput);
        }

        private bool Rewrite(Graph scope, Node n, QuantizedMatMulPlan plan, int bInput)
        {
            var b = n.Input(bInput)!;
            var bZeroPoint = n.Input(bInput + 2);
            // MatMulInteger: A, B, za, zb. QLinearMatMul: a, sa, za, b, sb, zb, sy, zy.
            var tail = plan.Requantize == null
                ? new List<Value?> { n.Input(2) }
                : new List<Value?> { n.Input(2), n.Input(1), n.Input(4), n.Input(6), n.Input(7) };
            int at = scope.Nodes.IndexOf(n);
            var next = at + 1 < scope.Nodes.Count ? scope.Nodes[at + 1] : null;
            var name = n.Name;
            var a = n.Input(0);
            var y = n.Output(0);
            scope.Erase(n);
            var packed = scope.AddFreshValue(name + "_packed_b", ValueKind.Computed);
            var terms = scope.AddFreshValue(name + "_b_terms", ValueKind.Computed);
            if (InternalNodes.Insert(scope, scope.FreshNodeName(name + "_pack"), PackQuantizedB.Instance, new[] { b, bZeroPoint }, new[] { packed, terms },
                    next, _problems, Name) == null)
                return false;
            var inputs = new List<Value?> { a, packed, terms };
            inputs.AddRange(tail);
            return InternalNodes.Insert(scope, name, QuantizedMatMul.Instance, inputs, new[] { y }, next, _problems, Name, plan) != null;
        }
    }
}
