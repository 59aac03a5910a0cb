using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>How Pad fills the new elements (the runtime kernel takes the same numbers).</summary>
    internal enum PadMode { Constant = 0, Reflect = 1, Edge = 2, Wrap = 3 }

    /// <summary>
    /// Pad with build-time pads (<see cref="Begin"/> per input axis, the output dims known), or with pads and axes
    /// read at run time (<see cref="RuntimePads"/> set; the output dims are run-time symbols).
    /// </summary>
    internal sealed record PadPlan(PadMode Mode, ValueList<long> Begin, Shape Output, Value? RuntimePads, Value? RuntimeAxes, double AttributeValue) : OpPlan;

    /// <summary>
    /// ONNX Pad: modes constant, reflect, edge and wrap (revision 19). Pads are the 'paddings' (revision 1) or 'pads'
    /// (2) attribute, then an input (11+) with the constant as an optional scalar input and, from 18, an optional axes
    /// input. Negative pads crop. Pads known at build time give static output dims; pads read at run time (ONNX's
    /// tests feed them as inputs) make the output dims run-time dims. Spec: https://onnx.ai/onnx/operators/onnx__Pad.html
    /// </summary>
    internal sealed class Pad : Op<PadPlan>
    {
        private static readonly Attr<string> Mode = Attr.String("mode", "constant");
        private static readonly Attr<long[]?> Paddings = Attr.Ints("paddings").Until(1).Required();
        private static readonly Attr<long[]?> PadsAttr = Attr.Ints("pads").Since(2).Until(10).Required();
        private static readonly Attr<float> Value = Attr.Float("value", 0f).Until(10);

        public override OpSchema Schema { get; } = new OpSchema("Pad", new[] { 1, 2, 11, 13, 18, 19, 21, 23, 24, 25 })
            .Input("data", "T").Input("pads", "I", from: 11).Input("constant_value", "T", optional: true, from: 11).Input("axes", "I", optional: true, from: 18)
            .Output("output", "T").Types("T", TypeSets.Any).Types("I", TypeSets.Int64)
            .WithAttributes(Mode, Paddings, PadsAttr, Value);

        public override string Summary => "modes constant, reflect, edge and wrap; pads and axes at build time or read at run time (run-time output dims); negative pads crop.";

        protected override PadPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            PadMode mode;
            switch (c.Get(Mode))
            {
                case "constant": mode = PadMode.Constant; break;
                case "reflect": mode = PadMode.Reflect; break;
                case "edge": mode = PadMode.Edge; break;
                case "wrap" when c.Revision >= 19: mode = PadMode.Wrap; break;
                default: return c.Reject<PadPlan>(DiagnosticIds.UnsupportedAttribute, "mode=\"" + c.Get(Mode) + "\" is not one of constant, reflect, edge" + (c.Revision >= 19 ? ", wrap." : " (wrap needs revision 19)."));
            }
            double value = c.Revision < 11 ? c.Get(Value) : 0;
            long[]? pads = c.Revision < 2 ? c.Get(Paddings) : c.Revision < 11 ? c.Get(PadsAttr) : c.StaticInts(1);
            long[]? axes = null;
            bool axesKnown = true;
            if (c.Revision >= 18 && c.HasInput(3))
            {
                axes = c.StaticInts(3);
                axesKnown = axes != null;
            }
            if (pads == null || !axesKnown) return RuntimePads(c, x, mode);
            var all = axes ?? Enumerable.Range(0, x.Rank).Select(i => (long)i).ToArray();
            if (pads.Length != 2 * all.Length)
                return c.Reject<PadPlan>(DiagnosticIds.ShapeMismatch, pads.Length + " pads do not give a begin and an end for each of " + all.Length + " axes.");
            var begin = new long[x.Rank];
            var end = new long[x.Rank];
            for (int k = 0; k < all.Length; k++)
            {
                if (!c.Axis(all[k], x.Rank, "axes", out int axis)) return null;
                begin[axis] = pads[k];
                end[axis] = pads[all.Length + k];
            }
            var output = new Shape(x.Dims.Select((d, i) => d + Dim.Of(begin[i] + end[i])));
            for (int i = 0; i < x.Rank; i++)
                if (output[i].IsStatic && output[i].Value < 0)
                    return c.Reject<PadPlan>(DiagnosticIds.ShapeMismatch, "pads " + begin[i] + " and " + end[i] + " crop axis " + i + " of " + x + " below zero.");
            c.SetOutput(0, output);
            return new PadPlan(mode, begin.ToValueList(), output, null, null, value);
        }

        /// <summary>Pads (or axes) read at run time: each output dim is a run-time symbol with no build-time bound.</summary>
        private static PadPlan? RuntimePads(InferContext c, Shape x, PadMode mode)
        {
            var output = new Shape(Enumerable.Range(0, x.Rank).Select(i => c.RuntimeDim(i, null)));
            c.SetOutput(0, output);
            return new PadPlan(mode, new long[0].ToValueList(), output, c.In(1), c.Revision >= 18 ? c.Node.Input(3) : null, 0);
        }

        protected override void Lower(LowerContext c, PadPlan p)
        {
            var t = c.InType(0);
            var x = c.InShape(0);
            if (p.RuntimePads == null)
            {
                var call = c.Call("pad", t).In("x", c.In(0)).Out("y", c.Out(0)).Dims("inDims", x.Dims).Ints("begin", p.Begin).Dims("outDims", p.Output.Dims)
                    .Integer("mode", ElementType.Int32, (long)p.Mode);
                // The constant: the attribute (before 11), the optional scalar input, or zero.
                if (c.Node.Revision >= 11 && c.HasInput(2)) call.In("value", c.In(2));
                else call.Scalar("value", t, p.AttributeValue);
                call.Emit();
                return;
            }
            c.Call("pad.dims").In("pads", p.RuntimePads).InOrNone("axes", p.RuntimeAxes).Dims("inDims", x.Dims)
                .Symbols("dims", p.Output.Dims.Select(d => d.SymbolName!)).Emit();
            c.Call("pad.runtime", t).In("x", c.In(0)).Out("y", c.Out(0)).Dims("inDims", x.Dims).In("pads", p.RuntimePads).InOrNone("axes", p.RuntimeAxes)
                .Integer("mode", ElementType.Int32, (long)p.Mode).InOrNone("value", c.Node.Input(2)).Emit();
        }
    }
}
