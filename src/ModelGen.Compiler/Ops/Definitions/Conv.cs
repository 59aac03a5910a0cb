using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Conv over 1-D, 2-D or 3-D (any spatial rank): groups (depthwise included), strides,
    /// dilations, explicit pads or auto_pad SAME_UPPER/SAME_LOWER/VALID, optional bias.
    /// Spec: https://onnx.ai/onnx/operators/onnx__Conv.html
    /// </summary>
    internal sealed class Conv : OpDefinition
    {
        /// <summary>Must equal ModelGen.Runtime.Kernels.Conv.ColumnTile: the scratch formula is shared.</summary>
        public const int ColumnTile = 256;

        private sealed class Plan
        {
            public SpatialPlan Spatial = new SpatialPlan();
            public int Group, InChannels, OutChannels;
        }

        public override string OpType => "Conv";
        public override int MaxOpset => 22;
        public override IReadOnlyCollection<string> Attributes { get; } = new[] { "auto_pad", "dilations", "group", "kernel_shape", "pads", "strides" };

        public override void Infer(InferContext c)
        {
            if (!c.ExpectInputs(2, 3) || !c.ExpectType(0, TypeSets.Float) || !c.ExpectSameType(0, 1)) return;
            var x = c.InShape(0);
            var w = c.InShape(1);
            if (w.Rank != x.Rank || !w.IsStatic || !x[1].IsStatic) { c.Fail(DiagnosticIds.ShapeMismatch, "weights " + w + " do not match input " + x + " (ranks must agree, channels and weights must be static)."); return; }
            long group = c.Attr.Int("group", 1);
            long inChannels = x[1].Value, outChannels = w[0].Value;
            if (group < 1 || inChannels % group != 0 || outChannels % group != 0 || w[1].Value * group != inChannels)
            {
                c.Fail(DiagnosticIds.ShapeMismatch, "group=" + group + " does not fit " + inChannels + " input channels and weights " + w + ".");
                return;
            }
            if (c.HasInput(2) && (!c.ExpectSameType(0, 2) || !c.InShape(2).Equals(Shape.Of(outChannels))))
            {
                if (c.Ok) c.Fail(DiagnosticIds.ShapeMismatch, "bias " + c.InShape(2) + " must be [" + outChannels + "].");
                return;
            }
            var spatial = SpatialAttributes.Resolve(c, x, w.Dims.Skip(2).Select(d => d.Value).ToArray(), allowCeil: false);
            if (spatial == null) return;
            var plan = new Plan { Spatial = spatial, Group = (int)group, InChannels = (int)inChannels, OutChannels = (int)outChannels };
            c.State = plan;
            // The kernel runs one-input-channel-per-group convolutions (depthwise, channel multipliers) directly, without scratch.
            if (group != inChannels)
            {
                long columns = System.Math.Min(spatial.Output.Aggregate(1L, (a, b) => a * b), ColumnTile);
                c.RequestScratch(c.InType(0), Dim.Of(inChannels / group * spatial.Kernel.Aggregate(1L, (a, b) => a * b) * columns));
            }
            var y = new List<Dim> { x[0], Dim.Of(outChannels) };
            y.AddRange(spatial.Output.Select(o => Dim.Of(o)));
            c.SetOutput(0, c.InType(0), new Shape(y));
        }

        public override void Emit(EmitContext e)
        {
            var p = (Plan)e.State!;
            var s = p.Spatial;
            string bias = e.Node.Input(2) != null ? e.In(2) : "default";
            e.Line(EmitContext.Kernel("Conv") + ".Run<" + e.T(0) + ">(" + e.In(0) + ", " + e.In(1) + ", " + bias + ", " + e.Out(0) + ", " + e.Scratch + ", " +
                   e.Dim(e.InShape(0)[0]) + ", " + p.InChannels + ", " + p.OutChannels + ", " + p.Group + ", " +
                   e.Ints(s.Input) + ", " + e.Ints(s.Kernel) + ", " + e.Ints(s.Output) + ", " + e.Ints(s.Strides) + ", " + e.Ints(s.Dilations) + ", " + e.Ints(s.PadsBegin) + ");");
        }
    }
}
