using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Less. Spec: https://onnx.ai/onnx/operators/onnx__Less.html</summary>
    internal sealed class Less : ComparisonOp
    {
        public Less() : base("Less", new[] { 1, 7, 9, 13 }, TypeSets.Numeric) { }
        public override ScalarExpr Expression { get; } = Call(ScalarFn.Less, A, B);
    }
}
