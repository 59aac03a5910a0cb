using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// The int32 widening x - zero_point that MatMulInteger, ConvInteger and the QLinear ops apply before their
    /// integer product; the zero point is a scalar or one value per slice along one axis.
    /// </summary>
    internal static class QuantShift
    {
        /// <summary>
        /// The layout of a zero point of shape <paramref name="zp"/> (null: none) over <paramref name="x"/>: one element
        /// is per tensor, a 1-D of x[axis] is per slice along <paramref name="axis"/> (when axis ≥ 0). Null after a reported problem.
        /// </summary>
        public static IReadOnlyList<Dim>? Layout(InferContext c, Shape x, Shape? zp, int axis, string what)
        {
            var total = x.Dims.Aggregate(Dim.One, (a, b) => a * b);
            if (zp == null || zp.Rank == 0 || (zp.Rank == 1 && zp[0].Equals(Dim.One)))
                return new[] { Dim.One, Dim.One, total, Dim.One, Dim.Zero, Dim.Zero, Dim.Zero };
            if (axis < 0 || zp.Rank != 1 || !zp[0].Equals(x[axis]))
                return c.Reject<IReadOnlyList<Dim>>(DiagnosticIds.ShapeMismatch, what + " " + zp + " must be a scalar" + (axis >= 0 ? " or [" + x[axis] + "]" : "") + " for " + x + ".");
            var outer = x.Dims.Take(axis).Aggregate(Dim.One, (a, b) => a * b);
            var inner = x.Dims.Skip(axis + 1).Aggregate(Dim.One, (a, b) => a * b);
            return new[] { outer, x[axis], inner, Dim.One, Dim.Zero, Dim.One, Dim.Zero };
        }

        /// <summary>An int32 temporary holding <paramref name="x"/> - <paramref name="zp"/>.</summary>
        public static Value Emit(LowerContext c, Value x, Value? zp, IReadOnlyList<Dim> layout, string purpose)
        {
            var wide = c.Temporary(purpose + ".i32", ElementType.Int32, x.Shape!);
            c.Call("quant.shift", x.Type).In("x", x).InOrNone("zeroPoint", zp).Out("y", wide).Dims("layout", layout).Emit();
            return wide;
        }
    }
}
