using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The batch dims of each operand and of the result, and the matrix dims.</summary>
    internal sealed record MatMulPlan(Shape ABatch, Shape BBatch, Shape Batch, Dim M, Dim N, Dim K) : OpPlan;

    /// <summary>
    /// ONNX MatMul: numpy matmul. 1-D operands are promoted ([k] → [1,k] for A, [k,1] for B) and the promoted axis
    /// is dropped from the result; batch dims broadcast. Spec: https://onnx.ai/onnx/operators/onnx__MatMul.html
    /// </summary>
    internal sealed class MatMul : Op<MatMulPlan>
    {
        public override OpSchema Schema { get; } = new OpSchema("MatMul", new[] { 1, 9, 13 })
            .Input("A", "T").Input("B", "T").Output("Y", "T").Types("T", TypeSets.Numeric);

        public override string Summary => "numpy matmul: 1-D operands are promoted and the promoted axis dropped; batch dims broadcast.";

        protected override MatMulPlan? Infer(InferContext c) => Plan(c, c.InShape(0), c.InShape(1), c.InType(0));

        /// <summary>The numpy-matmul plan of <paramref name="a"/> × <paramref name="b"/>, setting output 0 to <paramref name="type"/>; MatMulInteger and QLinearMatMul share it.</summary>
        internal static MatMulPlan? Plan(InferContext c, Shape a, Shape b, ElementType type)
        {
            if (a.Rank == 0 || b.Rank == 0) return c.Reject<MatMulPlan>(DiagnosticIds.ShapeMismatch, "operands must have rank 1 or more, not " + a + " and " + b + ".");
            var a2 = a.Rank == 1 ? new Shape(new[] { Dim.One, a[0] }) : a;
            var b2 = b.Rank == 1 ? new Shape(new[] { b[0], Dim.One }) : b;
            Dim m = a2[a2.Rank - 2], k = a2[a2.Rank - 1], kb = b2[b2.Rank - 2], n = b2[b2.Rank - 1];
            if (!k.Equals(kb)) return c.Reject<MatMulPlan>(DiagnosticIds.ShapeMismatch, "inner dims differ: " + a + " × " + b + ".");
            var batchA = new Shape(a2.Dims.Take(a2.Rank - 2));
            var batchB = new Shape(b2.Dims.Take(b2.Rank - 2));
            var batch = Broadcasting.Shape(batchA, batchB, c);
            if (batch == null) return null;
            var y = batch.Dims.ToList();
            if (a.Rank > 1) y.Add(m);
            if (b.Rank > 1) y.Add(n);
            c.SetOutput(0, type, new Shape(y));
            return new MatMulPlan(batchA, batchB, batch, m, n, k);
        }

        protected override void Lower(LowerContext c, MatMulPlan p)
        {
            if (!HalfInFloat.TryLower(c, (ins, outs) => Lower(c, p, ins[0]!, ins[1]!, outs[0]!)))
                Lower(c, p, c.In(0), c.In(1), c.Out(0));
        }

        /// <summary>
        /// The matmul kernel call over the given values, with an optional epilogue (a fused activation, a residual Add)
        /// and an optional per-column bias (n elements) that the product starts from.
        /// </summary>
        internal static void Lower(LowerContext c, MatMulPlan p, Value a, Value b, Value y, Fused.Epilogue? epilogue = null, Value? bias = null)
        {
            // Batch strides in elements: the broadcast strides of each operand's batch dims, times its matrix size.
            var aStrides = Broadcasting.Strides(p.ABatch, p.Batch).Select(s => s * p.M * p.K);
            var bStrides = Broadcasting.Strides(p.BBatch, p.Batch).Select(s => s * p.K * p.N);
            var call = bias == null ? c.Call("matmul", a.Type).In("a", a).In("b", b) : c.Call("matmul.bias", a.Type).In("a", a).In("b", b).In("bias", bias);
            Fused.Epilogue.Add(call, epilogue).Out("y", y)
                .Dims("batchShape", p.Batch.Dims).Dims("aBatchStrides", aStrides).Dims("bBatchStrides", bStrides)
                .Dim("m", p.M).Dim("n", p.N).Dim("k", p.K).Threads().Emit();
        }
    }
}
