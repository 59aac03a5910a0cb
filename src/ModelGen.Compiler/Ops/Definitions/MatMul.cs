using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX MatMul: numpy matmul. 1-D operands are promoted ([k] → [1,k] for A, [k,1] for B) and the
    /// promoted axis is dropped from the result; batch dims broadcast. Spec: https://onnx.ai/onnx/operators/onnx__MatMul.html
    /// </summary>
    internal sealed class MatMul : OpDefinition
    {
        private sealed class Plan
        {
            public Shape A = Shape.Scalar, B = Shape.Scalar, Batch = Shape.Scalar;
            public Dim M = Dim.One, N = Dim.One, K = Dim.One;
        }

        public override string OpType => "MatMul";
        public override int MaxOpset => 13;

        public override void Infer(InferContext c)
        {
            if (!c.ExpectInputs(2, 2) || !c.ExpectType(0, TypeSets.Numeric) || !c.ExpectSameType(0, 1)) return;
            var a = c.InShape(0);
            var b = c.InShape(1);
            if (a.Rank == 0 || b.Rank == 0) { c.Fail(DiagnosticIds.ShapeMismatch, "operands must have rank 1 or more, not " + a + " and " + b + "."); return; }
            var a2 = a.Rank == 1 ? new Shape(new[] { Dim.One, a[0] }) : a;
            var b2 = b.Rank == 1 ? new Shape(new[] { b[0], Dim.One }) : b;
            Dim m = a2[a2.Rank - 2], k = a2[a2.Rank - 1], kb = b2[b2.Rank - 2], n = b2[b2.Rank - 1];
            if (!k.Equals(kb)) { c.Fail(DiagnosticIds.ShapeMismatch, "inner dims differ: " + a + " × " + b + "."); return; }
            var batchA = new Shape(a2.Dims.Take(a2.Rank - 2));
            var batchB = new Shape(b2.Dims.Take(b2.Rank - 2));
            var batch = Broadcasting.Shape(batchA, batchB, c);
            if (batch == null) return;
            var y = batch.Dims.ToList();
            if (a.Rank > 1) y.Add(m);
            if (b.Rank > 1) y.Add(n);
            c.State = new Plan { A = batchA, B = batchB, Batch = batch, M = m, N = n, K = k };
            c.SetOutput(0, c.InType(0), new Shape(y));
        }

        public override void Emit(EmitContext e)
        {
            var p = (Plan)e.State!;
            // Batch strides in elements: the broadcast strides of each operand's batch dims, times its matrix size.
            var aStrides = Broadcasting.Strides(p.A, p.Batch).Select(s => s * p.M * p.K);
            var bStrides = Broadcasting.Strides(p.B, p.Batch).Select(s => s * p.K * p.N);
            e.Line(EmitContext.Kernel("MatMul") + ".Run<" + e.T(0) + ">(" + e.In(0) + ", " + e.In(1) + ", " + e.Out(0) + ", " +
                   e.Ints(p.Batch.Dims) + ", " + e.Ints(aStrides) + ", " + e.Ints(bStrides) + ", " + e.Dim(p.M) + ", " + e.Dim(p.N) + ", " + e.Dim(p.K) + ");");
        }
    }
}
