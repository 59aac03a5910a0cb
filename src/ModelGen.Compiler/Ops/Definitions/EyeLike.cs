using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    internal sealed record EyeLikePlan(ElementType Type, long K) : OpPlan;

    /// <summary>
    /// ONNX EyeLike: a 2-D tensor of the input's shape, zero except for ones on diagonal 'k' (0 the main one,
    /// positive above, negative below), of type 'dtype' (default the input's). Only the input's shape is read, so
    /// static shapes fold to a constant. Spec: https://onnx.ai/onnx/operators/onnx__EyeLike.html
    /// </summary>
    internal sealed class EyeLike : Op<EyeLikePlan>
    {
        private static readonly Attr<long?> DType = Attr.OptionalInt("dtype");
        private static readonly Attr<long> K = Attr.Int("k", 0);

        public override OpSchema Schema { get; } = new OpSchema("EyeLike", new[] { 9, 22 })
            .Input("input", "T1").Output("output", "T2").Types("T1", TypeSets.Any).Types("T2", TypeSets.Any).WithAttributes(DType, K);

        public override string Summary => "ones on diagonal 'k' of a 2-D tensor shaped like the input, of type 'dtype'; static shapes fold to a constant.";

        protected override EyeLikePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank != 2) return c.Reject<EyeLikePlan>(DiagnosticIds.ShapeMismatch, "the input must be 2-D, not " + x + ".");
            var type = c.Get(DType) is long dtype ? (ElementType)dtype : c.InType(0);
            if (!TypeSets.Any.Contains(type))
                return c.Reject<EyeLikePlan>(DiagnosticIds.UnsupportedElementType, "dtype " + ElementTypes.OnnxName(type) + " is not supported.");
            c.SetOutput(0, type, x);
            // Diagonals past either edge are all zeros; clamping keeps k an int for the kernel.
            return new EyeLikePlan(type, System.Math.Max(-int.MaxValue, System.Math.Min(int.MaxValue, c.Get(K))));
        }

        public override bool EvaluatesFromValues => false;

        protected override bool Evaluate(EvalContext c, EyeLikePlan p)
        {
            var dims = c.OutDims(0);
            long rows = dims[0], cols = dims[1];
            var ones = Enumerable.Range(0, (int)(rows * cols)).Select(e => e / cols + p.K == e % cols ? 1L : 0L).ToArray();
            c.Set(0, ElementTypes.IsFloatingPoint(p.Type)
                ? TensorData.FromDoubleValues(p.Type, dims, ones.Select(v => (double)v).ToArray())
                : TensorData.FromInt64Values(p.Type, dims, ones));
            return true;
        }

        protected override void Lower(LowerContext c, EyeLikePlan p) =>
            c.Call("eyelike", p.Type).Out("y", c.Out(0)).Dim("rows", c.OutShape(0)[0]).Dim("cols", c.OutShape(0)[1])
                .Integer("k", ElementType.Int32, p.K).Scalar("one", p.Type, 1).Emit();
    }
}
