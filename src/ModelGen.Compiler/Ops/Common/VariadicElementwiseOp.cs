using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>A variadic elementwise node: the pairwise function, Mean's final scale, the output shape and each input's shape.</summary>
    internal sealed record VariadicPlan(BoundExpr Pair, BoundExpr? Scale, Shape Output, ValueList<Shape> Inputs) : OpPlan;

    /// <summary>
    /// Max, Min, Sum and Mean over any number of inputs (numpy broadcasting from revision 8, equal shapes before):
    /// the pairwise function folds left to right, y = f(f(x0, x1), x2)..., lowered as one elementwise call per input
    /// after the first two, each updating y in place; Mean then scales by 1/n.
    /// </summary>
    internal abstract class VariadicElementwiseOp : Op<VariadicPlan>
    {
        /// <summary>The pairwise function.</summary>
        protected abstract ScalarFn Pairwise { get; }

        /// <summary>True for Mean: the sum is divided by the input count.</summary>
        protected virtual bool IsMean => false;

        protected override VariadicPlan? Infer(InferContext c)
        {
            var shapes = Enumerable.Range(0, c.InputCount).Select(c.InShape).ToList();
            var y = shapes[0];
            for (int i = 1; i < shapes.Count; i++)
            {
                if (c.Revision < 8 && !shapes[i].Equals(shapes[0]))
                    return c.Reject<VariadicPlan>(DiagnosticIds.ShapeMismatch, "revisions before 8 do not broadcast, but the inputs are " + shapes[0] + " and " + shapes[i] + ".");
                y = Broadcasting.Shape(y, shapes[i], c)!;
                if (y == null) return null;
            }
            var t = c.InType(0);
            var pair = BoundExpr.Bind(ScalarExpr.Call(Pairwise, ScalarExpr.Arg(0, "A"), ScalarExpr.Arg(1, "B")), new[] { t, t }, _ => 0);
            var scale = IsMean ? BoundExpr.Bind(ScalarExpr.Arg(0, "X") * ScalarExpr.Const(1.0 / shapes.Count), new[] { t }, _ => 0) : null;
            c.SetOutput(0, y);
            return new VariadicPlan(pair, scale, y, shapes.ToValueList());
        }

        protected override bool Evaluate(EvalContext c, VariadicPlan p)
        {
            if (!Enumerable.Range(0, p.Inputs.Count).All(c.IsConcrete)) return false;
            var y = p.Output;
            long count = y.ElementCount.Value;
            var acc = new Scalar[count];
            for (int i = 0; i < p.Inputs.Count; i++)
            {
                var values = Elements.Read(c.Concrete(i));
                var index = Indexing.BroadcastIndices(p.Inputs[i], y);
                for (long k = 0; k < count; k++)
                    acc[k] = i == 0 ? values[index[k]] : ScalarEvaluator.Evaluate(p.Pair, new[] { acc[k], values[index[k]] });
            }
            if (p.Scale != null) for (long k = 0; k < count; k++) acc[k] = ScalarEvaluator.Evaluate(p.Scale, new[] { acc[k] });
            c.Set(0, Elements.Write(p.Pair.Type, c.OutDims(0), acc));
            return true;
        }

        protected override void Lower(LowerContext c, VariadicPlan p)
        {
            var t = c.InType(0);
            var y = c.Out(0);
            if (p.Inputs.Count == 1)
            {
                c.Copy(c.In(0), y);
                return;
            }
            var dense = Broadcasting.Strides(p.Output, p.Output);
            for (int i = 1; i < p.Inputs.Count; i++)
                c.Call("elementwise.map2", t, t, t).In("a", i == 1 ? c.In(0) : y).In("b", c.In(i)).Out("y", y).Dims("shape", p.Output.Dims)
                    .Dims("aStrides", i == 1 ? Broadcasting.Strides(p.Inputs[0], p.Output) : dense).Dims("bStrides", Broadcasting.Strides(p.Inputs[i], p.Output))
                    .Expr("function", p.Pair).Emit();
            if (p.Scale != null)
                c.Call("elementwise.map1", t, t).In("x", y).Out("y", y).Dim("count", p.Output.ElementCount).Expr("function", p.Scale).Emit();
        }
    }
}
