using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX Scan's slicing: a tensor viewed as [before, steps, after] around its scan axis gives the body one
/// [before, after] slice per step, and a scan output takes the body's slice back at its step.
/// </summary>
public static class ScanSlices
{
    /// <summary>Copies step <paramref name="index"/> of <paramref name="source"/> into <paramref name="slice"/>.</summary>
    /// <param name="source">The scan input, [before, steps, after].</param>
    /// <param name="slice">The body's slice, [before, after].</param>
    /// <param name="before">Product of the dims before the scan axis.</param>
    /// <param name="steps">The scan axis length.</param>
    /// <param name="after">Product of the dims after the scan axis.</param>
    /// <param name="index">The step, in [0, steps).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Take<T>(ReadOnlySpan<T> source, Span<T> slice, int before, int steps, int after, int index) where T : unmanaged
    {
        Check(source.Length, slice.Length, before, steps, after, index);
        if (before == 1)
        {
            source.Slice(index * after, after).CopyTo(slice);
            return;
        }
        for (int b = 0; b < before; b++)
            source.Slice((b * steps + index) * after, after).CopyTo(slice.Slice(b * after, after));
    }

    /// <summary>Copies <paramref name="slice"/> into step <paramref name="index"/> of <paramref name="destination"/>.</summary>
    /// <param name="slice">The body's result, [before, after].</param>
    /// <param name="destination">The scan output, [before, steps, after].</param>
    /// <param name="before">Product of the dims before the scan axis.</param>
    /// <param name="steps">The scan axis length.</param>
    /// <param name="after">Product of the dims after the scan axis.</param>
    /// <param name="index">The step, in [0, steps).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Put<T>(ReadOnlySpan<T> slice, Span<T> destination, int before, int steps, int after, int index) where T : unmanaged
    {
        Check(destination.Length, slice.Length, before, steps, after, index);
        if (before == 1)
        {
            slice.Slice(0, after).CopyTo(destination.Slice(index * after, after));
            return;
        }
        for (int b = 0; b < before; b++)
            slice.Slice(b * after, after).CopyTo(destination.Slice((b * steps + index) * after, after));
    }

    private static void Check(int whole, int slice, int before, int steps, int after, int index)
    {
        if (before < 0 || steps < 0 || after < 0) throw new ArgumentException("Scan: negative dims.");
        if ((uint)index >= (uint)steps) throw new ArgumentOutOfRangeException(nameof(index), $"Scan step {index} is outside [0, {steps}).");
        Simd.Need(whole, (long)before * steps * after, "scan tensor");
        Simd.Need(slice, (long)before * after, "scan slice");
    }
}
