using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>A global pool's view of its input: planes = batch × channels, each of size = the product of the spatial dims.</summary>
    internal sealed record GlobalPoolPlan(Dim Planes, Dim Size) : OpPlan;

    /// <summary>
    /// The shared shape of GlobalAveragePool and GlobalMaxPool (revisions 1 and 22): X [N, C, D1..Dn] → Y [N, C, 1..1],
    /// one kernel call over [N·C, D1·…·Dn]; the dims may be symbolic.
    /// </summary>
    internal abstract class GlobalPoolOp : Op<GlobalPoolPlan>
    {
        protected GlobalPoolOp(string opType)
        {
            Schema = new OpSchema(opType, new[] { 1, 22 }).Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float);
        }

        public override OpSchema Schema { get; }

        /// <summary>The kernel id that reduces each plane.</summary>
        protected abstract string Kernel { get; }

        protected override GlobalPoolPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank < 2) return c.Reject<GlobalPoolPlan>(DiagnosticIds.ShapeMismatch, "input " + x + " needs rank 2 or more (batch, channels, spatial...).");
            c.SetOutput(0, new Shape(new[] { x[0], x[1] }.Concat(Enumerable.Repeat(Dim.One, x.Rank - 2))));
            return new GlobalPoolPlan(x[0] * x[1], x.Product(2, x.Rank));
        }

        protected override void Lower(LowerContext c, GlobalPoolPlan p) =>
            c.Call(Kernel, c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0)).Dim("planes", p.Planes).Dim("size", p.Size).Emit();
    }
}
