using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The data as [outer, features], and how many indices pick from each row.</summary>
    internal sealed record ArrayFeatureExtractorPlan(Dim Outer, Dim Features) : OpPlan;

    /// <summary>
    /// ai.onnx.ml ArrayFeatureExtractor: picks, from the last axis of X, the columns that 'Y' (int64 indices, any
    /// shape, read flat) lists: Z is X's shape with the last dim replaced by the index count; a 1-D X gives one row
    /// [1, count], as ONNX Runtime and the reference do. A Gather along the last axis.
    /// Spec: https://onnx.ai/onnx/operators/onnx_aionnxml_ArrayFeatureExtractor.html
    /// </summary>
    internal sealed class ArrayFeatureExtractor : Op<ArrayFeatureExtractorPlan>
    {
        private static readonly ElementType[] Types = { ElementType.Float, ElementType.Double, ElementType.Int64, ElementType.Int32 };

        public override OpSchema Schema { get; } = new OpSchema("ArrayFeatureExtractor", new[] { 1 }, "ai.onnx.ml")
            .Input("X", "T").Input("Y", "I").Output("Z", "T").Types("T", Types).Types("I", TypeSets.Int64);

        public override string SpecUrl => "https://onnx.ai/onnx/operators/onnx_aionnxml_ArrayFeatureExtractor.html";

        public override string Summary => "the columns of X's last axis that the indices list (a Gather along it); a 1-D X gives one row.";

        protected override ArrayFeatureExtractorPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank == 0) return c.Reject<ArrayFeatureExtractorPlan>(Diagnostics.DiagnosticIds.ShapeMismatch, "X is a scalar; it needs an axis to pick from.");
            var count = c.InShape(1).ElementCount;
            var dims = x.Rank == 1 ? new[] { Dim.One, count } : x.Dims.Take(x.Rank - 1).Append(count).ToArray();
            c.SetOutput(0, new Shape(dims));
            return new ArrayFeatureExtractorPlan(x.Product(0, x.Rank - 1), x[x.Rank - 1]);
        }

        protected override void Lower(LowerContext c, ArrayFeatureExtractorPlan p) =>
            c.Call("gather", c.InType(0), c.InType(1)).In("data", c.In(0)).In("indices", c.In(1)).Out("y", c.Out(0))
                .Dim("outer", p.Outer).Dim("axisLength", p.Features).Dim("inner", Dim.One).Emit();
    }
}
