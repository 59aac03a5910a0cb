using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>Softmax over [outer, length, inner] views of the input.</summary>
    internal sealed record SoftmaxPlan(Dim Outer, Dim Length, Dim Inner) : OpPlan;

    /// <summary>
    /// ONNX Softmax. Revisions 1 and 11 coerce the input to 2-D at 'axis' (default 1) and normalise over everything
    /// from that axis on; revision 13 normalises along the single 'axis' (default -1). Spec: https://onnx.ai/onnx/operators/onnx__Softmax.html
    /// </summary>
    internal sealed class Softmax : Op<SoftmaxPlan>
    {
        private static readonly Attr<long> AxisOld = Attr.Int("axis", 1).Until(11);
        private static readonly Attr<long> Axis = Attr.Int("axis", -1).Since(13);

        public override OpSchema Schema { get; } = new OpSchema("Softmax", new[] { 1, 11, 13 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Float).WithAttributes(AxisOld, Axis);

        public override string Summary => "revisions 1 and 11 normalise everything from 'axis' on (default 1); revision 13 normalises along 'axis' (default -1).";

        protected override SoftmaxPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (!c.Axis(c.Revision >= 13 ? c.Get(Axis) : c.Get(AxisOld), System.Math.Max(x.Rank, 1), "axis", out int axis)) return null;
            c.SetOutput(0, x);
            Dim outer = x.Product(0, axis);
            if (c.Revision >= 13) return new SoftmaxPlan(outer, x.Rank == 0 ? Dim.One : x[axis], x.Product(axis + 1, x.Rank));
            return new SoftmaxPlan(outer, x.Product(axis, x.Rank), Dim.One);
        }

        protected override void Lower(LowerContext c, SoftmaxPlan p)
        {
            if (!HalfInFloat.TryLower(c, (ins, outs) => Lower(c, p, ins[0]!, outs[0]!))) Lower(c, p, c.In(0), c.Out(0));
        }

        private static void Lower(LowerContext c, SoftmaxPlan p, Value x, Value y) =>
            c.Call("softmax", x.Type).In("x", x).Out("y", y).Dim("outer", p.Outer).Dim("axisLength", p.Length).Dim("inner", p.Inner).Emit();
    }
}
