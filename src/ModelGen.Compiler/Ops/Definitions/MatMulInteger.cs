using System.Collections.Generic;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The matmul plan and the layouts of both zero points.</summary>
    internal sealed record MatMulIntegerPlan(MatMulPlan MatMul, IReadOnlyList<Dim> AZeroPoint, IReadOnlyList<Dim> BZeroPoint) : OpPlan;

    /// <summary>
    /// ONNX MatMulInteger: (A - a_zero_point) × (B - b_zero_point) in int32, numpy matmul semantics; a's zero point
    /// is a scalar or one per row, b's a scalar or one per column. Spec: https://onnx.ai/onnx/operators/onnx__MatMulInteger.html
    /// </summary>
    internal sealed class MatMulInteger : Op<MatMulIntegerPlan>
    {
        public override OpSchema Schema { get; } = new OpSchema("MatMulInteger", new[] { 10 })
            .Input("A", "T1").Input("B", "T2").Input("a_zero_point", "T1", optional: true).Input("b_zero_point", "T2", optional: true).Output("Y", "T3")
            .Types("T1", QuantTypes.EightBit).Types("T2", QuantTypes.EightBit).Types("T3", new[] { ElementType.Int32 });

        public override string Summary => "int8/uint8 operands in int32; zero points per tensor, per row of A, per column of B.";

        protected override MatMulIntegerPlan? Infer(InferContext c)
        {
            var a = c.InShape(0);
            var b = c.InShape(1);
            var plan = MatMul.Plan(c, a, b, ElementType.Int32);
            if (plan == null) return null;
            var az = QuantShift.Layout(c, a, c.HasInput(2) ? c.InShape(2) : null, a.Rank >= 2 ? a.Rank - 2 : -1, "a_zero_point");
            var bz = QuantShift.Layout(c, b, c.HasInput(3) ? c.InShape(3) : null, b.Rank >= 2 ? b.Rank - 1 : -1, "b_zero_point");
            if (az == null || bz == null) return null;
            return new MatMulIntegerPlan(plan, az, bz);
        }

        protected override void Lower(LowerContext c, MatMulIntegerPlan p)
        {
            var a = QuantShift.Emit(c, c.In(0), c.Node.Input(2), p.AZeroPoint, "a");
            var b = QuantShift.Emit(c, c.In(1), c.Node.Input(3), p.BZeroPoint, "b");
            MatMul.Lower(c, p.MatMul, a, b, c.Out(0));
        }
    }
}
