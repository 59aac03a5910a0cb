using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Constant: a tensor given by exactly one of value, value_float(s), value_int(s). Always folded: its
    /// output becomes a build-time constant, or, for a large 'value' stored as raw bytes in the file, a zero-copy
    /// view of the embedded model like any initializer. Spec: https://onnx.ai/onnx/operators/onnx__Constant.html
    /// </summary>
    internal sealed class Constant : Op<EmptyPlan>
    {
        private static readonly Attr<TensorData?> ValueAttr = Attr.Tensor("value");
        private static readonly Attr<float> ValueFloat = Attr.Float("value_float", 0).Since(12);
        private static readonly Attr<float[]?> ValueFloats = Attr.Floats("value_floats").Since(12);
        private static readonly Attr<long> ValueInt = Attr.Int("value_int", 0).Since(12);
        private static readonly Attr<long[]?> ValueInts = Attr.Ints("value_ints").Since(12);
        private static readonly Attr<string> ValueString = Attr.String("value_string", "").Since(12);
        private static readonly Attr<TensorData?> SparseValue = Attr.Tensor("sparse_value").Since(11);

        public override OpSchema Schema { get; } = new OpSchema("Constant", new[] { 1, 9, 11, 12, 13, 19, 21, 23, 24, 25 })
            .Output("output", "T").Types("T", TypeSets.Any)
            .WithAttributes(ValueAttr, ValueFloat, ValueFloats, ValueInt, ValueInts, ValueString, SparseValue);

        public override string Summary =>
            "a tensor given by value, value_float(s) or value_int(s); always folded to a build-time constant, or a zero-copy view of a large tensor in the file.";

        protected override EmptyPlan? Infer(InferContext c)
        {
            var present = c.Node.Attributes.Keys.ToList();
            if (present.Count != 1) return c.Reject<EmptyPlan>(DiagnosticIds.UnsupportedAttribute, "exactly one value attribute must be set, found " + present.Count + ".");
            TensorData? data;
            switch (present[0])
            {
                case "value":
                    data = c.Get(ValueAttr);
                    if (data == null)
                    {
                        // A declared size no span can hold is MG0301, found from the dims alone: nothing was allocated.
                        string? error = c.Node.Attributes["value"].TensorError;
                        if (error != null && error.StartsWith(Reading.TensorDecoder.TooLargePrefix, System.StringComparison.Ordinal))
                            return c.Reject<EmptyPlan>(DiagnosticIds.TensorTooLarge, "attribute 'value' declares a tensor of " + error.Substring(Reading.TensorDecoder.TooLargePrefix.Length) + ".");
                        return c.Reject<EmptyPlan>(DiagnosticIds.UnsupportedAttribute, "attribute 'value' holds a tensor that cannot be decoded (unsupported type or external data).");
                    }
                    break;
                case "value_float": data = TensorData.FromFloat(new long[0], new[] { c.Get(ValueFloat) }); break;
                case "value_floats": var fs = c.Get(ValueFloats)!; data = TensorData.FromFloat(new long[] { fs.Length }, fs); break;
                case "value_int": data = TensorData.FromInt64(new long[0], new[] { c.Get(ValueInt) }); break;
                case "value_ints": var xs = c.Get(ValueInts)!; data = TensorData.FromInt64(new long[] { xs.Length }, xs); break;
                default: return c.Reject<EmptyPlan>(DiagnosticIds.UnsupportedAttribute, "attribute '" + present[0] + "' (string or sparse constants) is not supported.");
            }
            if (ElementTypes.CSharpName(data.Type) == null || data.Type == ElementType.String)
                return c.Reject<EmptyPlan>(DiagnosticIds.UnsupportedElementType, "the constant has element type " + ElementTypes.OnnxName(data.Type) + ", which is not supported.");
            c.SetOutput(0, data.Type, data.Shape);
            var output = c.Node.Output(0);
            if (output == null) return EmptyPlan.Instance;
            var location = c.Node.Attributes[present[0]].TensorLocation;
            if (location != null && data.ElementCount > Import.GraphImporter.SmallTensorElements)
                output.Location = location;   // large: read in place from the embedded file
            else
                output.Data = data;
            return EmptyPlan.Instance;
        }

        protected override bool Evaluate(EvalContext c, EmptyPlan p) => c.Node.Output(0)?.Data != null;

        // Never reached: constant folding removes every Constant node before lowering.
        protected override void Lower(LowerContext c, EmptyPlan p) =>
            throw new System.InvalidOperationException("Constant nodes are folded before lowering.");
    }
}
