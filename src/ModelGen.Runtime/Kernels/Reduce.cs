using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The ONNX ReduceX family over any set of axes. The compiler passes the input's dims with a 0/1 flag per dim
/// (adjacent axes of the same kind already merged), or, when the axes are a run-time tensor, the input's dims and
/// that tensor. Each output element folds its input elements in an accumulator: double for float types, long for
/// signed and ulong for unsigned integers (sums wrap to the element type, as numpy's do). The last kept axis is
/// walked in chunks so that every pass reads contiguous memory whichever axes are reduced.
/// </summary>
public static partial class Reduce
{
    /// <summary>Σ x.</summary>
    public static void Sum<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<int> reduced) where T : unmanaged, INumberBase<T> => Dispatch<T, SumOf>(x, y, dims, reduced);
    /// <summary>Σ x / n (integers: truncated).</summary>
    public static void Mean<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<int> reduced) where T : unmanaged, INumberBase<T> => Dispatch<T, MeanOf>(x, y, dims, reduced);
    /// <summary>max x (NaN propagates; -inf or the type's minimum over no elements).</summary>
    public static void Max<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<int> reduced) where T : unmanaged, INumberBase<T> => Dispatch<T, MaxOf>(x, y, dims, reduced);
    /// <summary>min x (NaN propagates; +inf or the type's maximum over no elements).</summary>
    public static void Min<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<int> reduced) where T : unmanaged, INumberBase<T> => Dispatch<T, MinOf>(x, y, dims, reduced);
    /// <summary>Π x.</summary>
    public static void Prod<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<int> reduced) where T : unmanaged, INumberBase<T> => Dispatch<T, ProdOf>(x, y, dims, reduced);
    /// <summary>Σ |x|.</summary>
    public static void L1<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<int> reduced) where T : unmanaged, INumberBase<T> => Dispatch<T, L1Of>(x, y, dims, reduced);
    /// <summary>√(Σ x²).</summary>
    public static void L2<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<int> reduced) where T : unmanaged, INumberBase<T> => Dispatch<T, L2Of>(x, y, dims, reduced);
    /// <summary>log Σ x.</summary>
    public static void LogSum<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<int> reduced) where T : unmanaged, INumberBase<T> => Dispatch<T, LogSumOf>(x, y, dims, reduced);
    /// <summary>log Σ exp x.</summary>
    public static void LogSumExp<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<int> reduced) where T : unmanaged, INumberBase<T> => Dispatch<T, LogSumExpOf>(x, y, dims, reduced);
    /// <summary>Σ x².</summary>
    public static void SumSquare<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<int> reduced) where T : unmanaged, INumberBase<T> => Dispatch<T, SumSquareOf>(x, y, dims, reduced);

    // Run-time axes: the same folds, with the reduced flags worked out from the axes tensor.
    /// <summary>Σ x over run-time axes.</summary>
    public static void Sum<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<long> axes) where T : unmanaged, INumberBase<T> => Sum(x, y, dims, Flags(dims, axes, stackalloc int[MaxRank]));
    /// <summary>Σ x / n over run-time axes.</summary>
    public static void Mean<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<long> axes) where T : unmanaged, INumberBase<T> => Mean(x, y, dims, Flags(dims, axes, stackalloc int[MaxRank]));
    /// <summary>max x over run-time axes.</summary>
    public static void Max<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<long> axes) where T : unmanaged, INumberBase<T> => Max(x, y, dims, Flags(dims, axes, stackalloc int[MaxRank]));
    /// <summary>min x over run-time axes.</summary>
    public static void Min<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<long> axes) where T : unmanaged, INumberBase<T> => Min(x, y, dims, Flags(dims, axes, stackalloc int[MaxRank]));
    /// <summary>Π x over run-time axes.</summary>
    public static void Prod<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<long> axes) where T : unmanaged, INumberBase<T> => Prod(x, y, dims, Flags(dims, axes, stackalloc int[MaxRank]));
    /// <summary>Σ |x| over run-time axes.</summary>
    public static void L1<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<long> axes) where T : unmanaged, INumberBase<T> => L1(x, y, dims, Flags(dims, axes, stackalloc int[MaxRank]));
    /// <summary>√(Σ x²) over run-time axes.</summary>
    public static void L2<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<long> axes) where T : unmanaged, INumberBase<T> => L2(x, y, dims, Flags(dims, axes, stackalloc int[MaxRank]));
    /// <summary>log Σ x over run-time axes.</summary>
    public static void LogSum<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<long> axes) where T : unmanaged, INumberBase<T> => LogSum(x, y, dims, Flags(dims, axes, stackalloc int[MaxRank]));
    /// <summary>log Σ exp x over run-time axes.</summary>
    public static void LogSumExp<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<long> axes) where T : unmanaged, INumberBase<T> => LogSumExp(x, y, dims, Flags(dims, axes, stackalloc int[MaxRank]));
    /// <summary>Σ x² over run-time axes.</summary>
    public static void SumSquare<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<long> axes) where T : unmanaged, INumberBase<T> => SumSquare(x, y, dims, Flags(dims, axes, stackalloc int[MaxRank]));

    /// <summary>The output dims for run-time axes: reduced axes become 1 (<paramref name="keepDims"/>) or go.</summary>
    /// <param name="axes">The axes tensor (non-empty; negative values count from the end).</param>
    /// <param name="inputDims">The input's dims.</param>
    /// <param name="keepDims">Whether reduced axes stay as 1.</param>
    /// <param name="dims">The output dims.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OutputDims(ReadOnlySpan<long> axes, ReadOnlySpan<int> inputDims, bool keepDims, Span<int> dims)
    {
        Span<int> flags = Flags(inputDims, axes, stackalloc int[MaxRank]);
        for (int i = 0, k = 0; i < inputDims.Length; i++)
        {
            if (flags[i] == 0) dims[k++] = inputDims[i];
            else if (keepDims) dims[k++] = 1;
        }
    }

    private const int MaxRank = 16;

    /// <summary>0/1 per input dim from an axes tensor; repeated or out-of-range axes are errors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Span<int> Flags(ReadOnlySpan<int> dims, ReadOnlySpan<long> axes, Span<int> buffer)
    {
        if (dims.Length > MaxRank) throw new ArgumentException($"Reductions support up to {MaxRank} dims.");
        Span<int> flags = buffer.Slice(0, dims.Length);
        flags.Clear();
        foreach (long a in axes)
        {
            long axis = a < 0 ? a + dims.Length : a;
            if (axis < 0 || axis >= dims.Length || flags[(int)axis] != 0) throw new ArgumentException($"Reduction axis {a} is out of range or repeated for rank {dims.Length}.");
            flags[(int)axis] = 1;
        }
        return flags;
    }

    /// <summary>Picks the accumulator by the element type; the JIT keeps only the branch for T.</summary>
    private static void Dispatch<T, TFold>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<int> reduced)
        where T : unmanaged, INumberBase<T> where TFold : struct, IFold
    {
        // exp of an integer is not an integer: LogSumExp sums in double whatever the element type, and truncates once at the end.
        if (typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half) || typeof(TFold) == typeof(LogSumExpOf)) Run<T, double, TFold>(x, y, dims, reduced);
        else if (typeof(T) == typeof(byte) || typeof(T) == typeof(ushort) || typeof(T) == typeof(uint) || typeof(T) == typeof(ulong)) Run<T, ulong, TFold>(x, y, dims, reduced);
        else Run<T, long, TFold>(x, y, dims, reduced);
    }

    // Kept columns folded together: bounds the stack accumulators (2 KiB of doubles).
    private const int Chunk = 256;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<T, TAcc, TFold>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> dims, ReadOnlySpan<int> reduced)
        where T : unmanaged, INumberBase<T> where TAcc : unmanaged, INumber<TAcc> where TFold : struct, IFold
    {
        int rank = dims.Length;
        if (rank > MaxRank || reduced.Length != rank) throw new ArgumentException($"Reductions take up to {MaxRank} dims, each with a 0/1 flag.");
        long total = 1, outTotal = 1, count = 1;
        for (int i = 0; i < rank; i++)
        {
            if (dims[i] < 0) throw new ArgumentException("Negative dim.");
            total *= dims[i];
            if (reduced[i] != 0) count *= dims[i]; else outTotal *= dims[i];
        }
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, outTotal, nameof(y));
        if (outTotal == 0) return;

        // Strides of the input; the last kept axis (when it is the last axis) is the contiguous "inner" run.
        Span<long> stride = stackalloc long[MaxRank];
        for (int i = rank - 1, s = 1; i >= 0; s *= Math.Max(dims[i], 1), i--) stride[i] = s;
        bool innerKept = rank > 0 && reduced[rank - 1] == 0;
        int inner = innerKept ? dims[rank - 1] : 1;
        int outerRank = innerKept ? rank - 1 : rank;
        // The last reduced axis is walked by its own loop; the other reduced axes and the outer kept axes by odometers.
        int lastReduced = -1;
        for (int i = rank - 1; i >= 0; i--) if (reduced[i] != 0) { lastReduced = i; break; }
        int runLength = lastReduced >= 0 ? dims[lastReduced] : 1;
        long runStride = lastReduced >= 0 ? stride[lastReduced] : 0;
        if (count == 0) runLength = 0;

        Span<TAcc> acc = stackalloc TAcc[Chunk];
        Span<int> outerIndex = stackalloc int[MaxRank], reducedIndex = stackalloc int[MaxRank];
        outerIndex.Clear();
        long outPos = 0;
        long outerCount = outTotal / Math.Max(inner, 1);
        for (long o = 0; o < outerCount; o++)
        {
            long baseOffset = 0;
            for (int i = 0; i < outerRank; i++) if (reduced[i] == 0) baseOffset += outerIndex[i] * stride[i];
            for (int c0 = 0; c0 < inner; c0 += Chunk)
            {
                int w = Math.Min(Chunk, inner - c0);
                Span<TAcc> a = acc.Slice(0, w);
                a.Fill(TFold.Seed<TAcc>());
                reducedIndex.Clear();
                while (true)
                {
                    long offset = baseOffset + c0;
                    for (int i = 0; i < rank; i++) if (reduced[i] != 0 && i != lastReduced) offset += reducedIndex[i] * stride[i];
                    for (int k = 0; k < runLength; k++, offset += runStride)
                    {
                        ReadOnlySpan<T> row = x.Slice((int)offset, w);
                        for (int j = 0; j < w; j++) a[j] = TFold.Step(a[j], TAcc.CreateTruncating(row[j]));
                    }
                    if (!Advance(reducedIndex, dims, reduced, lastReduced, wantReduced: true)) break;
                }
                Span<T> dst = y.Slice((int)(outPos + c0), w);
                for (int j = 0; j < w; j++) dst[j] = Convert<T, TAcc, TFold>(TFold.Finish(a[j], count));
            }
            outPos += inner;
            Advance(outerIndex, dims, reduced, innerKept ? rank - 1 : -1, wantReduced: false);
        }
    }

    /// <summary>Steps an odometer over the axes of one kind (reduced or kept), skipping <paramref name="skip"/>; false once it wraps around.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Advance(Span<int> index, ReadOnlySpan<int> dims, ReadOnlySpan<int> reduced, int skip, bool wantReduced)
    {
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            if (i == skip || (reduced[i] != 0) != wantReduced) continue;
            if (++index[i] < dims[i]) return true;
            index[i] = 0;
        }
        return false;
    }

    /// <summary>The accumulator back to the element type: integer sums wrap, Max/Min saturate (an empty Max gives the type's minimum), floats round.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Convert<T, TAcc, TFold>(TAcc value) where T : INumberBase<T> where TAcc : INumber<TAcc> where TFold : IFold =>
        TFold.Saturates ? T.CreateSaturating(value) : T.CreateTruncating(value);
}
