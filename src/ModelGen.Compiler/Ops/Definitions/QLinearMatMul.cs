using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The matmul plan, the zero-point layouts, and the requantisation's [outer, channels, inner].</summary>
    internal sealed record QLinearMatMulPlan(MatMulPlan MatMul, IReadOnlyList<Dim> AZeroPoint, IReadOnlyList<Dim> BZeroPoint, Dim Outer, Dim Channels, Dim Inner) : OpPlan;

    /// <summary>
    /// ONNX QLinearMatMul: the int32 product of (a - a_zero_point) and (b - b_zero_point), requantised as
    /// saturate(round_half_even(acc * a_scale * b_scale / y_scale) + y_zero_point), as ONNX's reference does.
    /// a's parameters are per tensor; b's per tensor or per column. Spec: https://onnx.ai/onnx/operators/onnx__QLinearMatMul.html
    /// </summary>
    internal sealed class QLinearMatMul : Op<QLinearMatMulPlan>
    {
        public override OpSchema Schema { get; } = new OpSchema("QLinearMatMul", new[] { 10, 21 })
            .Input("a", "T1").Input("a_scale", "TS").Input("a_zero_point", "T1")
            .Input("b", "T2").Input("b_scale", "TS").Input("b_zero_point", "T2")
            .Input("y_scale", "TS").Input("y_zero_point", "T3").Output("y", "T3")
            .Types("T1", QuantTypes.EightBit).Types("T2", QuantTypes.EightBit).Types("T3", QuantTypes.EightBit).Types("TS", QuantTypes.Scale);

        public override string Summary => "int8/uint8 in an int32 product, requantised with float/float16 scales; b per tensor or per column.";

        protected override QLinearMatMulPlan? Infer(InferContext c)
        {
            var a = c.InShape(0);
            var b = c.InShape(3);
            if (c.InType(1) != c.InType(4) || c.InType(1) != c.InType(6))
                return c.Reject<QLinearMatMulPlan>(DiagnosticIds.UnsupportedElementType, "a_scale, b_scale and y_scale must share one type.");
            if (!IsOne(c.InShape(1)) || !IsOne(c.InShape(6)) || !IsOne(c.InShape(7)))
                return c.Reject<QLinearMatMulPlan>(DiagnosticIds.ShapeMismatch, "a_scale, y_scale and y_zero_point must be scalars.");
            var plan = MatMul.Plan(c, a, b, c.InType(7));
            if (plan == null) return null;
            var az = QuantShift.Layout(c, a, c.InShape(2), -1, "a_zero_point");
            var bz = QuantShift.Layout(c, b, c.InShape(5), b.Rank >= 2 ? b.Rank - 1 : -1, "b_zero_point");
            if (az == null || bz == null) return null;
            var y = c.Node.Output(0)!.Shape!;
            var total = y.Dims.Aggregate(Dim.One, (l, r) => l * r);
            var bScale = c.InShape(4);
            if (IsOne(bScale)) return new QLinearMatMulPlan(plan, az, bz, Dim.One, Dim.One, total);
            if (b.Rank < 2 || bScale.Rank != 1 || !bScale[0].Equals(plan.N))
                return c.Reject<QLinearMatMulPlan>(DiagnosticIds.ShapeMismatch, "b_scale " + bScale + " must be a scalar or [" + plan.N + "].");
            return new QLinearMatMulPlan(plan, az, bz, y.Dims.Take(y.Rank - 1).Aggregate(Dim.One, (l, r) => l * r), plan.N, Dim.One);
        }

        private static bool IsOne(Shape s) => s.Rank == 0 || (s.Rank == 1 && s[0].Equals(Dim.One));

        protected override void Lower(LowerContext c, QLinearMatMulPlan p)
        {
            var a = QuantShift.Emit(c, c.In(0), c.In(2), p.AZeroPoint, "a");
            var b = QuantShift.Emit(c, c.In(3), c.In(5), p.BZeroPoint, "b");
            var acc = c.Temporary("acc.i32", ElementType.Int32, c.OutShape(0));
            MatMul.Lower(c, p.MatMul, a, b, acc);
            Requantize(c, p, acc, c.In(1), c.In(4), c.In(6), c.In(7), c.Out(0));
        }

        /// <summary>y = saturate(round_half_even(acc · a_scale · b_scale / y_scale) + y_zero_point) (QuantizedMatMul shares it).</summary>
        internal static void Requantize(LowerContext c, QLinearMatMulPlan p, Value acc, Value aScale, Value bScale, Value yScale, Value yZeroPoint, Value y) =>
            c.Call("quant.requantize", aScale.Type, y.Type).In("acc", acc).In("aScale", aScale).In("bScale", bScale).In("yScale", yScale)
                .In("yZeroPoint", yZeroPoint).Out("y", y).Dim("outer", p.Outer).Dim("channels", p.Channels).Dim("inner", p.Inner).Emit();
    }
}
