using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The output's spatial dims, whether 'size' sets them at run time, and align_corners.</summary>
    internal sealed record AffineGridPlan(Dim[] Spatial, bool SpatialAtRunTime, bool AlignCorners) : OpPlan;

    /// <summary>
    /// ONNX AffineGrid: for theta [N, 2, 3] (or [N, 3, 4]) and size [N, C, H, W] (or [N, C, D, H, W]) the grid
    /// [N, H, W, 2] (or [N, D, H, W, 3]) of each output pixel's normalised coordinates mapped by theta, as GridSample
    /// reads it. A size known only at run time gives run-time spatial dims.
    /// Spec: https://onnx.ai/onnx/operators/onnx__AffineGrid.html
    /// </summary>
    internal sealed class AffineGrid : Op<AffineGridPlan>
    {
        private static readonly Attr<long> AlignCorners = Attr.Int("align_corners", 0);

        public override OpSchema Schema { get; } = new OpSchema("AffineGrid", new[] { 20 })
            .Input("theta", "T1").Input("size", "T2").Output("grid", "T1")
            .Types("T1", TypeSets.Float).Types("T2", TypeSets.Int64)
            .WithAttributes(AlignCorners);

        public override string Summary => "the normalised sampling grid of 2-D or 3-D affine transforms theta for an output 'size'; a run-time size gives run-time dims.";

        protected override AffineGridPlan? Infer(InferContext c)
        {
            var theta = c.InShape(0);
            var size = c.InShape(1);
            if (theta.Rank != 3 || !theta[1].IsStatic || (theta[1].Value != 2 && theta[1].Value != 3))
                return c.Reject<AffineGridPlan>(DiagnosticIds.ShapeMismatch, "theta " + theta + " must be [N, 2, 3] or [N, 3, 4].");
            int r = (int)theta[1].Value;
            if (size.Rank != 1 || !size[0].Equals(Dim.Of(r + 2)))
                return c.Reject<AffineGridPlan>(DiagnosticIds.ShapeMismatch, "size " + size + " must hold " + (r + 2) + " values for theta " + theta + ".");
            var known = c.InDims(1);
            bool runtime = known == null;
            var spatial = runtime ? Enumerable.Range(0, r).Select(i => c.RuntimeDim(i, null)).ToArray() : known!.Skip(2).ToArray();
            c.SetOutput(0, c.InType(0), new Shape(new[] { theta[0] }.Concat(spatial).Concat(new[] { Dim.Of(r) })));
            return new AffineGridPlan(spatial, runtime, c.Get(AlignCorners) != 0);
        }

        protected override void Lower(LowerContext c, AffineGridPlan p)
        {
            if (p.SpatialAtRunTime)
                c.Call("affinegrid.dims").In("size", c.In(1)).Symbols("dims", p.Spatial.Select(d => d.SymbolName!).ToArray()).Emit();
            c.Call("affinegrid", c.InType(0)).In("theta", c.In(0)).Out("grid", c.Out(0)).Dim("batch", c.InShape(0)[0])
                .Dims("spatial", p.Spatial).Bool("alignCorners", p.AlignCorners).Emit();
        }
    }
}
