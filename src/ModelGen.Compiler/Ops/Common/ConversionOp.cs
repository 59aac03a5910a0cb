using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Definitions;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// A conversion of input 0's elements to <see cref="To"/>; <see cref="Saturate"/> and <see cref="RoundMode"/>
    /// (0 up, 1 down, 2 nearest) shape conversions to float8 and float8e8m0 only.
    /// </summary>
    internal sealed record CastPlan(ElementType To, bool Saturate, int RoundMode) : OpPlan;

    /// <summary>
    /// What Cast and CastLike share once the target type is known: float to integer truncates toward zero,
    /// integer to integer wraps (two's complement), anything to bool is "non-zero". Integer shape values that are
    /// dim expressions stay symbolic across integer casts. The narrow types (bfloat16, float8, float4, int4, int2)
    /// round to nearest even, float8 saturating unless saturate=0, int4/int2 wrapping like other integers.
    /// The subclass only says where the target type comes from.
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
            if (!TypeSets.AnyWithNarrow.Contains(to))
                return c.Reject<CastPlan>(DiagnosticIds.UnsupportedElementType, "casting to " + ElementTypes.OnnxName(to) + " is not supported.");
            string mode = c.Get(NarrowFloatAttributes.RoundMode);
            int roundMode = mode == "up" ? 0 : mode == "down" ? 1 : mode == "nearest" ? 2 : -1;
            if (roundMode < 0)
                return c.Reject<CastPlan>(DiagnosticIds.UnsupportedAttribute, "round_mode=\"" + mode + "\" is none of \"up\", \"down\", \"nearest\".");
            c.SetOutput(0, to, c.InShape(0));
            return new CastPlan(to, c.Get(NarrowFloatAttributes.Saturate) != 0, roundMode);
        }

        protected sealed override bool Evaluate(EvalContext c, CastPlan p)
        {
            var from = c.In(0).Type;
            if (!c.IsConcrete(0))
            {
                if (!ElementTypes.IsInteger(p.To) || ElementTypes.IsNarrow(from)) return false;
                c.Set(0, c.Dims(0));
                return true;
            }
            var x = c.Concrete(0);
            var dims = c.OutDims(0);
            bool floatSource = ElementTypes.IsFloatingPoint(from) || ElementTypes.IsNarrowFloat(from);
            if (p.To == ElementType.Float8E8M0 && p.RoundMode != 0) return false; // left to run time, which rounds by round_mode
            if (ElementTypes.IsFloatingPoint(p.To) || ElementTypes.IsNarrowFloat(p.To))
            {
                c.Set(0, TensorData.FromDoubleValues(p.To, dims, x.AsDouble(), p.Saturate));
                return true;
            }
            if (p.To == ElementType.Bool)
            {
                var nonZero = floatSource ? x.AsDouble().Select(v => v != 0 ? 1L : 0L).ToArray() : x.AsInt64().Select(v => v != 0 ? 1L : 0L).ToArray();
                c.Set(0, TensorData.FromInt64Values(p.To, dims, nonZero));
                return true;
            }
            if (floatSource)
            {
                var f = x.AsDouble();
                if (f.Any(v => double.IsNaN(v) || double.IsInfinity(v) || v >= 9.2e18 || v <= -9.2e18)) return false; // out of range: undefined, leave it to run time
                c.Set(0, TensorData.FromInt64Values(p.To, dims, f.Select(v => (long)v).ToArray()));
                return true;
            }
            c.Set(0, TensorData.FromInt64Values(p.To, dims, x.AsInt64()));
            return true;
        }

        protected sealed override void Lower(LowerContext c, CastPlan p) => Emit(c, c.In(0), c.Out(0), p.Saturate, p.RoundMode);

        /// <summary>
        /// The kernel call converting <paramref name="from"/> into <paramref name="to"/> (a copy when the types agree);
        /// <paramref name="saturate"/> and <paramref name="roundMode"/> as in <see cref="CastPlan"/>.
        /// </summary>
        public static void Emit(LowerContext c, Value from, Value to, bool saturate = true, int roundMode = 0)
        {
            var f = from.Type;
            var t = to.Type;
            bool narrowFrom = ElementTypes.IsNarrow(f), narrowTo = ElementTypes.IsNarrow(t);
            if (f == t) c.Copy(from, to);
            else if (t == ElementType.Float8E8M0 && narrowFrom)
            {
                // float8e8m0 rounds from float32 bits; every narrow value is a float.
                var wide = c.Temporary("cast.f32", ElementType.Float, from.Shape!);
                Emit(c, from, wide);
                Emit(c, wide, to, saturate, roundMode);
            }
            else if (t == ElementType.Float8E8M0 && f != ElementType.Bool)
                c.Call("cast.to_e8m0", f).In("x", from).Out("y", to).Bool("saturate", saturate).Integer("roundMode", ElementType.Int32, roundMode).Emit();
            else if (narrowFrom && narrowTo) c.Call("cast.narrow_between", f, t).In("x", from).Out("y", to).Bool("saturate", saturate).Emit();
            else if (narrowTo && f == ElementType.Bool) c.Call("cast.narrow_from_bool", t).In("x", from).Out("y", to).Emit();
            else if (narrowFrom && t == ElementType.Bool) c.Call("cast.narrow_to_bool", f).In("x", from).Out("y", to).Emit();
            else if (narrowTo) c.Call("cast.to_narrow", f, t).In("x", from).Out("y", to).Bool("saturate", saturate).Emit();
            else if (narrowFrom) c.Call("cast.from_narrow", f, t).In("x", from).Out("y", to).Emit();
            else if (t == ElementType.Bool) c.Call("cast.to_bool", f).In("x", from).Out("y", to).Emit();
            else if (f == ElementType.Bool) c.Call("cast.from_bool", t).In("x", from).Out("y", to).Emit();
            else c.Call("cast", f, t).In("x", from).Out("y", to).Emit();
        }
    }
}
