using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The output dims (input dim × repeats), and the repeats tensor when its values are only known at run time.</summary>
    internal sealed record TilePlan(Shape Output, Value? RuntimeRepeats) : OpPlan;

    /// <summary>
    /// ONNX Tile: output dim i = input dim i × repeats[i], the input copied repeats[i] times along each axis (numpy's
    /// tile, no broadcast). Revisions 6 and 13 take 'repeats' (int64, one per axis); revision 1 took 'tiles' and
    /// 'axis' inputs (one axis repeated 'tiles' times), which must be known at build time. Repeats known only at
    /// run time make the output dims run-time dims. Spec: https://onnx.ai/onnx/operators/onnx__Tile.html
    /// </summary>
    internal sealed class Tile : Op<TilePlan>
    {
        // Revision 1 declares 'tiles' and 'axis' with the data's (float) type while naming an int64 constraint for them: both are accepted.
        private static readonly ElementType[] s_legacyCounts = { ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.Int64 };

        public override OpSchema Schema { get; } = new OpSchema("Tile", new[] { 1, 6, 13 })
            .Input("input", "T").Input("tiles", "T1", upTo: 1).Input("axis", "T1", upTo: 1).Input("repeats", "T2", from: 6)
            .Output("output", "T")
            .Types("T", TypeSets.Any).Types("T1", s_legacyCounts).Types("T2", TypeSets.Int64);

        public override string Summary =>
            "output dim i = input dim i × repeats[i] (revision 1: 'tiles' copies along 'axis', known at build time); repeats known only at run time give run-time dims.";

        protected override TilePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            long[]? repeats;
            if (c.Revision < 6)
            {
                if (!LegacyScalar(c, 1, out long tiles) || !LegacyScalar(c, 2, out long axisValue)) return null;
                if (!c.Axis(axisValue, x.Rank, "axis", out int axis)) return null;
                repeats = Enumerable.Range(0, x.Rank).Select(i => i == axis ? tiles : 1L).ToArray();
            }
            else
                repeats = c.StaticInts(1);
            if (repeats == null)
            {
                var len = c.InShape(1);
                if (!c.StaticLength(len, "the length of 'repeats'")) return null;
                if (len[0].Value != x.Rank)
                    return c.Reject<TilePlan>(DiagnosticIds.ShapeMismatch, "'repeats' has " + len[0].Value + " values for an input of rank " + x.Rank + ".");
                var dims = new Shape(Enumerable.Range(0, x.Rank).Select(i => c.RuntimeDim(i, null)));
                c.SetOutput(0, dims);
                return new TilePlan(dims, c.In(1));
            }
            if (repeats.Length != x.Rank)
                return c.Reject<TilePlan>(DiagnosticIds.ShapeMismatch, "'repeats' has " + repeats.Length + " values for an input of rank " + x.Rank + ".");
            if (repeats.Any(r => r < 0 || r > int.MaxValue)) return c.Reject<TilePlan>(DiagnosticIds.UnsupportedAttribute, "'repeats' holds a negative or huge count.");
            var output = new Shape(x.Dims.Select((d, i) => d * repeats[i]));
            c.SetOutput(0, output);
            return new TilePlan(output, null);
        }

        /// <summary>Revision 1's 'tiles' or 'axis': one whole number known at build time (int64, or float as the schema types it).</summary>
        private static bool LegacyScalar(InferContext c, int input, out long value)
        {
            value = 0;
            string name = input == 1 ? "tiles" : "axis";
            var ints = c.StaticInts(input);
            var data = c.InData(input);
            double[]? values = ints != null ? ints.Select(v => (double)v).ToArray() : data != null && ElementTypes.IsFloatingPoint(data.Type) ? data.AsDouble() : null;
            if (values == null)
                return c.Fail(DiagnosticIds.DynamicShape, "Tile-1's '" + name + "' is computed at run time; ModelGen needs it at build time (an initializer or a constant).");
            if (values.Length != 1 || values[0] != System.Math.Floor(values[0]) || System.Math.Abs(values[0]) > int.MaxValue)
                return c.Fail(DiagnosticIds.UnsupportedAttribute, "Tile-1's '" + name + "' must hold one whole number.");
            value = (long)values[0];
            return true;
        }

        protected override bool Evaluate(EvalContext c, TilePlan p)
        {
            if (p.RuntimeRepeats != null) return false;
            var x = c.In(0).Shape!.ToStatic();
            var y = p.Output.ToStatic();
            long count = y.Aggregate(1L, (a, b) => a * b);
            var strides = Common.Indexing.Strides(x);
            var indices = new long[count];
            var idx = new long[y.Length];
            for (long k = 0; k < count; k++)
            {
                long src = 0;
                for (int d = 0; d < y.Length; d++) src += idx[d] % x[d] * strides[d];
                indices[k] = src;
                for (int d = y.Length - 1; d >= 0 && ++idx[d] == y[d]; d--) idx[d] = 0;
            }
            c.Take(0, 0, indices);
            return true;
        }

        protected override void Lower(LowerContext c, TilePlan p)
        {
            if (p.RuntimeRepeats != null)
                c.Call("tile.dims").In("repeats", p.RuntimeRepeats).Dims("inputDims", c.InShape(0).Dims).Symbols("dims", p.Output.Dims.Select(d => d.SymbolName!)).Emit();
            c.Call("tile", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0)).Dims("inShape", c.InShape(0).Dims).Dims("outShape", p.Output.Dims).Emit();
        }
    }
}
