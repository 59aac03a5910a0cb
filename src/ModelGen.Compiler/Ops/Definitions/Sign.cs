using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Sign: 1 for x &gt; 0, −1 for x &lt; 0, and x itself otherwise (0 stays 0, NaN stays NaN, as numpy.sign).
    /// Unsigned types are left out for now: the −1 literal has no unsigned form, even in a branch never taken.
    /// Spec: https://onnx.ai/onnx/operators/onnx__Sign.html
    /// </summary>
    internal sealed class Sign : ElementwiseOp
    {
        private static readonly ElementType[] SignedTypes =
            TypeSets.Float.Concat(new[] { ElementType.Int8, ElementType.Int16, ElementType.Int32, ElementType.Int64 }).ToArray();

        public override OpSchema Schema { get; } = new OpSchema("Sign", new[] { 9, 13 })
            .Input("input", "T").Output("output", "T").Types("T", SignedTypes);

        public override ScalarExpr Expression { get; } =
            Select(Call(ScalarFn.Greater, Arg(0, "input"), 0), 1, Select(Call(ScalarFn.Less, Arg(0, "input"), 0), -1, Arg(0, "input")));
    }
}
