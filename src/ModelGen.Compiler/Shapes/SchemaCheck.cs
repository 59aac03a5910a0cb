using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Shapes
{
    /// <summary>
    /// The part of inference the schema decides for every op alike: the input count for the revision, required
    /// inputs present, each input's element type allowed by its constraint and equal across inputs that share
    /// a constraint, and the output types those constraints then fix.
    /// </summary>
    internal static class SchemaCheck
    {
        public static bool Check(InferContext c, OpSchema schema, bool bfloat16AsFloat16 = false)
        {
            var inputs = schema.InputsAt(c.Revision).ToList();
            int n = c.InputCount;
            bool variadic = inputs.Count > 0 && inputs[inputs.Count - 1].IsVariadic;
            int min = inputs.Count(p => !p.IsOptional);
            int max = variadic ? int.MaxValue : inputs.Count;
            if (n < min || n > max)
                return c.Fail(DiagnosticIds.InvalidGraph, "expects " + (min == max ? min.ToString(System.Globalization.CultureInfo.InvariantCulture) : max == int.MaxValue ? min + " or more" : min + " to " + max) + " inputs but has " + n + ".");
            // Trailing omitted inputs do not count, except in a variadic list, where every entry is required:
            // Concat(x, "") reached Concat.Evaluate with a null input (found by fuzzing).
            if (variadic && c.Node.Inputs.Count > System.Math.Max(n, inputs.Count - 1))
                return c.Fail(DiagnosticIds.InvalidGraph, "required input " + System.Math.Max(n, inputs.Count - 1) + " ('" + inputs[inputs.Count - 1].Name + "') is empty.");
            var bound = new Dictionary<string, (ElementType Type, string Input)>(System.StringComparer.Ordinal);
            for (int i = 0; i < n; i++)
            {
                var spec = i < inputs.Count ? inputs[i] : inputs[inputs.Count - 1];
                if (!c.HasInput(i))
                {
                    if (!spec.IsOptional || spec.IsVariadic) return c.Fail(DiagnosticIds.InvalidGraph, "required input " + i + " ('" + spec.Name + "') is empty.");
                    continue;
                }
                var t = c.InType(i);
                if (schema.TypeConstraints.TryGetValue(spec.Constraint, out var allowed) && !allowed.Contains(t)
                    && !(bfloat16AsFloat16 && t == ElementType.BFloat16 && allowed.Contains(ElementType.Float16)))
                    return c.Fail(DiagnosticIds.UnsupportedElementType, "input '" + c.In(i).Name + "' has element type " + ElementTypes.OnnxName(t) +
                        ", which this op does not support (supported: " + string.Join(", ", allowed.Select(ElementTypes.OnnxName)) + ").");
                if (spec.IsHeterogeneous) continue;
                if (bound.TryGetValue(spec.Constraint, out var first) && first.Type != t)
                    return c.Fail(DiagnosticIds.InvalidGraph, "inputs '" + first.Input + "' (" + ElementTypes.OnnxName(first.Type) + ") and '" + c.In(i).Name + "' (" +
                        ElementTypes.OnnxName(t) + ") must have the same element type.");
                bound[spec.Constraint] = (t, c.In(i).Name);
            }
            var outputs = schema.OutputsAt(c.Revision).ToList();
            bool variadicOut = outputs.Count > 0 && outputs[outputs.Count - 1].IsVariadic;
            if (!variadicOut && c.Node.Outputs.Count > outputs.Count)
                return c.Fail(DiagnosticIds.InvalidGraph, "has " + c.Node.Outputs.Count + " outputs; " + c.Node.OpType + "-" + c.Revision + " has at most " + outputs.Count + ".");
            // Required outputs must be named, as ONNX's checker demands: a TopK that names only 'Values' reached the
            // lowering, which writes 'Indices' too (found by the mutation campaign, Squeeze turned into TopK).
            for (int o = 0; o < outputs.Count; o++)
            {
                if (outputs[o].IsOptional) continue;
                if (o >= c.Node.Outputs.Count || c.Node.Outputs[o] == null)
                    return c.Fail(DiagnosticIds.InvalidGraph, "required output " + o + " ('" + outputs[o].Name + "') of " + c.Node.OpType + "-" + c.Revision +
                        (o >= c.Node.Outputs.Count ? " is missing: the node has " + c.Node.Outputs.Count + " output" + (c.Node.Outputs.Count == 1 ? "" : "s") + "." : " is empty."));
            }
            for (int o = 0; o < c.Node.Outputs.Count && outputs.Count > 0; o++)
            {
                var spec = o < outputs.Count ? outputs[o] : outputs[outputs.Count - 1];
                var v = c.Node.Outputs[o];
                if (v == null || spec.IsHeterogeneous) continue;
                if (bound.TryGetValue(spec.Constraint, out var b)) v.Type = b.Type;
                else if (schema.TypeConstraints.TryGetValue(spec.Constraint, out var allowed) && allowed.Count == 1) v.Type = allowed.First();
            }
            return true;
        }
    }
}
