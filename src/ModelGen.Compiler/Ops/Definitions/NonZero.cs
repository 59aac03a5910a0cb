using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    internal sealed record NonZeroPlan(Dim Count) : OpPlan;

    /// <summary>
    /// ONNX NonZero: the indices of the non-zero elements, int64 [rank, count] in row-major order. The count is a
    /// run-time dim at most the input's element count, so the planner reserves that bound and no call allocates.
    /// Spec: https://onnx.ai/onnx/operators/onnx__NonZero.html
    /// </summary>
    internal sealed class NonZero : Op<NonZeroPlan>
    {
        public override OpSchema Schema { get; } = new OpSchema("NonZero", new[] { 9, 13 })
            .Input("X", "T").Output("Y", "I").Types("T", TypeSets.Any).Types("I", TypeSets.Int64);

        public override string Summary => "indices of the non-zero elements, int64 [rank, count]; the count is a run-time dim bounded by the element count.";

        protected override NonZeroPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            var count = c.RuntimeDim(0, x.ElementCount);
            c.SetOutput(0, ElementType.Int64, new Shape(new[] { Dim.Of(x.Rank), count }));
            return new NonZeroPlan(count);
        }

        protected override void Lower(LowerContext c, NonZeroPlan p) =>
            c.Call("nonzero", c.InType(0)).In("x", c.In(0)).Dims("inShape", c.InShape(0).Dims).Out("y", c.Out(0)).Symbols("count", new[] { p.Count.SymbolName! }).Emit();
    }
}
