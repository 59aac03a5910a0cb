using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The input as [batch, channels, inner] and the window's attributes.</summary>
    internal sealed record LRNPlan(Dim Batch, Dim Channels, Dim Inner, float Alpha, float Beta, float Bias, int Size) : OpPlan;

    /// <summary>
    /// ONNX LRN: y = x / (bias + alpha/size · Σ x²)^beta, the sum over the channels from c - floor((size-1)/2) to
    /// c + ceil((size-1)/2) clipped to the channel range, per batch and spatial position. Computed in double.
    /// Spec: https://onnx.ai/onnx/operators/onnx__LRN.html
    /// </summary>
    internal sealed class LRN : Op<LRNPlan>
    {
        private static readonly Attr<float> Alpha = Attr.Float("alpha", 0.0001f);
        private static readonly Attr<float> Beta = Attr.Float("beta", 0.75f);
        private static readonly Attr<float> Bias = Attr.Float("bias", 1.0f);
        private static readonly Attr<long> Size = Attr.Int("size", 0).Required();

        public override OpSchema Schema { get; } = new OpSchema("LRN", new[] { 1, 13 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(Alpha, Beta, Bias, Size);

        public override string Summary => "local response normalisation across channels (alpha, beta, bias, size); any spatial rank; computed in double.";

        protected override LRNPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank < 2) return c.Reject<LRNPlan>(DiagnosticIds.ShapeMismatch, "X " + x + " must be [N, C, ...].");
            long size = c.Get(Size);
            if (size < 1 || size > int.MaxValue) return c.Reject<LRNPlan>(DiagnosticIds.UnsupportedAttribute, "size=" + size + " must be positive.");
            c.SetOutput(0, x);
            return new LRNPlan(x[0], x[1], x.Product(2, x.Rank), c.Get(Alpha), c.Get(Beta), c.Get(Bias), (int)size);
        }

        protected override void Lower(LowerContext c, LRNPlan p) =>
            c.Call("lrn", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0))
                .Dim("batch", p.Batch).Dim("channels", p.Channels).Dim("inner", p.Inner)
                .Scalar("alpha", ElementType.Float, p.Alpha).Scalar("beta", ElementType.Float, p.Beta).Scalar("bias", ElementType.Float, p.Bias)
                .Integer("size", ElementType.Int32, p.Size).Emit();
    }
}
