using System;

namespace ModelGen.ModelFactory
{
    /// <summary>Seeded random tensors: the same seed always gives the same model and inputs.</summary>
    internal sealed class Weights
    {
        private readonly Random _random;

        public Weights(int seed) { _random = new Random(seed); }

        /// <summary>N(mean, std²) values (Box–Muller).</summary>
        public float[] Normal(int count, double std, double mean = 0)
        {
            var result = new float[count];
            for (int i = 0; i < count; i++)
            {
                double u1 = 1.0 - _random.NextDouble(), u2 = _random.NextDouble();
                result[i] = (float)(mean + std * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
            return result;
        }

        /// <summary>Uniform values in [lo, hi).</summary>
        public float[] Uniform(int count, double lo, double hi)
        {
            var result = new float[count];
            for (int i = 0; i < count; i++) result[i] = (float)(lo + (hi - lo) * _random.NextDouble());
            return result;
        }

        /// <summary>Integers in [0, max).</summary>
        public long[] Integers(int count, int max)
        {
            var result = new long[count];
            for (int i = 0; i < count; i++) result[i] = _random.Next(max);
            return result;
        }
    }
}
