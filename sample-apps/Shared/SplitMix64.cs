namespace ModelGen.Samples
{
    /// <summary>
    /// SplitMix64, a tiny seeded random number generator whose output is fixed by its algorithm,
    /// unlike <see cref="System.Random"/>, so the generated digits and the trained weights are the same everywhere.
    /// </summary>
    public sealed class SplitMix64
    {
        private ulong _state;

        /// <summary>Starts the sequence for <paramref name="seed"/>.</summary>
        public SplitMix64(ulong seed) => _state = seed;

        /// <summary>The next 64 random bits.</summary>
        public ulong NextUInt64()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>A float uniformly drawn from [0, 1), with 24 random bits.</summary>
        public float NextFloat() => (NextUInt64() >> 40) * (1.0f / 16777216.0f);

        /// <summary>A float uniformly drawn from [<paramref name="min"/>, <paramref name="max"/>).</summary>
        public float NextFloat(float min, float max) => min + (max - min) * NextFloat();

        /// <summary>An integer uniformly drawn from [0, <paramref name="count"/>), for 0 &lt; count &lt; 2^31.</summary>
        public int NextInt(int count) => (int)(((NextUInt64() >> 32) * (ulong)count) >> 32);

        /// <summary>An integer uniformly drawn from [<paramref name="min"/>, <paramref name="max"/>] (both included).</summary>
        public int NextInt(int min, int max) => min + NextInt(max - min + 1);
    }
}
