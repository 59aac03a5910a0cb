using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// A reshape: the output dims, and, when the target shape is only known at run time, the tensor they are
    /// read from (its dims are then run-time symbols the kernel sets).
    /// </summary>
    internal sealed record ReshapePlan(Shape Output, Value? RuntimeShape, bool AllowZero) : OpPlan;

    /// <summary>
    /// ONNX Reshape: same elements, new shape. The target comes from the 'shape' attribute (revision 1) or the
    /// 'shape' input (5+); 0 copies the input dim (unless allowzero=1), -1 is inferred. A target known at build
    /// time may hold symbolic dims (the dynamic-batch flatten); one known only at run time defines run-time dims.
    /// Always a view: the planner reuses the input's buffer. Spec: https://onnx.ai/onnx/operators/onnx__Reshape.html
    /// </summary>
    internal sealed class Reshape : Op<ReshapePlan>
    {
        private static readonly Attr<long[]?> ShapeAttr = Attr.Ints("shape").Until(4).Required();
        private static readonly Attr<long> AllowZero = Attr.Int("allowzero", 0).Since(14);
        private static readonly Attr<long[]?> ConsumedInputs = Attr.Ints("consumed_inputs").Until(4).Ignored("legacy optimisation hint");

        public override OpSchema Schema { get; } = new OpSchema("Reshape", new[] { 1, 5, 13, 14, 19, 21, 23, 24, 25 })
            .Input("data", "T").Input("shape", "I", from: 5).Output("reshaped", "T")
            .Types("T", TypeSets.Any).Types("I", TypeSets.Int64)
            .WithAttributes(ShapeAttr, AllowZero, ConsumedInputs);

        public override string Summary =>
            "same elements, new shape; 0 copies an input dim (unless allowzero=1), -1 is inferred. A target computed from symbolic dims stays an expression " +
            "of them; a target known only at run time defines run-time dims. Always a view of the input.";

        protected override ReshapePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            bool allowZero = c.Get(AllowZero) != 0;
            IReadOnlyList<Dim>? target = c.Revision < 5 ? c.Get(ShapeAttr)!.Select(Dim.Of).ToList() : c.InDims(1);
            if (target != null && target.All(t => t.IsStatic || t.LowerBound >= 1))
            {
                var shape = Resolve(c, x, target, allowZero);
                if (shape == null) return null;
                c.SetOutput(0, shape);
                return new ReshapePlan(shape, null, allowZero);
            }
            // Known only at run time: the rank is the shape tensor's length, each dim a run-time symbol.
            var length = c.InShape(1);
            if (!c.StaticLength(length, "the length of the target shape")) return null;
            var dims = Enumerable.Range(0, (int)length[0].Value).Select(i => c.RuntimeDim(i, null)).ToList();
            var output = new Shape(dims);
            c.SetOutput(0, output);
            return new ReshapePlan(output, c.In(1), allowZero);
        }

        /// <summary>Applies ONNX's 0 and -1 rules to a target of dims; shared with other reshaping ops.</summary>
        public static Shape? Resolve(InferContext c, Shape input, IReadOnlyList<Dim> target, bool allowZero)
        {
            var dims = new Dim?[target.Count];
            int inferred = -1;
            for (int i = 0; i < target.Count; i++)
            {
                var t = target[i];
                if (t.IsStatic && t.Value == -1)
                {
                    if (inferred >= 0) return c.Reject<Shape>(DiagnosticIds.ShapeMismatch, "the target shape has more than one -1.");
                    inferred = i;
                }
                else if (t.IsStatic && t.Value == 0 && !allowZero)
                {
                    if (i >= input.Rank) return c.Reject<Shape>(DiagnosticIds.ShapeMismatch, "target dim " + i + " is 0 (copy) but the input " + input + " has no such axis.");
                    dims[i] = input[i];
                }
                else if (t.IsStatic && t.Value < 0) return c.Reject<Shape>(DiagnosticIds.ShapeMismatch, "target dim " + t + " is negative.");
                else dims[i] = t;
            }
            var total = input.ElementCount;
            if (inferred >= 0)
            {
                var known = dims.Where(d => d != null).Aggregate(Dim.One, (a, b) => a * b!);
                var rest = total.TryDivide(known);
                if (rest == null) return c.Reject<Shape>(DiagnosticIds.ShapeMismatch, "cannot infer the -1 in " + Text(target) + ": " + total + " elements are not a multiple of " + known + ".");
                dims[inferred] = rest;
            }
            var shape = new Shape(dims.Select(d => d!));
            if (!shape.ElementCount.Equals(total))
                return c.Reject<Shape>(DiagnosticIds.ShapeMismatch, "cannot reshape " + input + " (" + total + " elements) to " + shape + " (" + shape.ElementCount + " elements).");
            return shape;
        }

        private static string Text(IReadOnlyList<Dim> t) => "[" + string.Join(",", t) + "]";

        protected override bool Evaluate(EvalContext c, ReshapePlan p)
        {
            if (p.RuntimeShape != null) return false;
            c.Take(0, 0, Enumerable.Range(0, (int)p.Output.ElementCount.Value).Select(i => (long)i).ToArray());
            return true;
        }

        protected override void Lower(LowerContext c, ReshapePlan p)
        {
            if (p.RuntimeShape != null)
                c.Call("reshape.dims").In("shape", p.RuntimeShape).Dims("inputDims", c.InShape(0).Dims).Bool("allowZero", p.AllowZero)
                    .Symbols("dims", p.Output.Dims.Select(d => d.SymbolName!)).Emit();
            c.Copy(c.In(0), c.Out(0), "reshape");
        }

        protected override bool IsView(ReshapePlan plan) => true;
    }
}
