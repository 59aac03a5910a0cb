using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Fused;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// A pointwise node seen as one expression in one element type, as the fusing passes compose it: the expression,
    /// and per argument the node input it reads and that input's shape as aligned to the output.
    /// </summary>
    internal sealed class PointwiseExpr
    {
        private PointwiseExpr(BoundExpr expr, IReadOnlyList<int> inputs, IReadOnlyList<Shape> shapes)
        {
            Expr = expr;
            Inputs = inputs;
            Shapes = shapes;
        }

        public BoundExpr Expr { get; }
        public IReadOnlyList<int> Inputs { get; }
        public IReadOnlyList<Shape> Shapes { get; }

        /// <summary>
        /// The node's expression: an elementwise op that computes without conversion, a variadic one (Sum, Max, Min,
        /// Mean), or a one-output fused node without views; null for anything else, or when types differ or are not
        /// ones the generated loops compute in.
        /// </summary>
        public static PointwiseExpr? Of(Node n)
        {
            if (n.Outputs.Count != 1 || n.Output(0) == null || n.Output(0)!.Shape == null) return null;
            PointwiseExpr? local;
            switch (n.Plan)
            {
                case ElementwisePlan p when n.Op is ElementwiseOp && !ElementwiseOp.Converts(n, p):
                    local = new PointwiseExpr(p.Expr, p.Operands, p.Inputs);
                    break;
                case VariadicPlan v when n.Op is VariadicElementwiseOp && n.Inputs.Count == v.Inputs.Count:
                    local = new PointwiseExpr(Variadic(v), Enumerable.Range(0, v.Inputs.Count).ToList(), v.Inputs);
                    break;
                case FusedElementwisePlan f when n.Op is FusedElementwiseOp && f.Exprs.Count == 1 && !f.HasViews:
                    local = new PointwiseExpr(f.Exprs[0], f.Operands, f.Inputs);
                    break;
                default:
                    return null;
            }
            var type = n.Output(0)!.Type;
            if (!Fusable.Contains(type)) return null;
            if (local.Expr.Type != type || local.Inputs.Any(i => n.Input(i) == null || n.Input(i)!.Type != type || n.Input(i)!.Shape == null)) return null;
            return local;
        }

        /// <summary>The element types the generated loops compute in (strings and the sub-byte and 8-bit float types keep their kernels).</summary>
        private static readonly HashSet<ElementType> Fusable = new HashSet<ElementType>
        {
            ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.BFloat16, ElementType.Bool,
            ElementType.Int8, ElementType.Int16, ElementType.Int32, ElementType.Int64, ElementType.UInt8, ElementType.UInt16, ElementType.UInt32, ElementType.UInt64,
        };

        /// <summary>
        /// Sum/Max/Min/Mean as one expression, folded left to right as the runtime does, each step its own rounding:
        /// // Sum(x0, x1, x2) -> (x0 + x1) + x2;  Mean(x0, x1) -> (x0 + x1) * 0.5
        /// </summary>
        private static BoundExpr Variadic(VariadicPlan v)
        {
            var t = v.Pair.Type;
            var acc = BoundExpr.Argument(0, "x0", t);
            for (int i = 1; i < v.Inputs.Count; i++)
            {
                var (left, right) = (acc, BoundExpr.Argument(i, "x" + i, t));
                acc = v.Pair.Substitute(a => a.ArgIndex == 0 ? left : right);
            }
            if (v.Scale != null)
            {
                var sum = acc;
                acc = v.Scale.Substitute(_ => sum);
            }
            return acc;
        }
    }
}
