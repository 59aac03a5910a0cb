using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The interpolation and padding codes of ModelGen.Runtime.Kernels.GridSample and the output's spatial dims.</summary>
    internal sealed record GridSamplePlan(int Mode, int Padding, bool AlignCorners) : OpPlan;

    /// <summary>
    /// ONNX GridSample: samples X [N, C, D1..Dr] at the grid's [N, O1..Or, r] normalised points (innermost axis
    /// first, -1 and 1 the edges, or the corner pixels' centres with align_corners) with nearest, linear or cubic
    /// interpolation and zeros, border or reflection padding. Revision 16 is 2-D only and names the modes
    /// bilinear/nearest/bicubic; 20 and 22 take any spatial rank and name them linear/nearest/cubic.
    /// Spec: https://onnx.ai/onnx/operators/onnx__GridSample.html
    /// </summary>
    internal sealed class GridSample : Op<GridSamplePlan>
    {
        // The default is the revision's linear mode ('bilinear' before 20); empty stands for it.
        private static readonly Attr<string> Mode = Attr.String("mode", "");
        private static readonly Attr<string> Padding = Attr.String("padding_mode", "zeros");
        private static readonly Attr<long> AlignCorners = Attr.Int("align_corners", 0);

        public override OpSchema Schema { get; } = new OpSchema("GridSample", new[] { 16, 20, 22 })
            .Input("X", "T1").Input("grid", "T2").Output("Y", "T1")
            .Types("T1", TypeSets.Float).Types("T2", TypeSets.Float)
            .WithAttributes(Mode, Padding, AlignCorners);

        public override string Summary => "samples X at a grid of normalised points: nearest, linear or cubic; zeros, border or reflection padding; align_corners; 2-D (16) or any spatial rank (20, 22).";

        protected override GridSamplePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            var grid = c.InShape(1);
            int r = x.Rank - 2;
            if (r < 1 || r > 6 || (c.Revision < 20 && r != 2))
                return c.Reject<GridSamplePlan>(DiagnosticIds.ShapeMismatch, "X " + x + " must have " + (c.Revision < 20 ? "2 spatial axes (GridSample-16)." : "1 to 6 spatial axes."));
            if (grid.Rank != x.Rank || (grid[grid.Rank - 1].IsStatic && !grid[grid.Rank - 1].Equals(Dim.Of(r))))
                return c.Reject<GridSamplePlan>(DiagnosticIds.ShapeMismatch, "the grid " + grid + " must be [N, spatial..., " + r + "] for X " + x + ".");
            bool old = c.Revision < 20;
            string modeText = c.Get(Mode);
            if (modeText.Length == 0) modeText = old ? "bilinear" : "linear";
            int mode;
            if (modeText == "nearest") mode = 0;
            else if (modeText == (old ? "bilinear" : "linear")) mode = 1;
            else if (modeText == (old ? "bicubic" : "cubic")) mode = 2;
            else return c.Reject<GridSamplePlan>(DiagnosticIds.UnsupportedAttribute, "mode='" + modeText + "' is not one of " + (old ? "bilinear, nearest, bicubic." : "linear, nearest, cubic."));
            int padding = c.Get(Padding) switch { "zeros" => 0, "border" => 1, "reflection" => 2, _ => -1 };
            if (padding < 0) return c.Reject<GridSamplePlan>(DiagnosticIds.UnsupportedAttribute, "padding_mode='" + c.Get(Padding) + "' is not one of zeros, border, reflection.");
            c.SetOutput(0, c.InType(0), new Shape(new[] { x[0], x[1] }.Concat(grid.Dims.Skip(1).Take(r))));
            return new GridSamplePlan(mode, padding, c.Get(AlignCorners) != 0);
        }

        protected override void Lower(LowerContext c, GridSamplePlan p)
        {
            var y = c.OutShape(0);
            c.Call("gridsample", c.InType(0), c.InType(1)).In("x", c.In(0)).In("grid", c.In(1)).Out("y", c.Out(0))
                .Dims("xShape", c.InShape(0).Dims).Dims("outSpatial", y.Dims.Skip(2))
                .Integer("mode", ElementType.Int32, p.Mode).Integer("padding", ElementType.Int32, p.Padding).Bool("alignCorners", p.AlignCorners).Emit();
        }
    }
}
