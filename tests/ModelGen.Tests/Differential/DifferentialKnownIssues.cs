using System.Collections.Generic;
using ModelGen.Compiler.Ir;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// Disagreements with ONNX Runtime that are ModelGen bugs already reported and not yet fixed, by op and element type.
    /// A listed case that disagrees counts as known, not as a failure; an entry none of whose cases disagrees any more
    /// fails the test, so the entry goes when the bug does.
    /// </summary>
    internal static class DifferentialKnownIssues
    {
        private const string HalfAccumulator =
            "float16 dot products keep their partial sums in half (Runtime/Kernels/Gemm.cs Scalar, and Conv's generic loops, accumulate in T): " +
            "[1,4096]×[4096,1] of ones gives 2048, not 4096; ORT and numpy keep float partial sums";

        public static readonly IReadOnlyDictionary<(string Op, ElementType Type), string> Table = new Dictionary<(string Op, ElementType Type), string>
        {
            [("MatMul", ElementType.Float16)] = HalfAccumulator,
            [("Gemm", ElementType.Float16)] = HalfAccumulator,
            [("Conv", ElementType.Float16)] = HalfAccumulator,
        };
    }
}
