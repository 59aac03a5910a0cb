using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Fused
{
    /// <summary>
    /// A fused elementwise node: one composed expression per output (argument i is operand i), the output shape every
    /// output has, each operand's shape as aligned to it (for broadcasting), and the node input each operand reads.
    /// </summary>
    internal sealed record FusedElementwisePlan(ValueList<BoundExpr> Exprs, Shape Output, ValueList<Shape> Inputs, ValueList<int> Operands) : OpPlan;

    /// <summary>
    /// ai.modelgen::FusedElementwise, the compiler's own op for a connected group of pointwise nodes that the
    /// elementwise-fusion pass merged: every output is one expression over the operands, computed in one pass over
    /// memory by one kernel call ("elementwise.fused"), which the CPU backend renders as a loop specialised to the
    /// shapes and strides. Never in a user's model: it is not in <see cref="OpRegistry"/>, so a model naming it is
    /// rejected like any unknown op; the pass sets each node's op and plan itself.
    /// </summary>
    internal sealed class FusedElementwiseOp : Op<FusedElementwisePlan>
    {
        public const string FusedDomain = "ai.modelgen";
        public const string Name = "FusedElementwise";
        public const string Kernel = "elementwise.fused";

        public static readonly FusedElementwiseOp Instance = new FusedElementwiseOp();

        /// <summary>Inputs and outputs all of one element type (the pass fuses only what computes in one type).</summary>
        public override OpSchema Schema { get; } = new OpSchema(Name, new[] { 1 }, FusedDomain)
            .Input("operands", "T", variadic: true).Output("results", "T", variadic: true);

        public override string Summary => "y_k = expr_k(operands), with broadcasting: elementwise nodes fused into one loop.";

        /// <summary>The plan is the pass's; re-inference (after a neighbouring rewrite) keeps it and re-states the outputs.</summary>
        protected override FusedElementwisePlan? Infer(InferContext c)
        {
            if (!(c.Node.Plan is FusedElementwisePlan p)) return null;
            for (int i = 0; i < p.Exprs.Count; i++) c.SetOutput(i, p.Exprs[i].Type, p.Output);
            return p;
        }

        protected override void Lower(LowerContext c, FusedElementwisePlan p)
        {
            var type = p.Exprs[0].Type;
            var call = c.Call(Kernel, type);
            for (int i = 0; i < p.Operands.Count; i++) call.In("x" + i, c.In(p.Operands[i]));
            for (int k = 0; k < p.Exprs.Count; k++) call.Out("y" + k, c.Out(k));
            call.Dims("shape", p.Output.Dims);
            for (int i = 0; i < p.Operands.Count; i++) call.Dims("x" + i + "Strides", Broadcasting.Strides(p.Inputs[i], p.Output));
            for (int k = 0; k < p.Exprs.Count; k++) call.Expr("f" + k, p.Exprs[k]);
            call.Emit();
        }

        /// <summary>"exp(a*0.2)*b", or "y0 = ...; y1 = ..." for several outputs: the node's 'expr' attribute, for IR text.</summary>
        public static string Describe(FusedElementwisePlan p) =>
            p.Exprs.Count == 1 ? p.Exprs[0].Text : string.Join("; ", p.Exprs.Select((e, k) => "y" + k + " = " + e.Text));
    }
}
