using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Unsqueeze: inserts size-1 axes at 'axes' (an attribute before opset 13, a constant input
    /// from 13), positions counted in the output's rank. A view. Spec: https://onnx.ai/onnx/operators/onnx__Unsqueeze.html
    /// </summary>
    internal sealed class Unsqueeze : OpDefinition
    {
        public override string OpType => "Unsqueeze";
        // Opsets 23-25 only added element types (float4, float8e8m0, int2...) that generated code does not hold; the types are checked separately.
        public override int MaxOpset => 25;
        public override bool IsView => true;
        public override IReadOnlyCollection<string> Attributes { get; } = new[] { "axes" };

        public override bool ReadsAtRunTime(int inputIndex) => inputIndex == 0;

        public override void Infer(InferContext c)
        {
            int inputs = c.Opset >= 13 ? 2 : 1;
            if (!c.ExpectInputs(inputs, inputs) || !c.ExpectType(0, TypeSets.Any)) return;
            long[]? axes = c.Opset >= 13 ? c.ConstantInts(1, "axes") : c.Attr.Ints("axes");
            if (axes == null)
            {
                if (c.Ok) c.Fail(DiagnosticIds.UnsupportedAttribute, "the required 'axes' attribute is missing.");
                return;
            }
            var x = c.InShape(0);
            int rank = x.Rank + axes.Length;
            var inserted = new HashSet<int>();
            foreach (var a in axes)
            {
                if (!c.Axis(a, rank, "axes", out int axis)) return;
                if (!inserted.Add(axis)) { c.Fail(DiagnosticIds.UnsupportedAttribute, "axes repeats axis " + axis + "."); return; }
            }
            var dims = new List<Dim>();
            int next = 0;
            for (int i = 0; i < rank; i++) dims.Add(inserted.Contains(i) ? Dim.One : x[next++]);
            c.SetOutput(0, c.InType(0), new Shape(dims));
        }

        public override TensorData[]? Fold(InferContext c)
        {
            var x = c.InData(0)!;
            return new[] { new TensorData(x.Type, c.Node.Outputs[0]!.Shape!.ToStatic(), x.Raw) };
        }

        public override void Emit(EmitContext e) => e.Line(Reshape.Copy(e));
    }
}
