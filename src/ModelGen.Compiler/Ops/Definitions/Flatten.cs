using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Flatten: [d0..d(axis-1), d(axis)..] → [d0·…·d(axis-1), d(axis)·…] (axis from 0 to the rank; negative from
    /// revision 11). Symbolic dims stay expressions. A view. Spec: https://onnx.ai/onnx/operators/onnx__Flatten.html
    /// </summary>
    internal sealed class Flatten : Op<ReshapePlan>
    {
        private static readonly Attr<long> Axis = Attr.Int("axis", 1);

        public override OpSchema Schema { get; } = new OpSchema("Flatten", new[] { 1, 9, 11, 13, 21, 23, 24, 25 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Any).WithAttributes(Axis);

        public override string Summary => "[d0..d(axis-1), d(axis)..] → [their product, the rest's product]; symbolic dims stay expressions. A view.";

        protected override ReshapePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            long axis = c.Get(Axis);
            if (axis < 0) axis += x.Rank;
            if (axis < 0 || axis > x.Rank) return c.Reject<ReshapePlan>(DiagnosticIds.UnsupportedAttribute, "axis=" + c.Get(Axis) + " is out of range for rank " + x.Rank + ".");
            var y = new Shape(new[] { x.Product(0, (int)axis), x.Product((int)axis, x.Rank) });
            c.SetOutput(0, y);
            return new ReshapePlan(y, null, false);
        }

        protected override bool Evaluate(EvalContext c, ReshapePlan p)
        {
            c.Take(0, 0, Enumerable.Range(0, (int)p.Output.ElementCount.Value).Select(i => (long)i).ToArray());
            return true;
        }

        protected override void Lower(LowerContext c, ReshapePlan p) => c.Copy(c.In(0), c.Out(0), "reshape");

        protected override bool IsView(ReshapePlan plan) => true;
    }
}
