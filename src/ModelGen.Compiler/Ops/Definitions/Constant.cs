using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Constant: a tensor given by exactly one of value, value_float(s), value_int(s).
    /// Always folded: its output becomes a build-time constant, or, for a large 'value' stored as raw
    /// bytes in the file, a zero-copy view of the embedded model like any initializer.
    /// Spec: https://onnx.ai/onnx/operators/onnx__Constant.html
    /// </summary>
    internal sealed class Constant : OpDefinition
    {
        public override string OpType => "Constant";
        // Opsets 23-25 only added element types (float4, float8e8m0, int2...) that generated code does not hold; the types are checked separately.
        public override int MaxOpset => 25;
        public override IReadOnlyCollection<string> Attributes { get; } =
            new[] { "value", "value_float", "value_floats", "value_int", "value_ints", "value_string", "value_strings", "sparse_value" };

        public override void Infer(InferContext c)
        {
            if (!c.ExpectInputs(0, 0)) return;
            var present = c.Node.Attributes.Keys.ToList();
            if (present.Count != 1) { c.Fail(DiagnosticIds.UnsupportedAttribute, "exactly one value attribute must be set, found " + present.Count + "."); return; }
            TensorData? data;
            switch (present[0])
            {
                case "value": data = c.Attr.Tensor("value"); break;
                case "value_float": data = TensorData.FromFloat(new long[0], new[] { c.Attr.Float("value_float", 0) }); break;
                case "value_floats": var fs = c.Attr.Floats("value_floats") ?? new float[0]; data = TensorData.FromFloat(new long[] { fs.Length }, fs); break;
                case "value_int": data = TensorData.FromInt64(new long[0], new[] { c.Attr.Int("value_int", 0) }); break;
                case "value_ints": var xs = c.Attr.Ints("value_ints") ?? new long[0]; data = TensorData.FromInt64(new long[] { xs.Length }, xs); break;
                default: c.Fail(DiagnosticIds.UnsupportedAttribute, "attribute '" + present[0] + "' (string or sparse constants) is not supported."); return;
            }
            if (data == null) return;
            if (ElementTypes.CSharpName(data.Type) == null) { c.Fail(DiagnosticIds.UnsupportedElementType, "constant of type " + ElementTypes.OnnxName(data.Type) + " is not supported."); return; }
            var output = c.Node.Outputs[0];
            c.SetOutput(0, data.Type, data.Shape);
            if (output == null) return;
            var location = c.Node.Attributes[present[0]].TensorLocation;
            if (location != null && data.ElementCount > Import.GraphImporter.SmallTensorElements)
                output.Location = location;   // large: read in place from the embedded file
            else
                output.Data = data;
        }

        public override void Emit(EmitContext e)
        {
            // Never reached: constant folding removes every Constant node before emission.
            throw new System.InvalidOperationException("Constant nodes are folded before emission.");
        }
    }
}
