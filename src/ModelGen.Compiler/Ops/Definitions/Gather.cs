using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Gather: picks slices of 'data' along 'axis' by int32/int64 'indices' (negative counts from
    /// the end); output shape is data[:axis] + indices + data[axis+1:]. Spec: https://onnx.ai/onnx/operators/onnx__Gather.html
    /// </summary>
    internal sealed class Gather : OpDefinition
    {
        public override string OpType => "Gather";
        public override int MaxOpset => 13;
        public override IReadOnlyCollection<string> Attributes { get; } = new[] { "axis" };

        public override void Infer(InferContext c)
        {
            if (!c.ExpectInputs(2, 2) || !c.ExpectType(0, TypeSets.Any) || !c.ExpectType(1, TypeSets.Indices)) return;
            var data = c.InShape(0);
            var indices = c.InShape(1);
            if (!c.Axis(c.Attr.Int("axis", 0), data.Rank, "axis", out int axis)) return;
            var known = c.InData(1);
            if (known != null && data[axis].IsStatic)
            {
                long n = data[axis].Value;
                var bad = known.AsInt64().FirstOrDefault(i => i < -n || i >= n);
                if (known.AsInt64().Any(i => i < -n || i >= n)) { c.Fail(DiagnosticIds.ShapeMismatch, "index " + bad + " is out of range for axis " + axis + " of size " + n + "."); return; }
            }
            c.State = axis;
            c.SetOutput(0, c.InType(0), new Ir.Shape(data.Dims.Take(axis).Concat(indices.Dims).Concat(data.Dims.Skip(axis + 1))));
        }

        public override TensorData[]? Fold(InferContext c)
        {
            int axis = (int)c.State!;
            var data = c.InData(0)!;
            var idx = c.InData(1)!.AsInt64();
            long outer = data.Dims.Take(axis).Aggregate(1L, (a, b) => a * b), n = data.Dims[axis], inner = data.Dims.Skip(axis + 1).Aggregate(1L, (a, b) => a * b);
            var picks = new List<long>();
            for (long o = 0; o < outer; o++)
                foreach (var i in idx)
                    for (long k = 0; k < inner; k++) picks.Add((o * n + (i < 0 ? i + n : i)) * inner + k);
            return new[] { Common.Indexing.Take(data, c.Node.Outputs[0]!.Shape!.ToStatic(), picks.ToArray()) };
        }

        public override void Emit(EmitContext e)
        {
            int axis = (int)e.State!;
            var data = e.InShape(0);
            e.Line(EmitContext.Kernel("Gather") + ".Run<" + e.T(0) + ">(" + e.In(0) + ", " + e.In(1) + ", " + e.Out(0) + ", " +
                   e.Dim(data.Product(0, axis)) + ", " + e.Dim(data[axis]) + ", " + e.Dim(data.Product(axis + 1, data.Rank)) + ");");
        }
    }
}
