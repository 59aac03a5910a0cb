using System;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// The input viewed as [Outer, Length, Inner] around the axis when the axis is known at build time; with
    /// <see cref="RuntimeAxis"/> set, the kernel reads the axis tensor and the view comes from the input's dims.
    /// </summary>
    internal sealed record CumulativePlan(Dim Outer, Dim Length, Dim Inner, Value? RuntimeAxis, bool Exclusive, bool Reverse) : OpPlan;

    /// <summary>
    /// CumSum and CumProd: running sums (products) along the axis a scalar int32/int64 tensor names (negative counts
    /// from the end), 'exclusive' leaving each element out of its own result and 'reverse' accumulating from the end.
    /// An axis known only at run time is read by the kernel. Floats accumulate in double and round once per output
    /// (float16 too); integers wrap like the element type.
    /// </summary>
    internal abstract class CumulativeOp : Op<CumulativePlan>
    {
        private static readonly Attr<long> Exclusive = Attr.Int("exclusive", 0);
        private static readonly Attr<long> Reverse = Attr.Int("reverse", 0);

        // ONNX's T, less bfloat16 (no C# type yet).
        private static readonly ElementType[] s_types =
            { ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.Int32, ElementType.Int64, ElementType.UInt32, ElementType.UInt64 };

        protected CumulativeOp(string opType, int[] revisions, bool product)
        {
            IsProduct = product;
            Schema = new OpSchema(opType, revisions)
                .Input("x", "T").Input("axis", "T2").Output("y", "T").Types("T", s_types).Types("T2", TypeSets.Indices).WithAttributes(Exclusive, Reverse);
        }

        public bool IsProduct { get; }

        public sealed override OpSchema Schema { get; }

        public override string Summary =>
            "running " + (IsProduct ? "products" : "sums") + " along a scalar axis tensor (build-time or run-time), exclusive, reverse; floats accumulate in double.";

        protected sealed override CumulativePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            var axisCount = c.InShape(1).ElementCount; // a symbolic count is left to the kernel, which checks it
            if (c.InShape(1).Rank > 1 || (axisCount.IsStatic && axisCount.Value != 1))
                return c.Reject<CumulativePlan>(DiagnosticIds.ShapeMismatch, "'axis' must be a scalar, not " + c.InShape(1) + ".");
            if (x.Rank == 0) return c.Reject<CumulativePlan>(DiagnosticIds.ShapeMismatch, "the input must have rank 1 or more.");
            bool exclusive = c.Get(Exclusive) != 0, reverse = c.Get(Reverse) != 0;
            c.SetOutput(0, x);
            var known = c.StaticInts(1);
            if (known == null) return new CumulativePlan(Dim.One, x.ElementCount, Dim.One, c.In(1), exclusive, reverse);
            if (!c.Axis(known[0], x.Rank, "axis", out int axis)) return null;
            return new CumulativePlan(x.Product(0, axis), x[axis], x.Product(axis + 1, x.Rank), null, exclusive, reverse);
        }

        protected sealed override bool Evaluate(EvalContext c, CumulativePlan p)
        {
            if (p.RuntimeAxis != null || !p.Outer.IsStatic || !p.Length.IsStatic || !p.Inner.IsStatic) return false;
            var type = c.OutType(0);
            if (!c.IsConcrete(0))
            {
                // Running sums over dim expressions (shape arithmetic); products of dims are left to run time.
                if (IsProduct || type != ElementType.Int64) return false;
                var dims = c.Dims(0);
                c.Set(0, Accumulate(dims.ToArray(), Dim.Zero, (a, b) => a + b, p));
                return true;
            }
            var data = c.Concrete(0);
            var outDims = c.OutDims(0);
            if (ElementTypes.IsFloatingPoint(type))
            {
                var v = Accumulate(data.AsDouble(), IsProduct ? 1.0 : 0.0, IsProduct ? (a, b) => a * b : (a, b) => a + b, p);
                c.Set(0, TensorData.FromDoubleValues(type, outDims, v));
                return true;
            }
            Func<long, long, long> step = IsProduct ? (a, b) => unchecked(a * b) : (a, b) => unchecked(a + b);
            var n = Accumulate(data.AsInt64(), IsProduct ? 1L : 0L, step, p).Select(e => ScalarEvaluator.Wrap(type, e)).ToArray();
            c.Set(0, TensorData.FromInt64Values(type, outDims, n));
            return true;
        }

        /// <summary>The running fold of <paramref name="x"/> along the plan's axis (the same order as the kernel).</summary>
        private static T[] Accumulate<T>(T[] x, T seed, Func<T, T, T> step, CumulativePlan p)
        {
            long outer = p.Outer.Value, length = p.Length.Value, inner = p.Inner.Value;
            var y = new T[x.Length];
            for (long o = 0; o < outer; o++)
                for (long i = 0; i < inner; i++)
                {
                    T acc = seed;
                    for (long s = 0; s < length; s++)
                    {
                        long at = (o * length + (p.Reverse ? length - 1 - s : s)) * inner + i;
                        if (p.Exclusive) { y[at] = acc; acc = step(acc, x[at]); }
                        else { acc = step(acc, x[at]); y[at] = acc; }
                    }
                }
            return y;
        }

        protected sealed override void Lower(LowerContext c, CumulativePlan p)
        {
            string kernel = IsProduct ? "cumprod" : "cumsum";
            if (p.RuntimeAxis == null)
                c.Call(kernel, c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0))
                    .Dim("outer", p.Outer).Dim("length", p.Length).Dim("inner", p.Inner).Bool("exclusive", p.Exclusive).Bool("reverse", p.Reverse).Emit();
            else
                c.Call(kernel + ".along", c.InType(0), c.InType(1)).In("x", c.In(0)).In("axis", p.RuntimeAxis).Out("y", c.Out(0))
                    .Dims("dims", c.InShape(0).Dims).Bool("exclusive", p.Exclusive).Bool("reverse", p.Reverse).Emit();
        }
    }
}
