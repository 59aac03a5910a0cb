using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The output dims of a squeeze or unsqueeze, and the axes tensor when its values are only known at run time.</summary>
    internal sealed record AxesPlan(Shape Output, Value? RuntimeAxes) : OpPlan;

    /// <summary>
    /// ONNX Unsqueeze: inserts size-1 axes at 'axes' (an attribute before revision 13, an input from 13),
    /// positions counted in the output's rank. Axes known only at run time make the output dims run-time
    /// symbols. A view. Spec: https://onnx.ai/onnx/operators/onnx__Unsqueeze.html
    /// </summary>
    internal sealed class Unsqueeze : Op<AxesPlan>
    {
        private static readonly Attr<long[]?> AxesAttr = Attr.Ints("axes").Until(11).Required();

        public override OpSchema Schema { get; } = new OpSchema("Unsqueeze", new[] { 1, 11, 13, 21, 23, 24, 25 })
            .Input("data", "T").Input("axes", "I", from: 13).Output("expanded", "T")
            .Types("T", TypeSets.Any).Types("I", TypeSets.Int64)
            .WithAttributes(AxesAttr);

        public override string Summary => "inserts size-1 axes at 'axes' (counted in the output's rank). A view.";

        protected override AxesPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            long[]? axes = c.Revision < 13 ? c.Get(AxesAttr) : c.StaticInts(1);
            if (axes == null)
            {
                var count = c.InShape(1);
                if (!c.StaticLength(count, "the number of axes")) return null;
                var dims = Enumerable.Range(0, x.Rank + (int)count[0].Value).Select(i => c.RuntimeDim(i, null)).ToList();
                c.SetOutput(0, new Shape(dims));
                return new AxesPlan(new Shape(dims), c.In(1));
            }
            int rank = x.Rank + axes.Length;
            var inserted = new HashSet<int>();
            foreach (var a in axes)
            {
                if (!c.Axis(a, rank, "axes", out int axis)) return null;
                if (!inserted.Add(axis)) return c.Reject<AxesPlan>(DiagnosticIds.UnsupportedAttribute, "axes repeats axis " + axis + ".");
            }
            var result = new List<Dim>();
            int next = 0;
            for (int i = 0; i < rank; i++) result.Add(inserted.Contains(i) ? Dim.One : x[next++]);
            var shape = new Shape(result);
            c.SetOutput(0, shape);
            return new AxesPlan(shape, null);
        }

        protected override bool Evaluate(EvalContext c, AxesPlan p) => AxesOps.Evaluate(c, p);

        protected override void Lower(LowerContext c, AxesPlan p) => AxesOps.Lower(c, p, "unsqueeze");

        protected override bool IsView(AxesPlan plan) => true;
    }

    /// <summary>
    /// ONNX Squeeze: removes the size-1 axes listed in 'axes' (an attribute before revision 13, an optional input
    /// from 13), or every axis whose dim is 1 when none are listed (a symbolic dim counts as not 1). Axes known
    /// only at run time make the output dims run-time symbols. A view. Spec: https://onnx.ai/onnx/operators/onnx__Squeeze.html
    /// </summary>
    internal sealed class Squeeze : Op<AxesPlan>
    {
        private static readonly Attr<long[]?> AxesAttr = Attr.Ints("axes").Until(11);

        public override OpSchema Schema { get; } = new OpSchema("Squeeze", new[] { 1, 11, 13, 21, 23, 24, 25 })
            .Input("data", "T").Input("axes", "I", optional: true, from: 13).Output("squeezed", "T")
            .Types("T", TypeSets.Any).Types("I", TypeSets.Int64)
            .WithAttributes(AxesAttr);

        public override string Summary => "removes size-1 axes ('axes', or every static 1 when none are given). A view.";

        protected override AxesPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            long[]? axes = c.Revision < 13 ? c.Get(AxesAttr) : c.HasInput(1) ? c.StaticInts(1) : null;
            if (axes == null && c.Revision >= 13 && c.HasInput(1))
            {
                var count = c.InShape(1);
                if (!c.StaticLength(count, "the number of axes")) return null;
                var dims = Enumerable.Range(0, x.Rank - (int)count[0].Value).Select(i => c.RuntimeDim(i, null)).ToList();
                c.SetOutput(0, new Shape(dims));
                return new AxesPlan(new Shape(dims), c.In(1));
            }
            var removed = new HashSet<int>();
            if (axes == null)
            {
                for (int i = 0; i < x.Rank; i++) if (x[i].Equals(Dim.One)) removed.Add(i);
            }
            else
                foreach (var a in axes)
                {
                    if (!c.Axis(a, x.Rank, "axes", out int axis)) return null;
                    if (!x[axis].Equals(Dim.One)) return c.Reject<AxesPlan>(DiagnosticIds.ShapeMismatch, "axis " + axis + " of " + x + " is not 1, so it cannot be squeezed.");
                    removed.Add(axis);
                }
            var shape = new Shape(x.Dims.Where((d, i) => !removed.Contains(i)));
            c.SetOutput(0, shape);
            return new AxesPlan(shape, null);
        }

        protected override bool Evaluate(EvalContext c, AxesPlan p) => AxesOps.Evaluate(c, p);

        protected override void Lower(LowerContext c, AxesPlan p) => AxesOps.Lower(c, p, "squeeze");

        protected override bool IsView(AxesPlan plan) => true;
    }

    /// <summary>What Squeeze and Unsqueeze share: the same elements in the same order.</summary>
    internal static class AxesOps
    {
        public static bool Evaluate(EvalContext c, AxesPlan p)
        {
            if (p.RuntimeAxes != null) return false;
            c.Take(0, 0, Enumerable.Range(0, (int)p.Output.ElementCount.Value).Select(i => (long)i).ToArray());
            return true;
        }

        /// <summary>Run-time axes first set the output dims ("squeeze.dims"); then the elements are the input's, in a view.</summary>
        public static void Lower(LowerContext c, AxesPlan p, string kernel)
        {
            if (p.RuntimeAxes != null)
                c.Call(kernel + ".dims").In("axes", p.RuntimeAxes).Dims("inputDims", c.InShape(0).Dims).Symbols("dims", p.Output.Dims.Select(d => d.SymbolName!)).Emit();
            c.Copy(c.In(0), c.Out(0), kernel);
        }
    }
}
