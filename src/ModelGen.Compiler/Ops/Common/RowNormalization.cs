using System.Collections.Generic;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// A normalisation over x viewed as [Rows, Cols]: per-row statistics (mean and inverse deviation, or the inverse
    /// root mean square when <paramref name="Rms"/>), then scale and bias read at their broadcast strides over x's shape.
    /// </summary>
    internal sealed record NormalizationPlan(Dim Rows, Dim Cols, float Epsilon, bool Rms, ValueList<Dim> ScaleStrides, ValueList<Dim> BiasStrides) : OpPlan;

    /// <summary>
    /// What LayerNormalization, RMSNormalization and InstanceNormalization share: the broadcast check of their scale
    /// and bias against X, and the one "normalize" kernel call (statistics in double, stored as float; the affine
    /// step in float or double, never in Half).
    /// </summary>
    internal static class RowNormalization
    {
        /// <summary>
        /// <paramref name="operand"/>'s element strides over <paramref name="x"/>, when it broadcasts to X
        /// unidirectionally (as it must: the output keeps X's shape); null after reporting MG0201.
        /// </summary>
        public static ValueList<Dim>? StridesOver(InferContext c, Shape operand, Shape x, string name)
        {
            bool fits = operand.Rank <= x.Rank;
            for (int i = 0; fits && i < operand.Rank; i++)
            {
                Dim d = operand[i], target = x[x.Rank - operand.Rank + i];
                fits = d.Equals(target) || d.Equals(Dim.One);
            }
            if (!fits)
            {
                c.Fail(DiagnosticIds.ShapeMismatch, name + " " + operand + " does not broadcast to the input " + x + ".");
                return null;
            }
            return Broadcasting.Strides(operand, x).ToValueList();
        }

        /// <summary>
        /// Emits the kernel call: X is input 0, scale input <paramref name="scale"/>, bias input <paramref name="bias"/>
        /// when present. The per-row statistics go to <paramref name="mean"/> and <paramref name="invStdDev"/> when the
        /// node has those outputs, else to scratch.
        /// </summary>
        public static void Lower(LowerContext c, NormalizationPlan p, int scale, int? bias, Value? mean, Value? invStdDev)
        {
            var call = c.Call("normalize", c.InType(0), c.InType(scale)).In("x", c.In(0)).In("scale", c.In(scale))
                .InOrNone("bias", bias is int b ? c.Node.Input(b) : null).Out("y", c.Out(0));
            if (p.Rms) call.InOrNone("mean", null);
            else if (mean != null) call.Out("mean", mean);
            else call.Scratch("mean", ElementType.Float, p.Rows);
            if (invStdDev != null) call.Out("invStdDev", invStdDev);
            else call.Scratch("invStdDev", ElementType.Float, p.Rows);
            call.Dim("rows", p.Rows).Dim("cols", p.Cols).Scalar("epsilon", ElementType.Float, p.Epsilon).Bool("rms", p.Rms)
                .Dims("shape", c.InShape(0).Dims).Dims("scaleStrides", p.ScaleStrides).Dims("biasStrides", p.BiasStrides).Emit();
        }

        /// <summary>No strides (no bias).</summary>
        public static readonly ValueList<Dim> None = new List<Dim>().ToValueList();
    }
}
