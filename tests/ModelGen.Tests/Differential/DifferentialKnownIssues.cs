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
        public static readonly IReadOnlyDictionary<(string Op, ElementType Type), string> Table = new Dictionary<(string Op, ElementType Type), string>
        {
            // Empty: float16 MatMul, Gemm and Conv, the first entries, now compute in float (Ops/Common/HalfInFloat.cs).
        };
    }
}
