using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The output dims, and the shape tensor when its values are only known at run time.</summary>
    internal sealed record ExpandPlan(Shape Output, Value? RuntimeShape) : OpPlan;

    /// <summary>
    /// ONNX Expand: broadcasts the input to 'shape' (numpy rules in both directions: the output rank is the larger
    /// one and each dim the broadcast of the two). A shape known only at run time makes the output dims run-time
    /// dims. Spec: https://onnx.ai/onnx/operators/onnx__Expand.html
    /// </summary>
    internal sealed class Expand : Op<ExpandPlan>
    {
        public override OpSchema Schema { get; } = new OpSchema("Expand", new[] { 8, 13 })
            .Input("input", "T").Input("shape", "I").Output("output", "T").Types("T", TypeSets.Any).Types("I", TypeSets.Int64);

        public override string Summary => "broadcasts the input to 'shape' (numpy rules both ways); a shape known only at run time gives run-time dims.";

        protected override ExpandPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            var target = c.InDims(1);
            if (target != null && target.All(d => d.IsStatic || d.LowerBound >= 1))
            {
                var y = Broadcasting.Shape(x, new Shape(target), c);
                if (y == null) return null;
                c.SetOutput(0, y);
                return new ExpandPlan(y, null);
            }
            var len = c.InShape(1);
            if (!c.StaticLength(len, "the length of 'shape'")) return null;
            int rank = System.Math.Max(x.Rank, (int)len[0].Value);
            var output = new Shape(Enumerable.Range(0, rank).Select(i => c.RuntimeDim(i, null)));
            c.SetOutput(0, output);
            return new ExpandPlan(output, c.In(1));
        }

        protected override bool Evaluate(EvalContext c, ExpandPlan p)
        {
            if (p.RuntimeShape != null) return false;
            c.Take(0, 0, Indexing.BroadcastIndices(c.In(0).Shape!, p.Output));
            return true;
        }

        protected override void Lower(LowerContext c, ExpandPlan p)
        {
            if (p.RuntimeShape != null)
                c.Call("expand.dims").In("shape", p.RuntimeShape).Dims("inputDims", c.InShape(0).Dims).Symbols("dims", p.Output.Dims.Select(d => d.SymbolName!)).Emit();
            c.Call("expand", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0)).Dims("shape", p.Output.Dims).Dims("xStrides", Broadcasting.Strides(c.InShape(0), p.Output)).Emit();
        }
    }
}
