using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Min: y = the elementwise minimum of the inputs (NaN propagates), with broadcasting from revision 8. Spec: https://onnx.ai/onnx/operators/onnx__Min.html</summary>
    internal sealed class Min : VariadicElementwiseOp
    {
        private static readonly Attr<long[]?> ConsumedInputs = Attr.Ints("consumed_inputs").Until(1).Ignored("legacy optimisation hint");

        public override OpSchema Schema { get; } = new OpSchema("Min", new[] { 1, 6, 8, 12, 13 })
            .Input("data_0", "T", variadic: true).Output("min", "T").Types("T", TypeSets.Numeric).WithAttributes(ConsumedInputs);

        public override string Summary => "y = the elementwise minimum of the inputs (NaN propagates), with broadcasting from revision 8.";

        protected override ScalarFn Pairwise => ScalarFn.Min;
    }
}
