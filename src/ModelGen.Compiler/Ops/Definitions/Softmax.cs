using System.Collections.Generic;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Softmax. Opsets 1-12 coerce the input to 2-D at 'axis' (default 1) and normalise over
    /// everything from that axis on; opset 13 normalises along the single 'axis' (default -1).
    /// Spec: https://onnx.ai/onnx/operators/onnx__Softmax.html
    /// </summary>
    internal sealed class Softmax : OpDefinition
    {
        public override string OpType => "Softmax";
        public override int MaxOpset => 13;
        public override IReadOnlyCollection<string> Attributes { get; } = new[] { "axis" };

        public override void Infer(InferContext c)
        {
            if (!c.ExpectInputs(1, 1) || !c.ExpectType(0, TypeSets.Float)) return;
            var x = c.InShape(0);
            if (!c.Axis(c.Attr.Int("axis", c.Opset >= 13 ? -1 : 1), System.Math.Max(x.Rank, 1), "axis", out int axis)) return;
            c.State = axis;
            c.SetOutput(0, c.InType(0), x);
        }

        public override void Emit(EmitContext e)
        {
            var x = e.InShape(0);
            int axis = (int)e.State!;
            Dim outer = x.Product(0, axis);
            Dim length = e.Node.OpsetVersion >= 13 ? (x.Rank == 0 ? Dim.One : x[axis]) : x.Product(axis, x.Rank);
            Dim inner = e.Node.OpsetVersion >= 13 ? x.Product(axis + 1, x.Rank) : Dim.One;
            e.Line(EmitContext.Kernel("Softmax") + ".Run<" + e.T(0) + ">(" + e.In(0) + ", " + e.Out(0) + ", " + e.Dim(outer) + ", " + e.Dim(length) + ", " + e.Dim(inner) + ");");
        }
    }
}
