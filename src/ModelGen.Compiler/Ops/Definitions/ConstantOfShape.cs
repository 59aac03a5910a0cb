using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The output's type and dims, and the fill value (as a double: exact for every type ModelGen holds up to 2^53).</summary>
    internal sealed record ConstantOfShapePlan(ElementType Type, Shape Output, TensorData Value, Value? RuntimeShape) : OpPlan;

    /// <summary>
    /// ONNX ConstantOfShape: a tensor of the dims in 'input', filled with the one-element 'value' (default float 0).
    /// Dims known at build time may be symbolic; dims known only at run time are run-time dims.
    /// Spec: https://onnx.ai/onnx/operators/onnx__ConstantOfShape.html
    /// </summary>
    internal sealed class ConstantOfShape : Op<ConstantOfShapePlan>
    {
        private static readonly Attr<TensorData?> ValueAttr = Attr.Tensor("value");

        public override OpSchema Schema { get; } = new OpSchema("ConstantOfShape", new[] { 9, 20, 21, 23, 24, 25 })
            .Input("input", "T1").Output("output", "T2").Types("T1", TypeSets.Int64).WithAttributes(ValueAttr);

        public override string Summary => "a tensor of the given dims filled with 'value'; the dims may be symbolic, or known only at run time.";

        protected override ConstantOfShapePlan? Infer(InferContext c)
        {
            var value = c.Get(ValueAttr) ?? TensorData.FromFloat(new long[] { 1 }, new[] { 0f });
            if (value.ElementCount != 1) return c.Reject<ConstantOfShapePlan>(DiagnosticIds.UnsupportedAttribute, "'value' must hold exactly one element.");
            if (!TypeSets.Any.Contains(value.Type)) return c.Reject<ConstantOfShapePlan>(DiagnosticIds.UnsupportedElementType, "'value' has element type " + ElementTypes.OnnxName(value.Type) + ", which is not supported.");
            var len = c.InShape(0);
            if (!c.StaticLength(len, "the rank of the output")) return null;
            var known = c.InDims(0);
            Shape output;
            Value? runtime = null;
            if (known != null && known.All(d => d.LowerBound >= 0 || d.IsStatic))
            {
                if (known.Any(d => d.IsStatic && d.Value < 0)) return c.Reject<ConstantOfShapePlan>(DiagnosticIds.ShapeMismatch, "the dims " + string.Join(",", known) + " must not be negative.");
                output = new Shape(known);
            }
            else
            {
                output = new Shape(Enumerable.Range(0, (int)len[0].Value).Select(i => c.RuntimeDim(i, null)));
                runtime = c.In(0);
            }
            c.SetOutput(0, value.Type, output);
            return new ConstantOfShapePlan(value.Type, output, value, runtime);
        }

        protected override bool Evaluate(EvalContext c, ConstantOfShapePlan p)
        {
            if (p.RuntimeShape != null) return false;
            c.Set(0, new TensorData(p.Type, c.OutDims(0), Repeat(p.Value.Raw, (int)p.Output.ElementCount.Value)));
            return true;
        }

        private static byte[] Repeat(byte[] one, int count)
        {
            var raw = new byte[one.Length * count];
            for (int i = 0; i < count; i++) System.Buffer.BlockCopy(one, 0, raw, i * one.Length, one.Length);
            return raw;
        }

        protected override void Lower(LowerContext c, ConstantOfShapePlan p)
        {
            if (p.RuntimeShape != null)
                c.Call("shape.dims").In("shape", p.RuntimeShape).Symbols("dims", p.Output.Dims.Select(d => d.SymbolName!)).Emit();
            var fill = c.Call("fill", p.Type).Out("y", c.Out(0));
            if (ElementTypes.IsFloatingPoint(p.Type)) fill.Scalar("value", p.Type, p.Value.AsDouble()[0]);
            else fill.Integer("value", p.Type, p.Value.AsInt64()[0]);
            fill.Emit();
        }
    }
}
