using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>
    /// How close an output must be to ONNX Runtime's: |ours - ORT| &lt;= atol + rtol·|ORT| with rtol 1e-4 and
    /// atol = 1e-5 · max(1, L) · max(1, M). Why: float32 rounds at 6e-8 relative; two correct implementations differ
    /// by the order of their sums (a length-L sum can move by about L·eps·Σ|terms|), by fused multiply-adds and by
    /// their exp/tanh approximations (a few ulps). L is the total length of the accumulations behind the output
    /// (MatMul's K, Conv's fan-in, reductions, Softmax and normalisation lengths) and M the largest magnitude ONNX
    /// Runtime saw in any tensor the output depends on, so a small result of large intermediates is judged by their
    /// scale. The margin over eps is about 100×; a miscompile (a wrong index, axis, broadcast or fusion) is off by
    /// the values' own size, far outside it.
    /// </summary>
    internal static class GraphTolerance
    {
        public const double RTol = 1e-4, ATolUnit = 1e-5;

        public static double ATol(GenGraph graph, string output, IReadOnlyDictionary<string, OrtTensor> reference)
        {
            var tensor = graph.Tensor(output);
            double magnitude = 2; // the inputs' bound
            foreach (var name in graph.Ancestors(output))
                if (reference.TryGetValue(name, out var t)) magnitude = Math.Max(magnitude, t.MaxAbs);
            return ATolUnit * Math.Max(1, tensor.Reduction) * Math.Max(1, magnitude);
        }

        /// <summary>The worst ratio |a-e| / (atol + rtol·|e|) and where; NaN matches NaN, equal infinities match.</summary>
        public static (double Ratio, int Index) Worst(float[] ours, float[] expected, double atol)
        {
            double worst = 0;
            int at = -1;
            for (int i = 0; i < expected.Length; i++)
            {
                double a = ours[i], e = expected[i];
                if (a == e || (double.IsNaN(a) && double.IsNaN(e))) continue;
                double diff = Math.Abs(a - e);
                double ratio = double.IsNaN(diff) || double.IsInfinity(diff) ? double.PositiveInfinity : diff / (atol + RTol * Math.Abs(e));
                if (ratio > worst) { worst = ratio; at = i; }
            }
            return (worst, at);
        }
    }
}
