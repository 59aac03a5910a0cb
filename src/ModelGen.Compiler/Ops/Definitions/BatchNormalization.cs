using System.Collections.Generic;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX BatchNormalization, inference form: y = scale·(x − mean)/√(var + ε) + B per channel.
    /// Training mode (training_mode=1, or the running-statistics outputs being read) and the
    /// per-activation form (spatial=0, opsets before 9) are reported, not approximated.
    /// Spec: https://onnx.ai/onnx/operators/onnx__BatchNormalization.html
    /// </summary>
    internal sealed class BatchNormalization : OpDefinition
    {
        public override string OpType => "BatchNormalization";
        public override int MaxOpset => 15;
        public override IReadOnlyCollection<string> Attributes { get; } = new[] { "epsilon", "momentum", "training_mode", "spatial", "is_test", "consumed_inputs" };

        public override void Infer(InferContext c)
        {
            if (!c.ExpectInputs(5, 5) || !c.ExpectType(0, TypeSets.Float)) return;
            if (c.Attr.Int("training_mode", 0) != 0) { c.Fail(DiagnosticIds.UnsupportedAttribute, "training_mode=1 is not supported; ModelGen compiles inference."); return; }
            if (c.Attr.Int("spatial", 1) == 0) { c.Fail(DiagnosticIds.UnsupportedAttribute, "spatial=0 (per-activation statistics) is not supported."); return; }
            for (int i = 1; i < c.Node.Outputs.Count; i++)
                if (c.Node.Outputs[i] != null && (c.Node.Outputs[i]!.Consumers.Count > 0 || c.Node.Outputs[i]!.IsGraphOutput))
                {
                    c.Fail(DiagnosticIds.UnsupportedAttribute, "output " + i + " (running statistics) is only defined in training mode.");
                    return;
                }
            var x = c.InShape(0);
            if (x.Rank < 2) { c.Fail(DiagnosticIds.ShapeMismatch, "input " + x + " needs a channel axis."); return; }
            for (int i = 1; i < 5; i++)
            {
                if (!c.ExpectSameType(0, i)) return;
                if (!c.InShape(i).Equals(new Shape(new[] { x[1] }))) { c.Fail(DiagnosticIds.ShapeMismatch, "input '" + c.In(i).Name + "' " + c.InShape(i) + " must be [" + x[1] + "]."); return; }
            }
            c.SetOutput(0, c.InType(0), x);
            // Unread extra outputs of old opsets get the per-channel shape so planning can skip them cleanly.
            for (int i = 1; i < c.Node.Outputs.Count; i++) c.SetOutput(i, c.InType(0), new Shape(new[] { x[1] }));
        }

        public override void Emit(EmitContext e)
        {
            var x = e.InShape(0);
            float epsilon = e.Node.Attributes.TryGetValue("epsilon", out var eps) ? eps.Float : 1e-5f;
            e.Line(EmitContext.Kernel("BatchNormalization") + ".Run<" + e.T(0) + ">(" + e.In(0) + ", " + e.In(1) + ", " + e.In(2) + ", " + e.In(3) + ", " + e.In(4) + ", " + e.Out(0) + ", " +
                   e.Dim(x[0]) + ", " + e.Dim(x[1]) + ", " + e.Dim(x.Product(2, x.Rank)) + ", " + Literals.Float(epsilon) + ");");
        }
    }
}
