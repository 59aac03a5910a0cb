using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>The input viewed as [outer, length, inner]; the kernel works along the middle axis.</summary>
    internal sealed record SoftmaxPlan(Dim Outer, Dim Length, Dim Inner) : OpPlan;

    /// <summary>
    /// What Softmax, LogSoftmax and Hardmax share: revisions 1 and 11 coerce the input to 2-D at 'axis' (default 1)
    /// and work over everything from that axis on; revision 13 works along the single 'axis' (default -1). Both
    /// views are [outer, length, inner] (inner = 1 for the coerced form), so one kernel signature serves all three.
    /// </summary>
    internal abstract class SoftmaxFamilyOp : Op<SoftmaxPlan>
    {
        private static readonly Attr<long> AxisOld = Attr.Int("axis", 1).Until(11);
        private static readonly Attr<long> Axis = Attr.Int("axis", -1).Since(13);

        private readonly string _kernel;

        /// <param name="opType">The ONNX op type.</param>
        /// <param name="kernel">The kernel id that runs the op over the plan's view.</param>
        protected SoftmaxFamilyOp(string opType, string kernel)
        {
            _kernel = kernel;
            Schema = new OpSchema(opType, new[] { 1, 11, 13 })
                .Input("input", "T").Output("output", "T").Types("T", TypeSets.Float).WithAttributes(AxisOld, Axis);
        }

        public sealed override OpSchema Schema { get; }

        protected sealed override SoftmaxPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (!c.Axis(c.Revision >= 13 ? c.Get(Axis) : c.Get(AxisOld), System.Math.Max(x.Rank, 1), "axis", out int axis)) return null;
            c.SetOutput(0, x);
            Dim outer = x.Product(0, axis);
            if (c.Revision >= 13) return new SoftmaxPlan(outer, x.Rank == 0 ? Dim.One : x[axis], x.Product(axis + 1, x.Rank));
            return new SoftmaxPlan(outer, x.Product(axis, x.Rank), Dim.One);
        }

        // float16 runs in float: a float16 sum of exponentials rounds at every add, and ONNX's reference rounds once.
        protected sealed override void Lower(LowerContext c, SoftmaxPlan p)
        {
            if (!HalfInFloat.TryLower(c, (ins, outs) => Lower(c, p, ins[0]!, outs[0]!))) Lower(c, p, c.In(0), c.Out(0));
        }

        private void Lower(LowerContext c, SoftmaxPlan p, Value x, Value y) =>
            c.Call(_kernel, x.Type).In("x", x).Out("y", y).Dim("outer", p.Outer).Dim("axisLength", p.Length).Dim("inner", p.Inner).Emit();
    }
}
