using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// How a quantisation parameter (scale or zero point) lines up with its tensor, as the seven ints the runtime's
    /// Quantization kernels take: [outer, axisLen, inner, block, outerStride, axisStride, innerStride].
    /// </summary>
    internal static class QuantLayout
    {
        /// <summary>
        /// Per-tensor (one element), per-axis (1-D of x[axis]) or, with <paramref name="blockSize"/> > 0, blocked (x's
        /// shape with x[axis] replaced by ceil(x[axis] / blockSize)). Null after a reported problem.
        /// </summary>
        public static IReadOnlyList<Dim>? Resolve(InferContext c, Shape x, Shape param, long axis, long blockSize, string what)
        {
            var total = x.Dims.Aggregate(Dim.One, (a, b) => a * b);
            if (param.Rank == 0 || (param.Rank == 1 && param[0].Equals(Dim.One) && blockSize == 0))
                return new[] { Dim.One, Dim.One, total, Dim.One, Dim.Zero, Dim.Zero, Dim.Zero };
            if (x.Rank == 0 || !c.Axis(axis, x.Rank, "axis", out int ax)) return null;
            var outer = x.Dims.Take(ax).Aggregate(Dim.One, (a, b) => a * b);
            var inner = x.Dims.Skip(ax + 1).Aggregate(Dim.One, (a, b) => a * b);
            if (blockSize == 0)
            {
                if (param.Rank != 1 || !param[0].Equals(x[ax]))
                    return c.Reject<IReadOnlyList<Dim>>(DiagnosticIds.ShapeMismatch, what + " " + param + " must be a scalar or [" + x[ax] + "] for per-axis quantisation of " + x + ".");
                return new[] { outer, x[ax], inner, Dim.One, Dim.Zero, Dim.One, Dim.Zero };
            }
            if (blockSize < 0 || param.Rank != x.Rank || !x[ax].IsStatic || !param[ax].IsStatic
                || Enumerable.Range(0, x.Rank).Any(i => i != ax && !param[i].Equals(x[i]))
                || param[ax].Value != (x[ax].Value + blockSize - 1) / blockSize)
                return c.Reject<IReadOnlyList<Dim>>(DiagnosticIds.ShapeMismatch, what + " " + param + " does not block " + x + " on axis " + ax + " by block_size=" + blockSize + ".");
            return new[] { outer, x[ax], inner, Dim.Of(blockSize), param[ax] * inner, inner, Dim.One };
        }
    }
}
