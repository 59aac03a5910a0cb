using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The element count (an expression of the inputs when they are known, a run-time dim otherwise).</summary>
    internal sealed record RangePlan(Dim Count, bool CountAtRunTime) : OpPlan;

    /// <summary>
    /// ONNX Range: start, start+delta, ... below 'limit' (above it for a negative delta); max(⌈(limit−start)/delta⌉, 0)
    /// elements. Integer inputs known at build time give an exact count, symbolic ones an expression; inputs known
    /// only at run time give a run-time count. Spec: https://onnx.ai/onnx/operators/onnx__Range.html
    /// </summary>
    internal sealed class Range : Op<RangePlan>
    {
        private static readonly Attr<long> StashType = Attr.Int("stash_type", 1).Since(27).Ignored("float16 and bfloat16 compute in float, the default stash_type");

        // float16 and bfloat16 from revision 27, which computes them in float (stash_type=1, the default): so does ModelGen, at every revision.
        private static readonly ElementType[] s_types = { ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.BFloat16, ElementType.Int16, ElementType.Int32, ElementType.Int64 };

        public override OpSchema Schema { get; } = new OpSchema("Range", new[] { 11, 27 })
            .Input("start", "T").Input("limit", "T").Input("delta", "T").Output("output", "T").Types("T", s_types).WithAttributes(StashType);

        public override string Summary => "start, start+delta, ... up to 'limit' (exclusive); the count is exact, symbolic, or known only at run time.";

        protected override RangePlan? Infer(InferContext c)
        {
            for (int i = 0; i < 3; i++)
                if (c.InShape(i).Rank != 0 && !c.InShape(i).ElementCount.Equals(Dim.One))
                    return c.Reject<RangePlan>(DiagnosticIds.ShapeMismatch, "'" + c.In(i).Name + "' must be a scalar, not " + c.InShape(i) + ".");
            var count = KnownCount(c);
            if (count != null)
            {
                c.SetOutput(0, new Shape(new[] { count }));
                return new RangePlan(count, false);
            }
            var rt = c.RuntimeDim(0, null);
            c.SetOutput(0, new Shape(new[] { rt }));
            return new RangePlan(rt, true);
        }

        private static Dim? KnownCount(InferContext c)
        {
            if (ElementTypes.IsFloatingPoint(c.InType(0)))
            {
                if (c.InData(0) == null || c.InData(1) == null || c.InData(2) == null) return null;
                double start = c.InData(0)!.AsDouble()[0], limit = c.InData(1)!.AsDouble()[0], delta = c.InData(2)!.AsDouble()[0];
                if (delta == 0) return null;
                return System.Math.Max((long)System.Math.Ceiling((limit - start) / delta), 0);
            }
            var s = c.InDims(0); var l = c.InDims(1); var d = c.InDims(2);
            if (s == null || l == null || d == null || !d[0].IsStatic || d[0].Value == 0) return null;
            long step = d[0].Value;
            var span = step > 0 ? l[0] - s[0] : s[0] - l[0];
            if (!span.IsStatic && span.LowerBound == null) return null;
            return Dim.Max(Dim.Zero, Dim.CeilDiv(span, System.Math.Abs(step)));
        }

        protected override bool Evaluate(EvalContext c, RangePlan p)
        {
            if (p.CountAtRunTime) return false;
            long n = p.Count.Value;
            if (c.IsConcrete(0) && c.IsConcrete(2) && ElementTypes.IsFloatingPoint(c.In(0).Type))
            {
                double start = c.Concrete(0).AsDouble()[0], delta = c.Concrete(2).AsDouble()[0];
                c.Set(0, TensorData.FromDoubleValues(c.OutType(0), new[] { n }, Enumerable.Range(0, (int)n).Select(i => start + i * delta).ToArray()));
                return true;
            }
            var s0 = c.Dims(0)[0];
            long dl = c.Dims(2)[0].Value;
            c.Set(0, Enumerable.Range(0, (int)n).Select(i => s0 + Dim.Of(i * dl)).ToArray());
            return true;
        }

        protected override void Lower(LowerContext c, RangePlan p)
        {
            // bfloat16 has no arithmetic of its own: the elements are computed in float and each rounded once.
            if (c.InType(0) == ElementType.BFloat16 && HalfInFloat.TryLower(c, (ins, outs) => Emit(c, p, ins[0]!, ins[1]!, ins[2]!, outs[0]!))) return;
            Emit(c, p, c.In(0), c.In(1), c.In(2), c.Out(0));
        }

        private static void Emit(LowerContext c, RangePlan p, Value start, Value limit, Value delta, Value y)
        {
            var t = start.Type;
            if (p.CountAtRunTime)
                c.Call("range.count", t).In("start", start).In("limit", limit).In("delta", delta).Symbols("count", new[] { p.Count.SymbolName! }).Emit();
            c.Call("range", t).In("start", start).In("delta", delta).Out("y", y).Emit();
        }
    }
}
