using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>Indices viewed as [Outer, Inner], the output as [Outer, Depth, Inner]; RuntimeDepth is the depth tensor when only run time knows it.</summary>
    internal sealed record OneHotPlan(Dim Outer, Dim Depth, Dim Inner, Value? RuntimeDepth, bool NegativeFromEnd) : OpPlan;

    /// <summary>
    /// ONNX OneHot: a new axis of length 'depth' at 'axis' (default -1, the last), holding values[1] where its
    /// coordinate equals the index and values[0] elsewhere. Indices and depth of any numeric type are truncated
    /// to integers; from revision 11 negative indices count from the end of depth; indices outside the range match
    /// nothing. A depth known only at run time makes the new dim a run-time dim.
    /// Spec: https://onnx.ai/onnx/operators/onnx__OneHot.html
    /// </summary>
    internal sealed class OneHot : Op<OneHotPlan>
    {
        private static readonly Attr<long> Axis = Attr.Int("axis", -1);

        public override OpSchema Schema { get; } = new OpSchema("OneHot", new[] { 9, 11 })
            .Input("indices", "T1").Input("depth", "T2").Input("values", "T3").Output("output", "T3")
            .Types("T1", TypeSets.Numeric).Types("T2", TypeSets.Numeric).Types("T3", TypeSets.Any).WithAttributes(Axis);

        public override string Summary => "one-hot encoding along a new axis of length 'depth' (build-time or run-time) with [off, on] values; negative indices count from the end (revision 11).";

        protected override OneHotPlan? Infer(InferContext c)
        {
            var indices = c.InShape(0);
            // Symbolic sizes are left to the kernel, which checks the element counts.
            var depthCount = c.InShape(1).ElementCount;
            if (c.InShape(1).Rank > 1 || (depthCount.IsStatic && depthCount.Value != 1))
                return c.Reject<OneHotPlan>(DiagnosticIds.ShapeMismatch, "'depth' must hold one element, not " + c.InShape(1) + ".");
            if (c.InShape(2).Rank != 1 || (c.InShape(2)[0].IsStatic && c.InShape(2)[0].Value != 2))
                return c.Reject<OneHotPlan>(DiagnosticIds.ShapeMismatch, "'values' must be [off, on], not " + c.InShape(2) + ".");
            int rank = indices.Rank;
            if (!c.Axis(c.Get(Axis), rank + 1, "axis", out int axis)) return null;
            Value? runtime = null;
            Dim depth;
            long? known = KnownDepth(c);
            if (known != null)
            {
                if (known < 0) return c.Reject<OneHotPlan>(DiagnosticIds.ShapeMismatch, "depth " + known + " is negative.");
                depth = Dim.Of(known.Value);
            }
            else
            {
                depth = c.RuntimeDim(0, null);
                runtime = c.In(1);
            }
            c.SetOutput(0, c.InType(2), new Shape(indices.Dims.Take(axis).Concat(new[] { depth }).Concat(indices.Dims.Skip(axis))));
            return new OneHotPlan(indices.Product(0, axis), depth, indices.Product(axis, rank), runtime, c.Revision >= 11);
        }

        /// <summary>The depth truncated to an integer when it is a build-time number, else null.</summary>
        private static long? KnownDepth(InferContext c)
        {
            if (!ElementTypes.IsFloatingPoint(c.InType(1))) return c.StaticInts(1)?[0];
            var data = c.InData(1);
            if (data == null) return null;
            double d = data.AsDouble()[0];
            return double.IsNaN(d) || d > int.MaxValue ? null : (long)d;
        }

        protected override bool Evaluate(EvalContext c, OneHotPlan p)
        {
            if (p.RuntimeDepth != null || !c.IsConcrete(0)) return false;
            var x = c.Concrete(0);
            long[] indices;
            if (ElementTypes.IsFloatingPoint(x.Type))
            {
                var d = x.AsDouble();
                if (d.Any(v => double.IsNaN(v) || System.Math.Abs(v) > 1e18)) return false; // left to the kernel's saturating conversion
                indices = d.Select(v => (long)v).ToArray();
            }
            else indices = x.AsInt64();
            long outer = p.Outer.Value, depth = p.Depth.Value, inner = p.Inner.Value;
            var picks = new (int, long)[outer * depth * inner];
            for (long o = 0, k = 0; o < outer; o++)
                for (long d = 0; d < depth; d++)
                    for (long i = 0; i < inner; i++, k++)
                    {
                        long index = indices[o * inner + i];
                        if (index < 0 && p.NegativeFromEnd) index += depth;
                        picks[k] = (2, index == d ? 1 : 0);
                    }
            c.Take(0, picks);
            return true;
        }

        protected override void Lower(LowerContext c, OneHotPlan p)
        {
            if (p.RuntimeDepth != null)
                c.Call("onehot.depth", c.InType(1)).In("depth", p.RuntimeDepth).Symbols("depth", new[] { p.Depth.SymbolName! }).Emit();
            c.Call("onehot", c.InType(0), c.InType(2)).In("indices", c.In(0)).In("values", c.In(2)).Out("y", c.Out(0))
                .Dim("outer", p.Outer).Dim("depth", p.Depth).Dim("inner", p.Inner).Bool("negativeFromEnd", p.NegativeFromEnd).Emit();
        }
    }
}
