using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX PRelu: y = slope·x for x &lt; 0, x otherwise, the slope broadcast to X (numpy rules, which cover the
    /// unidirectional broadcast the spec asks for). Before revision 7 a 1-D slope of X's channel count is one
    /// value per channel (axis 1), as the early PyTorch exporters wrote it.
    /// Spec: https://onnx.ai/onnx/operators/onnx__PRelu.html
    /// </summary>
    internal sealed class PRelu : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("PRelu", new[] { 1, 6, 7, 9, 16 })
            .Input("X", "T").Input("slope", "T").Output("Y", "T").Types("T", TypeSets.Numeric).WithAttributes(ConsumedInputs);

        public override ScalarExpr Expression { get; } = Select(Call(ScalarFn.Less, Arg(0, "X"), 0), Arg(1, "slope") * Arg(0, "X"), Arg(0, "X"));

        protected override Shape? AlignBeforeRevision7(InferContext c, Shape x, Shape slope) =>
            slope.Rank == 1 && x.Rank >= 2 && slope.Dims[0].Equals(x.Dims[1])
                ? new Shape(new[] { slope.Dims[0] }.Concat(Enumerable.Repeat(Dim.One, x.Rank - 2)))
                : slope;
    }
}
