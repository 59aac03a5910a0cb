using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The input as [outer, length, inner], the k kept, and the run-time k tensor when build time does not know it.</summary>
    internal sealed record TopKPlan(Dim Outer, Dim Length, Dim Inner, Dim K, Value? RuntimeK, bool Largest) : OpPlan;

    /// <summary>
    /// ONNX TopK: the k largest (or, with largest=0, smallest) elements along 'axis' (default -1) and their int64
    /// indices, best first; equal values keep the lower index first, as ONNX's reference orders them. Revision 1
    /// takes k as an attribute, later revisions as a one-element input that may be known only at run time (the
    /// output dim is then set by the kernel). Output is always sorted, which 'sorted'=0 permits.
    /// Spec: https://onnx.ai/onnx/operators/onnx__TopK.html
    /// </summary>
    internal sealed class TopK : Op<TopKPlan>
    {
        private static readonly Attr<long> Axis = Attr.Int("axis", -1);
        private static readonly Attr<long> KAttr = Attr.Int("k", 0).Until(1).Required();
        private static readonly Attr<long> Largest = Attr.Int("largest", 1).Since(11);
        private static readonly Attr<long> Sorted = Attr.Int("sorted", 1).Since(11);

        public override OpSchema Schema { get; } = new OpSchema("TopK", new[] { 1, 10, 11, 24 })
            .Input("X", "T").Input("K", "I", from: 10).Output("Values", "T").Output("Indices", "I")
            .Types("T", TypeSets.Numeric).Types("I", TypeSets.Int64)
            .WithAttributes(Axis, KAttr, Largest, Sorted);

        public override string Summary => "k largest or smallest along 'axis' with int64 indices, best first, ties to the lower index; k may be known only at run time.";

        protected override TopKPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (!c.Axis(c.Get(Axis), x.Rank, "axis", out int axis)) return null;
            Dim k;
            Value? runtime = null;
            if (c.Revision < 10) k = Dim.Of(c.Get(KAttr));
            else
            {
                if (c.InShape(1).Rank != 1 || !c.InShape(1)[0].Equals(Dim.One))
                    return c.Reject<TopKPlan>(DiagnosticIds.ShapeMismatch, "'K' must be a one-element 1-D tensor, not " + c.InShape(1) + ".");
                var known = c.StaticInts(1);
                if (known != null) k = Dim.Of(known[0]);
                else { k = c.RuntimeDim(0, x[axis]); runtime = c.In(1); }
            }
            if (k.IsStatic && (k.Value < 0 || (x[axis].IsStatic && k.Value > x[axis].Value)))
                return c.Reject<TopKPlan>(DiagnosticIds.ShapeMismatch, "k = " + k + " is outside [0, " + x[axis] + "].");
            var outShape = new Shape(x.Dims.Select((d, i) => i == axis ? k : d));
            c.SetOutput(0, outShape);
            c.SetOutput(1, ElementType.Int64, outShape);
            return new TopKPlan(x.Product(0, axis), x[axis], x.Product(axis + 1, x.Rank), k, runtime, c.Get(Largest) != 0);
        }

        protected override void Lower(LowerContext c, TopKPlan p)
        {
            if (p.RuntimeK != null)
                c.Call("topk.k").In("k", p.RuntimeK).Dim("axisLength", p.Length).Symbols("dims", new[] { p.K.SymbolName! }).Emit();
            c.Call("topk", c.InType(0)).In("x", c.In(0)).Out("values", c.Out(0)).Out("indices", c.Out(1))
                .Dim("outer", p.Outer).Dim("axisLength", p.Length).Dim("inner", p.Inner).Dim("k", p.K).Bool("largest", p.Largest).Emit();
        }
    }
}
