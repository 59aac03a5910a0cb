using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Fused
{
    /// <summary>
    /// A pointwise expression reduced where it is computed: <see cref="Expr"/> over the operands (argument i is operand i)
    /// at every index of <see cref="Input"/> (the shape the expression would have had as a tensor), folded with
    /// <see cref="Reduction"/> over the axes flagged in <see cref="Reduced"/> (one flag per axis of <see cref="Input"/>),
    /// giving <see cref="Output"/> (keepdims either way: the layout is the same). Each operand's shape is as aligned to
    /// <see cref="Input"/> (for broadcasting), and <see cref="Operands"/> names the node input each operand reads.
    /// </summary>
    internal sealed record FusedReducePlan(BoundExpr Expr, Reduction Reduction, Shape Input, ValueList<Shape> Inputs, ValueList<int> Operands, ValueList<long> Reduced, Shape Output) : OpPlan;

    /// <summary>
    /// ai.modelgen::FusedReduce, the compiler's own op for a reduction whose data input was a pointwise node (or a fused
    /// group) that nothing else read: the reduction-fusion pass merged them, so the expression's tensor is never written;
    /// one kernel call ("reduce.fused"), which the CPU backend renders as a loop specialised to the shapes, strides and
    /// axes, computes the expression and accumulates it. Never in a user's model: it is not in <see cref="OpRegistry"/>,
    /// so a model naming it is rejected like any unknown op; the pass sets each node's op and plan itself.
    /// </summary>
    internal sealed class FusedReduceOp : Op<FusedReducePlan>
    {
        public const string Name = "FusedReduce";
        public const string Kernel = "reduce.fused";

        public static readonly FusedReduceOp Instance = new FusedReduceOp();

        /// <summary>Inputs and output all of one floating-point type (the pass fuses only float and double).</summary>
        public override OpSchema Schema { get; } = new OpSchema(Name, new[] { 1 }, FusedElementwiseOp.FusedDomain)
            .Input("operands", "T", variadic: true).Output("reduced", "T");

        public override string Summary => "y = fold over axes of expr(operands), with broadcasting: a reduction and the pointwise nodes that fed it, as one loop.";

        /// <summary>The plan is the pass's; re-inference (after a neighbouring rewrite) keeps it and re-states the output.</summary>
        protected override FusedReducePlan? Infer(InferContext c)
        {
            if (!(c.Node.Plan is FusedReducePlan p)) return null;
            c.SetOutput(0, p.Expr.Type, p.Output);
            return p;
        }

        protected override void Lower(LowerContext c, FusedReducePlan p)
        {
            var call = c.Call(Kernel, p.Expr.Type);
            for (int i = 0; i < p.Operands.Count; i++) call.In("x" + i, c.In(p.Operands[i]));
            call.Out("y", c.Out(0));
            call.Dims("shape", p.Input.Dims);
            for (int i = 0; i < p.Operands.Count; i++) call.Dims("x" + i + "Strides", Broadcasting.Strides(p.Inputs[i], p.Input));
            call.Ints("reduced", p.Reduced);
            call.Text("fold", p.Reduction.ToString());
            call.Expr("f", p.Expr);
            call.Emit();
        }

        /// <summary>"sum(a*b)", "mean((a - b)*(a - b))": the node's 'expr' attribute, for IR text.</summary>
        public static string Describe(FusedReducePlan p) => p.Reduction.ToString().ToLowerInvariant() + "(" + p.Expr.Text + ")";

        /// <summary>The folds the generated loop implements (float and double accumulate in their own type).</summary>
        public static bool Supports(Reduction r) =>
            r == Reduction.Sum || r == Reduction.Mean || r == Reduction.Max || r == Reduction.Min ||
            r == Reduction.SumSquare || r == Reduction.L1 || r == Reduction.L2 || r == Reduction.LogSum;

        /// <summary>The reduced axes of <see cref="FusedReducePlan.Input"/>, for the 'axes' attribute.</summary>
        public static long[] Axes(FusedReducePlan p) => Enumerable.Range(0, p.Reduced.Count).Where(i => p.Reduced[i] != 0).Select(i => (long)i).ToArray();
    }
}
