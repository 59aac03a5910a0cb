using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX InstanceNormalization: y = scale[c]·(x − mean)/√(var + ε) + B[c], with mean and variance taken over the
    /// spatial dims of each (batch, channel) plane: LayerNormalization at axis 2 with per-channel scale and bias.
    /// Statistics in double. Spec: https://onnx.ai/onnx/operators/onnx__InstanceNormalization.html
    /// </summary>
    internal sealed class InstanceNormalization : Op<NormalizationPlan>
    {
        private static readonly Attr<float> Epsilon = Attr.Float("epsilon", 1e-5f);
        private static readonly Attr<long[]?> ConsumedInputs = Attr.Ints("consumed_inputs").Until(1).Ignored("legacy optimisation hint");

        public override OpSchema Schema { get; } = new OpSchema("InstanceNormalization", new[] { 1, 6, 22 })
            .Input("input", "T").Input("scale", "T").Input("B", "T").Output("output", "T")
            .Types("T", TypeSets.Float)
            .WithAttributes(Epsilon, ConsumedInputs);

        public override string Summary => "per (batch, channel) plane: standardised over the spatial dims, then per-channel scale and B; any spatial rank, statistics in double.";

        protected override NormalizationPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank < 3) return c.Reject<NormalizationPlan>(DiagnosticIds.ShapeMismatch, "input " + x + " needs rank 3 or more (batch, channels, spatial...).");
            var channel = new Shape(new[] { x[1] });
            for (int i = 1; i < 3; i++)
                if (!c.InShape(i).Equals(channel)) return c.Reject<NormalizationPlan>(DiagnosticIds.ShapeMismatch, "input '" + c.In(i).Name + "' " + c.InShape(i) + " must be [" + x[1] + "].");
            // Per channel: [C] read as [C, 1, ..., 1] against X.
            var perChannel = new Shape(new[] { x[1] }.Concat(Enumerable.Repeat(Dim.One, x.Rank - 2)));
            var strides = RowNormalization.StridesOver(c, perChannel, x, "scale");
            if (strides == null) return null;
            c.SetOutput(0, x);
            return new NormalizationPlan(x.Product(0, 2), x.Product(2, x.Rank), c.Get(Epsilon), false, strides, strides);
        }

        protected override void Lower(LowerContext c, NormalizationPlan p) => RowNormalization.Lower(c, p, 1, 2, null, null);
    }
}
