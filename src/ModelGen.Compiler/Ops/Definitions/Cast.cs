using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    internal sealed record CastPlan(ElementType To) : OpPlan;

    /// <summary>
    /// ONNX Cast between the numeric types and bool: float to integer truncates toward zero, integer to integer
    /// wraps (two's complement), anything to bool is "non-zero". Integer shape values that are dim expressions stay
    /// symbolic across integer casts. Strings and float8/float4 are not supported. Spec: https://onnx.ai/onnx/operators/onnx__Cast.html
    /// </summary>
    internal sealed class Cast : Op<CastPlan>
    {
        private static readonly Attr<long> To = Attr.Int("to", 0).Required();
        private static readonly Attr<long> Saturate = Attr.Int("saturate", 1).Since(19).Ignored("affects float8 targets only");
        private static readonly Attr<long> Round = Attr.Int("round_mode", 0).Since(25).Ignored("affects float8/float4 targets only");

        public override OpSchema Schema { get; } = new OpSchema("Cast", new[] { 1, 6, 9, 13, 19, 21, 23, 24, 25 })
            .Input("input", "T1").Output("output", "T2").Types("T1", TypeSets.Any).WithAttributes(To, Saturate, Round);

        public override string Summary => "converts between the numeric types and bool: float to integer truncates, integers wrap; dim expressions stay symbolic across integer casts.";

        protected override CastPlan? Infer(InferContext c)
        {
            var to = (ElementType)c.Get(To);
            if (!TypeSets.Any.Contains(to))
                return c.Reject<CastPlan>(DiagnosticIds.UnsupportedElementType, "casting to " + ElementTypes.OnnxName(to) + " is not supported.");
            c.SetOutput(0, to, c.InShape(0));
            return new CastPlan(to);
        }

        protected override bool Evaluate(EvalContext c, CastPlan p)
        {
            var from = c.In(0).Type;
            if (!c.IsConcrete(0))
            {
                if (!ElementTypes.IsInteger(p.To)) return false;
                c.Set(0, c.Dims(0));
                return true;
            }
            var x = c.Concrete(0);
            var dims = c.OutDims(0);
            if (ElementTypes.IsFloatingPoint(p.To))
            {
                var values = ElementTypes.IsFloatingPoint(from) ? x.AsDouble() : x.AsDouble();
                c.Set(0, TensorData.FromDoubleValues(p.To, dims, values));
                return true;
            }
            if (p.To == ElementType.Bool)
            {
                var nonZero = ElementTypes.IsFloatingPoint(from) ? x.AsDouble().Select(v => v != 0 ? 1L : 0L).ToArray() : x.AsInt64().Select(v => v != 0 ? 1L : 0L).ToArray();
                c.Set(0, TensorData.FromInt64Values(p.To, dims, nonZero));
                return true;
            }
            if (ElementTypes.IsFloatingPoint(from))
            {
                var f = x.AsDouble();
                if (f.Any(v => double.IsNaN(v) || double.IsInfinity(v) || v >= 9.2e18 || v <= -9.2e18)) return false; // out of range: undefined, leave it to run time
                c.Set(0, TensorData.FromInt64Values(p.To, dims, f.Select(v => (long)v).ToArray()));
                return true;
            }
            c.Set(0, TensorData.FromInt64Values(p.To, dims, x.AsInt64()));
            return true;
        }

        protected override void Lower(LowerContext c, CastPlan p)
        {
            var from = c.InType(0);
            if (from == p.To) c.Copy(c.In(0), c.Out(0));
            else if (p.To == ElementType.Bool) c.Call("cast.to_bool", from).In("x", c.In(0)).Out("y", c.Out(0)).Emit();
            else if (from == ElementType.Bool) c.Call("cast.from_bool", p.To).In("x", c.In(0)).Out("y", c.Out(0)).Emit();
            else c.Call("cast", from, p.To).In("x", c.In(0)).Out("y", c.Out(0)).Emit();
        }

        protected override bool IsView(CastPlan plan) => false;
    }
}
