using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Cli
{
    /// <summary>
    /// The single-core fp32 FMA peak of this machine, measured (the CPU differs between machines of one kind): a loop
    /// of independent vector multiply-adds at the widest accelerated width, 12 accumulators so latency does not bound
    /// it. Reported beside any latency figure so that figures from different machines can be compared.
    /// </summary>
    internal static class FmaPeak
    {
        /// <summary>GFLOP/s (2 flops per lane per FMA) and the width used.</summary>
        public static (double GFlops, int Bits) Measure(double seconds = 0.3)
        {
            if (Vector512.IsHardwareAccelerated) return (Run<W512, Vector512<float>>(seconds), 512);
            if (Vector256.IsHardwareAccelerated) return (Run<W256, Vector256<float>>(seconds), 256);
            return (Run<W128, Vector128<float>>(seconds), 128);
        }

        private static double Run<TW, TV>(double seconds) where TW : struct, IWidth<TV> where TV : struct
        {
            const int BurstLength = 1 << 14;
            long iterations = 0;
            var clock = Stopwatch.StartNew();
            do
            {
                s_sink += Burst<TW, TV>(BurstLength);
                iterations += BurstLength;
            }
            while (clock.Elapsed.TotalSeconds < seconds);
            return iterations * 12.0 * TW.Lanes * 2 / clock.Elapsed.TotalSeconds / 1e9;
        }

        /// <summary>
        /// The timed loop, in a method of its own with no call inside: vector registers do not survive a call, so
        /// with the clock read in the same loop the JIT kept the 12 accumulators on the stack, and the figure was a
        /// fifth of the real peak (25 against 130 GFLOP/s on a Xeon with AVX-512). Optimised at once, not tiered up.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static float Burst<TW, TV>(int iterations) where TW : struct, IWidth<TV> where TV : struct
        {
            TV a = TW.Splat(1.0000001f), b = TW.Splat(0.9999999f);
            TV c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default,
                c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
            for (int i = 0; i < iterations; i++)
            {
                c0 = TW.Fma(a, b, c0); c1 = TW.Fma(a, b, c1); c2 = TW.Fma(a, b, c2); c3 = TW.Fma(a, b, c3);
                c4 = TW.Fma(a, b, c4); c5 = TW.Fma(a, b, c5); c6 = TW.Fma(a, b, c6); c7 = TW.Fma(a, b, c7);
                c8 = TW.Fma(a, b, c8); c9 = TW.Fma(a, b, c9); c10 = TW.Fma(a, b, c10); c11 = TW.Fma(a, b, c11);
            }
            // Use the results, so the loop is not removed.
            return TW.First(c0) + TW.First(c1) + TW.First(c2) + TW.First(c3) + TW.First(c4) + TW.First(c5) +
                   TW.First(c6) + TW.First(c7) + TW.First(c8) + TW.First(c9) + TW.First(c10) + TW.First(c11);
        }

        private static float s_sink;

        private interface IWidth<TV> where TV : struct
        {
            static abstract int Lanes { get; }
            static abstract TV Splat(float x);
            static abstract TV Fma(TV a, TV b, TV c);
            static abstract float First(TV v);
        }

        private readonly struct W512 : IWidth<Vector512<float>>
        {
            public static int Lanes => 16;
            public static Vector512<float> Splat(float x) => Vector512.Create(x);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);
            public static float First(Vector512<float> v) => v.ToScalar();
        }

        private readonly struct W256 : IWidth<Vector256<float>>
        {
            public static int Lanes => 8;
            public static Vector256<float> Splat(float x) => Vector256.Create(x);
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);
            public static float First(Vector256<float> v) => v.ToScalar();
        }

        private readonly struct W128 : IWidth<Vector128<float>>
        {
            public static int Lanes => 4;
            public static Vector128<float> Splat(float x) => Vector128.Create(x);
            // Without FMA hardware, MultiplyAddEstimate is a multiply and an add: the peak then counts both.
            [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Fma(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);
            public static float First(Vector128<float> v) => v.ToScalar();
        }
    }
}
