using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    internal sealed record BitCastPlan(ElementType To) : OpPlan;

    /// <summary>
    /// ONNX BitCast: the same bytes read as another element type of the same width ('to'), same shape. Build-time
    /// tensors are reinterpreted in place (their bytes are already little-endian, as ONNX requires); at run time it is
    /// a byte copy. Spec: https://onnx.ai/onnx/operators/onnx__BitCast.html
    /// </summary>
    internal sealed class BitCast : Op<BitCastPlan>
    {
        private static readonly Attr<long> To = Attr.Int("to", 0).Required();

        public override OpSchema Schema { get; } = new OpSchema("BitCast", new[] { 26 })
            .Input("input", "T1").Output("output", "T2").Types("T1", TypeSets.Any).WithAttributes(To);

        public override string Summary => "the same bytes as another element type of the same width (a byte copy).";

        protected override BitCastPlan? Infer(InferContext c)
        {
            var to = (ElementType)c.Get(To);
            if (!TypeSets.Any.Contains(to))
                return c.Reject<BitCastPlan>(DiagnosticIds.UnsupportedElementType, "bitcasting to " + ElementTypes.OnnxName(to) + " is not supported.");
            if (ElementTypes.SizeOf(to) != ElementTypes.SizeOf(c.InType(0)))
                return c.Reject<BitCastPlan>(DiagnosticIds.UnsupportedAttribute, "'to' is " + ElementTypes.OnnxName(to) + ", whose width differs from the input's " + ElementTypes.OnnxName(c.InType(0)) + ".");
            c.SetOutput(0, to, c.InShape(0));
            return new BitCastPlan(to);
        }

        protected override bool Evaluate(EvalContext c, BitCastPlan p)
        {
            if (!c.IsConcrete(0)) return false;
            c.Set(0, new TensorData(p.To, c.OutDims(0), c.Concrete(0).Raw));
            return true;
        }

        protected override void Lower(LowerContext c, BitCastPlan p) =>
            c.Call("bitcast", c.InType(0), p.To).In("x", c.In(0)).Out("y", c.Out(0)).Emit();
    }
}
