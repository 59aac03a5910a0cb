using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX MaxPool over any spatial rank: pads or auto_pad, strides, dilations, ceil_mode, and the
    /// optional Indices output with storage_order. Spec: https://onnx.ai/onnx/operators/onnx__MaxPool.html
    /// </summary>
    internal sealed class MaxPool : OpDefinition
    {
        private static readonly ElementType[] s_types = { ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.Int8, ElementType.UInt8 };

        public override string OpType => "MaxPool";
        public override int MaxOpset => 22;
        public override IReadOnlyCollection<string> Attributes { get; } = new[] { "auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides" };

        public override void Infer(InferContext c)
        {
            if (!c.ExpectInputs(1, 1) || !c.ExpectType(0, s_types)) return;
            var x = c.InShape(0);
            if (!c.Attr.Has("kernel_shape")) { c.Fail(DiagnosticIds.UnsupportedAttribute, "the required attribute kernel_shape is missing."); return; }
            long order = c.Attr.Int("storage_order", 0);
            if (order != 0 && order != 1) { c.Fail(DiagnosticIds.UnsupportedAttribute, "storage_order=" + order + " must be 0 or 1."); return; }
            var spatial = SpatialAttributes.Resolve(c, x, null, allowCeil: true);
            if (spatial == null) return;
            c.State = spatial;
            var y = new Shape(new[] { x[0], x[1] }.Concat(spatial.Output.Select(o => Dim.Of(o))));
            c.SetOutput(0, c.InType(0), y);
            c.SetOutput(1, ElementType.Int64, y);
        }

        public override void Emit(EmitContext e)
        {
            var s = (SpatialPlan)e.State!;
            var x = e.InShape(0);
            string indices = e.HasOut(1) ? e.Out(1) : "default";
            long order = e.Node.Attributes.TryGetValue("storage_order", out var so) ? so.Int : 0;
            e.Line(EmitContext.Kernel("MaxPool") + ".Run<" + e.T(0) + ">(" + e.In(0) + ", " + e.Out(0) + ", " + indices + ", " + e.Dim(x[0]) + ", " + e.Dim(x[1]) + ", " +
                   e.Ints(s.Input) + ", " + e.Ints(s.Kernel) + ", " + e.Ints(s.Output) + ", " + e.Ints(s.Strides) + ", " + e.Ints(s.Dilations) + ", " + e.Ints(s.PadsBegin) + ", " + order + ");");
        }
    }
}
