using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Concat: joins inputs along 'axis'; other dims must agree. Spec: https://onnx.ai/onnx/operators/onnx__Concat.html</summary>
    internal sealed class Concat : OpDefinition
    {
        public override string OpType => "Concat";
        public override int MaxOpset => 13;
        public override IReadOnlyCollection<string> Attributes { get; } = new[] { "axis" };

        public override void Infer(InferContext c)
        {
            if (!c.ExpectInputs(1, int.MaxValue) || !c.ExpectType(0, TypeSets.Any)) return;
            var first = c.InShape(0);
            // Opset 1 defaulted axis to 1; from 4 it is required.
            if (c.Opset >= 4 && !c.Attr.Has("axis")) { c.Fail(DiagnosticIds.UnsupportedAttribute, "the required attribute 'axis' is missing."); return; }
            if (!c.Axis(c.Attr.Int("axis", 1), System.Math.Max(first.Rank, 1), "axis", out int axis)) return;
            Dim total = Dim.Zero;
            for (int i = 0; i < c.InputCount; i++)
            {
                if (!c.HasInput(i)) { c.Fail(DiagnosticIds.InvalidGraph, "input " + i + " is empty."); return; }
                if (!c.ExpectSameType(0, i)) return;
                var s = c.InShape(i);
                if (s.Rank != first.Rank || Enumerable.Range(0, s.Rank).Any(d => d != axis && !s[d].Equals(first[d])))
                {
                    c.Fail(DiagnosticIds.ShapeMismatch, "input " + s + " does not match " + first + " outside axis " + axis + ".");
                    return;
                }
                total += s[axis];
            }
            c.State = axis;
            c.SetOutput(0, c.InType(0), new Shape(first.Dims.Select((d, i) => i == axis ? total : d)));
        }

        public override TensorData[]? Fold(InferContext c)
        {
            int axis = (int)c.State!;
            var y = c.Node.Outputs[0]!.Shape!;
            long outer = y.Product(0, axis).Value, inner = y.Product(axis + 1, y.Rank).Value;
            int size = ElementTypes.SizeOf(c.InType(0));
            var raw = new byte[y.ElementCount.Value * size];
            long offset = 0;
            long dstBlock = y[axis].Value * inner * size;
            for (int i = 0; i < c.InputCount; i++)
            {
                var d = c.InData(i)!;
                long block = d.Dims[axis] * inner * size;
                for (long o = 0; o < outer; o++) System.Buffer.BlockCopy(d.Raw, (int)(o * block), raw, (int)(o * dstBlock + offset), (int)block);
                offset += block;
            }
            return new[] { new TensorData(c.InType(0), y.ToStatic(), raw) };
        }

        public override void Emit(EmitContext e)
        {
            int axis = (int)e.State!;
            var y = e.OutShape(0);
            Dim outer = y.Product(0, axis), inner = y.Product(axis + 1, y.Rank);
            Dim offset = Dim.Zero;
            for (int i = 0; i < e.Node.Inputs.Count; i++)
            {
                Dim block = e.InShape(i)[axis] * inner;
                e.Line(EmitContext.Kernel("Concat") + ".CopyBlock<" + e.T(0) + ">(" + e.In(i) + ", " + e.Out(0) + ", " + e.Dim(outer) + ", " + e.Dim(block) + ", " +
                       e.Dim(y[axis] * inner) + ", " + e.Dim(offset) + ");");
                offset += block;
            }
        }
    }
}
