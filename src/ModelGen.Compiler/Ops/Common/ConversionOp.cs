using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>A conversion of input 0's elements to <see cref="To"/>.</summary>
    internal sealed record CastPlan(ElementType To) : OpPlan;

    /// <summary>
    /// What Cast and CastLike share once the target type is known: float to integer truncates toward zero,
    /// integer to integer wraps (two's complement), anything to bool is "non-zero". Integer shape values that are
    /// dim expressions stay symbolic across integer casts. The subclass only says where the target type comes from.
    /// </summary>
    internal abstract class ConversionOp : Op<CastPlan>
    {
        /// <summary>The target type, or null after a reported problem.</summary>
        protected abstract ElementType? TargetType(InferContext c);

        protected sealed override CastPlan? Infer(InferContext c)
        {
            var target = TargetType(c);
            if (target == null) return null;
            var to = target.Value;
            if (!TypeSets.Any.Contains(to))
                return c.Reject<CastPlan>(DiagnosticIds.UnsupportedElementType, "casting to " + ElementTypes.OnnxName(to) + " is not supported.");
            c.SetOutput(0, to, c.InShape(0));
            return new CastPlan(to);
        }

        protected sealed override bool Evaluate(EvalContext c, CastPlan p)
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
                c.Set(0, TensorData.FromDoubleValues(p.To, dims, x.AsDouble()));
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

        protected sealed override void Lower(LowerContext c, CastPlan p) => Emit(c, c.In(0), c.Out(0));

        /// <summary>The kernel call converting <paramref name="from"/> into <paramref name="to"/> (a copy when the types agree).</summary>
        public static void Emit(LowerContext c, Value from, Value to)
        {
            if (from.Type == to.Type) c.Copy(from, to);
            else if (to.Type == ElementType.Bool) c.Call("cast.to_bool", from.Type).In("x", from).Out("y", to).Emit();
            else if (from.Type == ElementType.Bool) c.Call("cast.from_bool", to.Type).In("x", from).Out("y", to).Emit();
            else c.Call("cast", from.Type, to.Type).In("x", from).Out("y", to).Emit();
        }
    }
}
