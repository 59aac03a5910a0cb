using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>The index search along the middle axis of the input viewed as [outer, length, inner].</summary>
    internal sealed record ArgReducePlan(Dim Outer, Dim Length, Dim Inner, bool SelectLast) : OpPlan;

    /// <summary>
    /// ArgMax and ArgMin: the int64 index of the extreme element along 'axis' (default 0), 'keepdims' (default 1),
    /// ties going to the first index unless 'select_last_index' (revision 12+). NaN counts as the extreme, as in
    /// numpy, which ONNX's reference uses.
    /// </summary>
    internal abstract class ArgReduceOp : Op<ArgReducePlan>
    {
        private static readonly Attr<long> Axis = Attr.Int("axis", 0);
        private static readonly Attr<long> KeepDims = Attr.Int("keepdims", 1);
        private static readonly Attr<long> SelectLastIndex = Attr.Int("select_last_index", 0).Since(12);

        private readonly bool _max;

        protected ArgReduceOp(string opType, bool max)
        {
            _max = max;
            Schema = new OpSchema(opType, new[] { 1, 11, 12, 13 })
                .Input("data", "T").Output("reduced", "I").Types("T", TypeSets.Numeric)
                .WithAttributes(Axis, KeepDims, SelectLastIndex);
        }

        public sealed override OpSchema Schema { get; }

        public override string Summary => "int64 index along 'axis', keepdims, select_last_index; numeric types; symbolic dims.";

        protected sealed override ArgReducePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (!c.Axis(c.Get(Axis), x.Rank, "axis", out int axis)) return null;
            bool keep = c.Get(KeepDims) != 0;
            c.SetOutput(0, ElementType.Int64, new Shape(x.Dims.Select((d, i) => i == axis ? Dim.One : d).Where((d, i) => keep || i != axis)));
            return new ArgReducePlan(x.Product(0, axis), x[axis], x.Product(axis + 1, x.Rank), c.Get(SelectLastIndex) != 0);
        }

        protected sealed override bool Evaluate(EvalContext c, ArgReducePlan p)
        {
            if (!c.IsConcrete(0) || !p.Outer.IsStatic || !p.Length.IsStatic || !p.Inner.IsStatic) return false;
            var v = c.Concrete(0).AsDouble();
            long outer = p.Outer.Value, length = p.Length.Value, inner = p.Inner.Value;
            var result = new long[outer * inner];
            for (long o = 0; o < outer; o++)
                for (long i = 0; i < inner; i++)
                {
                    long best = 0;
                    for (long a = 1; a < length; a++)
                        if (Better(v[(o * length + a) * inner + i], v[(o * length + best) * inner + i], p.SelectLast)) best = a;
                    result[o * inner + i] = best;
                }
            c.Set(0, TensorData.FromInt64Values(ElementType.Int64, c.OutDims(0), result));
            return true;
        }

        /// <summary>Whether a later candidate replaces the best so far (the runtime kernel's rule).</summary>
        private bool Better(double candidate, double best, bool selectLast)
        {
            if (double.IsNaN(best)) return selectLast && double.IsNaN(candidate);
            if (double.IsNaN(candidate)) return true;
            return _max ? candidate > best || (selectLast && candidate == best) : candidate < best || (selectLast && candidate == best);
        }

        protected sealed override void Lower(LowerContext c, ArgReducePlan p) =>
            c.Call(_max ? "argmax" : "argmin", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0))
                .Dim("outer", p.Outer).Dim("axisLength", p.Length).Dim("inner", p.Inner).Bool("selectLast", p.SelectLast).Emit();
    }
}
