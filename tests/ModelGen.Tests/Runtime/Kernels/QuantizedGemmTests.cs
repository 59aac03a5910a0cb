using System;
using System.Numerics;
using ModelGen.Runtime.Kernels;
using ModelGen.Runtime.Threading;
using Xunit;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>
/// The 8-bit product against the definition, Σ (a − za)(b − zb) in 64-bit integers: every pairing of uint8 and int8,
/// zero points absent, per tensor and per column, the full byte range (0, 255, −128 and 127 meet), and shapes that
/// leave partial row tiles (rows not a multiple of 4), partial panels (n not a multiple of 16) and partial k groups
/// (k not a multiple of 4), and k past one widened chunk. The process's instruction sets pick the tile (AVX-VNNI,
/// AVX2, scalar); the CI runs it
/// again with AVX2 and AVX-512 turned off.
/// </summary>
public class QuantizedGemmTests
{
    private static readonly (int Rows, int N, int K)[] Shapes =
    {
        (1, 1, 1), (3, 15, 3), (4, 16, 4), (5, 17, 5), (9, 40, 67), (13, 33, 300), (2, 64, 1030),
        // Past the AVX2 tile's widened chunk of A (4096 k): two chunks, the second partial; three, the last one k long.
        (3, 20, 4101), (5, 33, 8193),
    };

    public enum ZeroPoints { None, PerTensor, PerColumn }

    public static TheoryData<bool, bool, ZeroPoints> Cases()
    {
        var data = new TheoryData<bool, bool, ZeroPoints>();
        foreach (bool aSigned in new[] { false, true })
            foreach (bool bSigned in new[] { false, true })
                foreach (ZeroPoints z in Enum.GetValues<ZeroPoints>())
                    data.Add(aSigned, bSigned, z);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Products_match_the_definition(bool aSigned, bool bSigned, ZeroPoints zeroPoints)
    {
        foreach (var (rows, n, k) in Shapes)
        {
            if (aSigned) Check<sbyte>(bSigned, rows, n, k, zeroPoints, threads: null);
            else Check<byte>(bSigned, rows, n, k, zeroPoints, threads: null);
        }
    }

    [Fact]
    public void Threads_give_the_bits_of_one_thread()
    {
        var range = new ParallelRange(4, processorCap: 4);
        Check<byte>(bSigned: true, 130, 97, 260, ZeroPoints.PerColumn, range);
        Check<sbyte>(bSigned: false, 130, 97, 260, ZeroPoints.PerTensor, range);
    }

    [Fact]
    public void A_product_allocates_nothing_after_warm_up()
    {
        var range = new ParallelRange(4, processorCap: 4);
        const int rows = 130, n = 97, k = 260;
        byte[] a = Bytes<byte>(rows * k, 1), packed = new byte[QuantizedGemm.PackedLength(k, n)];
        sbyte[] b = Bytes<sbyte>(k * n, 2);
        int[] terms = new int[2 * n], y = new int[rows * n];
        QuantizedGemm.PackB<sbyte>(b, default, packed, terms, k, n);
        QuantizedGemm.Run<byte>(a, default, packed, terms, y, rows, n, k, range);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) QuantizedGemm.Run<byte>(a, default, packed, terms, y, rows, n, k, range);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_zero_point_per_column_of_the_wrong_length_is_refused()
    {
        byte[] b = new byte[4 * 3], packed = new byte[QuantizedGemm.PackedLength(4, 3)];
        Assert.Throws<ArgumentException>(() => QuantizedGemm.PackB<byte>(b, new byte[2], packed, new int[6], 4, 3));
    }

    private static void Check<TA>(bool bSigned, int rows, int n, int k, ZeroPoints zeroPoints, ParallelRange? threads)
        where TA : unmanaged, IBinaryInteger<TA>
    {
        if (bSigned) Check<TA, sbyte>(rows, n, k, zeroPoints, threads);
        else Check<TA, byte>(rows, n, k, zeroPoints, threads);
    }

    private static void Check<TA, TB>(int rows, int n, int k, ZeroPoints zeroPoints, ParallelRange? threads)
        where TA : unmanaged, IBinaryInteger<TA> where TB : unmanaged, IBinaryInteger<TB>
    {
        TA[] a = Bytes<TA>(rows * k, rows * 31 + k);
        TB[] b = Bytes<TB>(k * n, n * 17 + k);
        TA[] za = zeroPoints == ZeroPoints.None ? Array.Empty<TA>() : Bytes<TA>(1, 5);
        TB[] zb = zeroPoints switch { ZeroPoints.None => Array.Empty<TB>(), ZeroPoints.PerTensor => Bytes<TB>(1, 6), _ => Bytes<TB>(n, 7) };
        byte[] packed = new byte[QuantizedGemm.PackedLength(k, n)];
        int[] terms = new int[2 * n], y = new int[rows * n];
        QuantizedGemm.PackB<TB>(b, zb, packed, terms, k, n);
        QuantizedGemm.Run<TA>(a, za, packed, terms, y, rows, n, k, threads);
        long zaValue = za.Length == 0 ? 0 : long.CreateTruncating(za[0]);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < n; j++)
            {
                long zbValue = zb.Length == 0 ? 0 : long.CreateTruncating(zb[zb.Length == 1 ? 0 : j]);
                long sum = 0;
                for (int p = 0; p < k; p++) sum += (long.CreateTruncating(a[i * k + p]) - zaValue) * (long.CreateTruncating(b[p * n + j]) - zbValue);
                Assert.True(sum == y[i * n + j], $"{typeof(TA).Name}×{typeof(TB).Name} {rows}×{n}×{k} {zeroPoints}: y[{i}, {j}] = {y[i * n + j]}, expected {sum}");
            }
    }

    /// <summary>Random values over the type's whole range, its two extremes planted at the start.</summary>
    private static T[] Bytes<T>(int count, int seed) where T : unmanaged, IBinaryInteger<T>
    {
        var random = new Random(seed);
        bool signed = typeof(T) == typeof(sbyte);
        var values = new T[count];
        for (int i = 0; i < count; i++)
        {
            int v = i == 0 ? (signed ? -128 : 255) : i == 1 ? (signed ? 127 : 0) : signed ? random.Next(-128, 128) : random.Next(0, 256);
            values[i] = T.CreateTruncating(v);
        }
        return values;
    }
}
