using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// A constant right operand packed once, at load time, into the panels the micro-kernels stream: B [k, n] becomes
/// ⌈n/32⌉ panels of k rows × <see cref="PackedPanel"/> columns, each contiguous and zero-padded past n. Every kernel
/// width reads it in place (the 512-bit tiles a whole panel row, the 256- and 128-bit tiles part of one, with the same
/// row stride), so a product over packed B copies nothing per call. In the product engine packed B is
/// <c>bcs = </c><see cref="PackedB"/> with <c>brs = k</c>.
/// </summary>
public static partial class Gemm
{
    /// <summary>Columns per packed panel: the widest register tile (two 512-bit vectors of floats).</summary>
    public const int PackedPanel = 32;

    /// <summary>The column stride that marks B as packed by <see cref="PackB"/> (no real stride is negative).</summary>
    internal const int PackedB = -1;

    /// <summary>Elements <see cref="PackB"/> writes for a k × n B.</summary>
    /// <param name="k">Rows of B.</param>
    /// <param name="n">Columns of B.</param>
    public static long PackedLength(int k, int n) => (long)(n + PackedPanel - 1) / PackedPanel * PackedPanel * k;

    /// <summary>
    /// Packs B [k, n] (row-major, or [n, k] when <paramref name="transposed"/>, as Gemm's transB reads it) into
    /// <see cref="PackedLength"/> elements of panels.
    /// </summary>
    /// <param name="b">B.</param>
    /// <param name="packed">The packed panels.</param>
    /// <param name="k">Depth of the product.</param>
    /// <param name="n">Columns of the product.</param>
    /// <param name="transposed">Whether b is stored [n, k].</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB<T>(ReadOnlySpan<T> b, Span<T> packed, int k, int n, bool transposed) where T : unmanaged, INumber<T>
    {
        if (k < 0 || n < 0) throw new ArgumentException("Negative GEMM dimension.");
        Simd.Need(b.Length, (long)k * n, nameof(b));
        Simd.Need(packed.Length, PackedLength(k, n), nameof(packed));
        int panels = (n + PackedPanel - 1) / PackedPanel;
        for (int jp = 0; jp < panels; jp++)
        {
            var panel = packed.Slice(jp * k * PackedPanel, k * PackedPanel);
            int j0 = jp * PackedPanel, width = Math.Min(PackedPanel, n - j0);
            if (width < PackedPanel) panel.Clear();
            for (int p = 0; p < k; p++)
                for (int j = 0; j < width; j++)
                    panel[p * PackedPanel + j] = transposed ? b[(j0 + j) * k + p] : b[p * n + j0 + j];
        }
    }

    /// <summary>Row <paramref name="p0"/> of the packed panel holding column <paramref name="j0"/> (at its column), for a B <paramref name="depth"/> rows deep.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float* PackedPanelAt(float* b, int depth, int p0, int j0) =>
        b + (nint)(j0 / PackedPanel) * depth * PackedPanel + (nint)p0 * PackedPanel + j0 % PackedPanel;
}
