using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// What pack-constant-b rewrites, against ONNX Runtime: a Gemm by a transposed weight with a C row and a Relu
    /// epilogue, over a batch of rows sized at run time, and a MatMul by a weight with a residual Add, its last panel ragged.
    /// </summary>
    internal static class PackedBCases
    {
        public const string Family = "packed b";

        public static void Add(CaseSet set)
        {
            var t = ElementType.Float;
            var r = set.Random;
            set.Graph(Family, "Gemm", t, "Gemm(x [N,64], W [48,64] transB, C [48]) → Relu, N=5 at run time",
                new[] { r.Uniform("x", t, D(5, 64), -1, 1).Declare("N", 64), r.Uniform("w", t, D(48, 64), -1, 1).AsConstant(), r.Uniform("c", t, D(48), -1, 1).AsConstant() },
                new[] { ("y", t) },
                b => b.Node("Gemm", new[] { "x", "w", "c" }, new[] { "g" }, name: "fc", attributes: a => a.Int("transB", 1))
                      .Node("Relu", new[] { "g" }, new[] { "y" }, name: "relu"));
            set.Graph(Family, "MatMul", t, "MatMul(x [2,9,40], W [40,70]) + residual [2,9,70]",
                new[] { r.Uniform("x", t, D(2, 9, 40), -1, 1), r.Uniform("w", t, D(40, 70), -1, 1).AsConstant(), r.Uniform("res", t, D(2, 9, 70), -1, 1) },
                new[] { ("y", t) },
                b => b.Node("MatMul", new[] { "x", "w" }, new[] { "m" }, name: "dense")
                      .Node("Add", new[] { "m", "res" }, new[] { "y" }, name: "residual"));
        }
    }
}
