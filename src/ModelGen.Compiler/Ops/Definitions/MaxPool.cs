using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    internal sealed record MaxPoolPlan(SpatialPlan Spatial, long StorageOrder) : OpPlan;

    /// <summary>
    /// ONNX MaxPool over any spatial rank: pads or auto_pad, strides, dilations, ceil_mode, and the optional Indices
    /// output with storage_order; symbolic spatial dims give expressions. Spec: https://onnx.ai/onnx/operators/onnx__MaxPool.html
    /// </summary>
    internal sealed class MaxPool : Op<MaxPoolPlan>
    {
        private static readonly ElementType[] s_types = { ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.Int8, ElementType.UInt8 };

        private static readonly Attr<long[]?> KernelShape = SpatialAttributes.KernelShape.Required();
        private static readonly Attr<long> StorageOrder = Attr.Int("storage_order", 0).Since(8);
        private static readonly Attr<long[]?> Dilations = SpatialAttributes.Dilations.Since(10);
        private static readonly Attr<long> CeilMode = SpatialAttributes.CeilMode.Since(10);

        public override OpSchema Schema { get; } = new OpSchema("MaxPool", new[] { 1, 8, 10, 11, 12, 22 })
            .Input("X", "T").Output("Y", "T").Output("Indices", "I", optional: true, from: 8)
            .Types("T", s_types).Types("I", TypeSets.Int64)
            .WithAttributes(SpatialAttributes.AutoPad, CeilMode, Dilations, KernelShape, SpatialAttributes.Pads, StorageOrder, SpatialAttributes.Strides);

        public override string Summary => "any spatial rank: pads or auto_pad, strides, dilations, ceil_mode, and the optional Indices output with storage_order; symbolic spatial dims.";

        protected override MaxPoolPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            long order = c.Get(StorageOrder);
            if (order != 0 && order != 1) return c.Reject<MaxPoolPlan>(Diagnostics.DiagnosticIds.UnsupportedAttribute, "storage_order=" + order + " must be 0 or 1.");
            var spatial = SpatialAttributes.Resolve(c, x, null, allowCeil: true);
            if (spatial == null) return null;
            var y = SpatialAttributes.Pooled(x, spatial);
            c.SetOutput(0, y);
            c.SetOutput(1, ElementType.Int64, y);
            return new MaxPoolPlan(spatial, order);
        }

        protected override void Lower(LowerContext c, MaxPoolPlan p)
        {
            var s = p.Spatial;
            var x = c.InShape(0);
            var call = c.Call("maxpool", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0));
            if (c.HasOutput(1)) call.Out("indices", c.Out(1)); else call.InOrNone("indices", null);
            call.Dim("batch", x[0]).Dim("channels", x[1]).Window(s)
                .Integer("storageOrder", ElementType.Int32, p.StorageOrder).Emit();
        }
    }
}
