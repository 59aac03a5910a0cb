using System;

namespace ModelGen.Samples.DigitsTrainer
{
    /// <summary>
    /// An exponential built only from IEEE-754 basic operations (which are correctly rounded everywhere),
    /// so training gives the same bits on every machine; <see cref="Math.Exp"/> comes from the platform's C library.
    /// </summary>
    internal static class DeterministicMath
    {
        private const double Ln2 = 0.69314718055994530942;
        private const double Log2E = 1.44269504088896340736;

        /// <summary>e^x, accurate to about one double ulp for the range softmax needs.</summary>
        public static double Exp(double x)
        {
            if (double.IsNaN(x)) return x;
            if (x > 709.0) return double.PositiveInfinity;
            if (x < -745.0) return 0.0;
            // x = k ln2 + r with |r| <= ln2 / 2, then e^x = 2^k e^r with a Taylor series for e^r.
            double k = Math.Round(x * Log2E);
            double r = x - k * Ln2;
            double p = 1.0 / 6227020800.0;           // 1/13!
            p = p * r + 1.0 / 479001600.0;           // 1/12!
            p = p * r + 1.0 / 39916800.0;
            p = p * r + 1.0 / 3628800.0;
            p = p * r + 1.0 / 362880.0;
            p = p * r + 1.0 / 40320.0;
            p = p * r + 1.0 / 5040.0;
            p = p * r + 1.0 / 720.0;
            p = p * r + 1.0 / 120.0;
            p = p * r + 1.0 / 24.0;
            p = p * r + 1.0 / 6.0;
            p = p * r + 0.5;
            p = p * r + 1.0;
            p = p * r + 1.0;
            return Math.ScaleB(p, (int)k);
        }
    }
}
