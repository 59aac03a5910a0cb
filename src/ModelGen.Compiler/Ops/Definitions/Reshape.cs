using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Reshape: same elements, new shape. The target comes from the 'shape' attribute (opsets 1-4)
    /// or the constant 'shape' input (5+); 0 copies the input dim (unless allowzero=1), -1 is inferred,
    /// symbolic dims included. A view: the planner reuses the input's buffer.
    /// Spec: https://onnx.ai/onnx/operators/onnx__Reshape.html
    /// </summary>
    internal sealed class Reshape : OpDefinition
    {
        public override string OpType => "Reshape";
        // Opsets 23-25 only added element types (float4, float8e8m0, int2...) that generated code does not hold; the types are checked separately.
        public override int MaxOpset => 25;
        public override bool IsView => true;
        public override IReadOnlyCollection<string> Attributes { get; } = new[] { "shape", "allowzero", "consumed_inputs" };

        public override bool ReadsAtRunTime(int inputIndex) => inputIndex == 0;

        public override void Infer(InferContext c)
        {
            if (!c.ExpectInputs(c.Opset >= 5 ? 2 : 1, c.Opset >= 5 ? 2 : 1) || !c.ExpectType(0, TypeSets.Any)) return;
            long[]? target = c.Opset >= 5 ? c.ConstantInts(1, "the target shape") : c.Attr.Ints("shape");
            if (target == null)
            {
                if (c.Ok) c.Fail(DiagnosticIds.UnsupportedAttribute, "the 'shape' attribute is missing.");
                return;
            }
            var shape = Resolve(c, c.InShape(0), target, c.Attr.Int("allowzero", 0) != 0);
            if (shape != null) c.SetOutput(0, c.InType(0), shape);
        }

        /// <summary>Applies ONNX's 0 and -1 rules; shared with other reshaping ops.</summary>
        public static Shape? Resolve(InferContext c, Shape input, long[] target, bool allowZero)
        {
            var dims = new Dim?[target.Length];
            int inferred = -1;
            for (int i = 0; i < target.Length; i++)
            {
                long t = target[i];
                if (t == -1)
                {
                    if (inferred >= 0) { c.Fail(DiagnosticIds.ShapeMismatch, "the target shape has more than one -1."); return null; }
                    inferred = i;
                }
                else if (t == 0 && !allowZero)
                {
                    if (i >= input.Rank) { c.Fail(DiagnosticIds.ShapeMismatch, "target dim " + i + " is 0 (copy) but the input " + input + " has no such axis."); return null; }
                    dims[i] = input[i];
                }
                else if (t < 0) { c.Fail(DiagnosticIds.ShapeMismatch, "target dim " + t + " is negative."); return null; }
                else dims[i] = Dim.Of(t);
            }
            var total = input.ElementCount;
            if (inferred >= 0)
            {
                var known = dims.Where(d => d != null).Aggregate(Dim.One, (a, b) => a * b!);
                var rest = total.TryDivide(known);
                if (rest == null) { c.Fail(DiagnosticIds.ShapeMismatch, "cannot infer the -1 in " + Text(target) + ": " + total + " elements are not a multiple of " + known + "."); return null; }
                dims[inferred] = rest;
            }
            var shape = new Shape(dims.Select(d => d!));
            if (!shape.ElementCount.Equals(total))
            {
                c.Fail(DiagnosticIds.ShapeMismatch, "cannot reshape " + input + " (" + total + " elements) to " + shape + " (" + shape.ElementCount + " elements).");
                return null;
            }
            return shape;
        }

        private static string Text(long[] t) => "[" + string.Join(",", t) + "]";

        public override TensorData[]? Fold(InferContext c)
        {
            var x = c.InData(0)!;
            return new[] { new TensorData(x.Type, c.Node.Outputs[0]!.Shape!.ToStatic(), x.Raw) };
        }

        public override void Emit(EmitContext e) => e.Line(Copy(e));

        /// <summary>The copy emitted only when the planner could not alias (the output is a graph output).</summary>
        internal static string Copy(EmitContext e) => "((global::System.ReadOnlySpan<" + e.T(0) + ">)" + e.In(0) + ").CopyTo(" + e.Out(0) + ");";
    }
}
