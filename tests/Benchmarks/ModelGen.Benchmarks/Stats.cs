using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Benchmarks
{
    /// <summary>Order statistics of a list of samples.</summary>
    internal static class Stats
    {
        public static double Median(IReadOnlyList<double> samples) => Quantile(samples, 0.5);

        public static double P90(IReadOnlyList<double> samples) => Quantile(samples, 0.9);

        /// <summary>The nearest-rank quantile (a sample, not an interpolation between two); the median of an even count is the mean of the middle two.</summary>
        public static double Quantile(IReadOnlyList<double> samples, double q)
        {
            if (samples.Count == 0) throw new ArgumentException("no samples", nameof(samples));
            var sorted = samples.OrderBy(x => x).ToArray();
            if (q == 0.5 && sorted.Length % 2 == 0) return (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
            int rank = Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1);
            return sorted[rank];
        }
    }
}
