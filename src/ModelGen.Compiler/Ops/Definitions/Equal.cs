using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Equal (bool inputs too). Spec: https://onnx.ai/onnx/operators/onnx__Equal.html</summary>
    internal sealed class Equal : ComparisonOp
    {
        public Equal() : base("Equal", new[] { 1, 7, 11, 13, 19 }, TypeSets.Any) { }
        public override ScalarExpr Expression { get; } = Call(ScalarFn.Equal, A, B);
    }
}
