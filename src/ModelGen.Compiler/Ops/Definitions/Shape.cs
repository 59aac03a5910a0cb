using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Shape: the input's dims as int64, optionally sliced by start/end (opset 15). Folded when
    /// the dims are static; with symbolic dims the values are written at run time from the bound dims.
    /// Spec: https://onnx.ai/onnx/operators/onnx__Shape.html
    /// </summary>
    internal sealed class ShapeOp : OpDefinition
    {
        public override string OpType => "Shape";
        // Opsets 23-25 only added element types (float4, float8e8m0, int2...) that generated code does not hold; the types are checked separately.
        public override int MaxOpset => 25;
        public override IReadOnlyCollection<string> Attributes { get; } = new[] { "start", "end" };

        public override void Infer(InferContext c)
        {
            if (!c.ExpectInputs(1, 1)) return;
            var x = c.InShape(0);
            int Clamp(long v) => (int)System.Math.Max(0, System.Math.Min(x.Rank, v < 0 ? v + x.Rank : v));
            int start = Clamp(c.Attr.Int("start", 0)), end = Clamp(c.Attr.Int("end", x.Rank));
            var dims = x.Dims.Skip(start).Take(System.Math.Max(0, end - start)).ToList();
            c.State = dims;
            c.SetOutput(0, ElementType.Int64, Ir.Shape.Of(dims.Count));
            if (dims.All(d => d.IsStatic) && c.Node.Outputs[0] != null)
                c.Node.Outputs[0]!.Data = TensorData.FromInt64(new long[] { dims.Count }, dims.Select(d => d.Value).ToArray());
        }

        public override void Emit(EmitContext e)
        {
            var dims = (List<Dim>)e.State!;
            e.Line("{");
            e.Line("    var shape = " + e.Out(0) + ";");
            for (int i = 0; i < dims.Count; i++) e.Line("    shape[" + i + "] = " + e.Dim(dims[i]) + ";");
            e.Line("}");
        }
    }
}
