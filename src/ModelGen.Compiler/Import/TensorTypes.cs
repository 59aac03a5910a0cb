using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading.Proto;

namespace ModelGen.Compiler.Import
{
    /// <summary>Reads a ValueInfoProto's declared tensor type (element type and shape) into a <see cref="Value"/>, reporting what generated code cannot hold.</summary>
    internal static class TensorTypes
    {
        public enum Role { GraphInput, GraphOutput, BodyInput, BodyOutput }

        public static bool Read(ValueInfoProto vi, Value v, CompileOptions options, ProblemBag problems, Role role)
        {
            bool body = role == Role.BodyInput || role == Role.BodyOutput;
            string what = role == Role.GraphInput ? "Graph input" : role == Role.GraphOutput ? "Graph output" : role == Role.BodyInput ? "Body input" : "Body output";
            if (vi.Type == null || vi.Type.ValueCase != TypeProto.ValueOneofCase.TensorType)
            {
                // Outputs, and the inputs of bodies (their owner decides them), may leave their type to inference.
                if (vi.Type == null && role != Role.GraphInput) return true;
                problems.Add(DiagnosticIds.UnsupportedValueType, what + " '" + vi.Name + "' is a " + (vi.Type?.ValueCase.ToString() ?? "value with no type") + "; only tensors are supported.");
                return false;
            }
            var tt = vi.Type.TensorType;
            v.Type = (ElementType)tt.ElemType;
            if (v.Type == ElementType.Undefined && body) return true;
            if (ElementTypes.CSharpName(v.Type) == null)
            {
                problems.Add(DiagnosticIds.UnsupportedElementType, what + " '" + vi.Name + "' has element type " + ElementTypes.OnnxName(v.Type) + ", which is not supported.");
                return false;
            }
            if (role != Role.GraphInput) return true; // shapes of outputs and body inputs come from inference
            if (tt.Shape == null)
            {
                problems.Add(DiagnosticIds.UnknownInputShape, "Graph input '" + vi.Name + "' declares no shape.");
                return false;
            }
            var dims = new List<Dim>();
            for (int axis = 0; axis < tt.Shape.Dim.Count; axis++)
            {
                var d = tt.Shape.Dim[axis];
                if (d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue >= 0)
                    dims.Add(Dim.Of(d.DimValue));
                else
                {
                    // An unnamed unknown dim gets a stable name so it can be pinned or passed like any other.
                    string name = d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam && d.DimParam.Length > 0
                        ? d.DimParam : vi.Name + "_dim" + axis;
                    dims.Add(options.DimBindings.TryGetValue(name, out long pinned) ? Dim.Of(pinned) : Dim.Symbol(DimText.SanitizeSymbol(name)));
                }
            }
            if (!Shape.FitsInSpan(dims.Where(d => d.IsStatic).Select(d => d.Value), ElementTypes.SizeOf(v.Type)))
            {
                // Refused here: shape arithmetic on such dims overflows, and a caller could not pass the tensor anyway.
                long? count = Reading.TensorDecoder.ElementCount(dims.Where(d => d.IsStatic).Select(d => d.Value));
                problems.Add(DiagnosticIds.TensorTooLarge, what + " '" + vi.Name + "' declares " + new Shape(dims) + " " + ElementTypes.OnnxName(v.Type) + " (" +
                    (count == null ? "more than 2^63" : count.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)) + " elements), over 2 GB (2^31-1 bytes).");
                return false;
            }
            v.Shape = new Shape(dims);
            return true;
        }
    }
}
