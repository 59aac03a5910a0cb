using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The run-time lengths tensor and its symbols when build time does not know 'shape'.</summary>
    internal sealed record CenterCropPadPlan(Value? RuntimeShape, ValueList<string> Symbols) : OpPlan;

    /// <summary>
    /// ONNX CenterCropPad: each listed axis ('axes', default all) centre-cropped or zero-padded to the length in
    /// 'shape' (the extra element of an odd difference goes to the end). 'shape' may be known only at run time.
    /// Spec: https://onnx.ai/onnx/operators/onnx__CenterCropPad.html
    /// </summary>
    internal sealed class CenterCropPad : Op<CenterCropPadPlan>
    {
        public const int MaxRank = 8;

        private static readonly Attr<long[]?> Axes = Attr.Ints("axes");

        public override OpSchema Schema { get; } = new OpSchema("CenterCropPad", new[] { 18 })
            .Input("input_data", "T").Input("shape", "Tind").Output("output_data", "T")
            .Types("T", TypeSets.Any).Types("Tind", TypeSets.Indices).WithAttributes(Axes);

        public override string Summary => "listed axes centre-cropped or zero-padded to 'shape', which may be known only at run time.";

        protected override CenterCropPadPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank > MaxRank) return c.Reject<CenterCropPadPlan>(DiagnosticIds.ShapeMismatch, "rank " + x.Rank + " is above the supported " + MaxRank + ".");
            var axesList = new System.Collections.Generic.List<int>();
            foreach (var a in c.Get(Axes) ?? Enumerable.Range(0, x.Rank).Select(i => (long)i).ToArray())
            {
                if (!c.Axis(a, x.Rank, "axes", out int axis)) return null;
                if (axesList.Contains(axis)) return c.Reject<CenterCropPadPlan>(DiagnosticIds.UnsupportedAttribute, "axis " + a + " is listed twice.");
                axesList.Add(axis);
            }
            var s = c.InShape(1);
            if (s.Rank != 1 || !s[0].Equals(Dim.Of(axesList.Count)))
                return c.Reject<CenterCropPadPlan>(DiagnosticIds.ShapeMismatch, "'shape' " + s + " must be [" + axesList.Count + "], one length per axis.");
            var dims = x.Dims.ToArray();
            var known = c.StaticInts(1);
            Value? runtime = null;
            var symbols = new System.Collections.Generic.List<string>();
            for (int i = 0; i < axesList.Count; i++)
            {
                if (known != null)
                {
                    if (known[i] < 0) return c.Reject<CenterCropPadPlan>(DiagnosticIds.ShapeMismatch, "length " + known[i] + " is negative.");
                    dims[axesList[i]] = Dim.Of(known[i]);
                }
                else
                {
                    var d = c.RuntimeDim(i, null);
                    dims[axesList[i]] = d;
                    symbols.Add(d.SymbolName!);
                    runtime = c.In(1);
                }
            }
            c.SetOutput(0, new Shape(dims));
            return new CenterCropPadPlan(runtime, symbols.ToValueList());
        }

        protected override void Lower(LowerContext c, CenterCropPadPlan p)
        {
            if (p.RuntimeShape != null)
                c.Call("center_crop_pad.dims", c.InType(1)).In("shape", p.RuntimeShape).Symbols("dims", p.Symbols).Emit();
            c.Call("center_crop_pad", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0)).Dims("inShape", c.InShape(0).Dims).Dims("outShape", c.OutShape(0).Dims).Emit();
        }
    }
}
