using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using ModelGen.Runtime.Threading;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The blocked path of <see cref="Attention"/>, and how it shares its work: each (batch, head, block of query rows) is
/// one unit, two GEMMs and the softmax of its rows, independent of the others, so a thread budget takes units whole
/// (each part with its own block of scores) and the bits are those of one thread. A BERT layer's attention, 12 heads
/// of 128 queries, was the calling thread's alone while the other waited.
/// </summary>
public static partial class Attention
{
    /// <summary>Query rows per block of the blocked path: its scores scratch is this many rows of keys.</summary>
    public const int BlockRows = 64;

    /// <summary>
    /// The common case (heads in their own axis, no past keys, no softcap, no qk output) by blocks of query rows:
    /// S = scale·Q·Kᵀ and Y = softmax(S + bias)·V as two GEMMs per block, so the products run in the GEMM kernel
    /// instead of one short dot product per (query, key) pair. Same bias rules and row guard as the row-by-row path.
    /// </summary>
    private static unsafe void Blocked<T>(ReadOnlySpan<T> q, ReadOnlySpan<T> k, ReadOnlySpan<T> v, ReadOnlySpan<T> mask, ReadOnlySpan<bool> boolMask,
        ReadOnlySpan<long> nonpad, Span<T> y, Span<T> scores, in Dims d, T sc, int maskKind, int maskLength, ReadOnlySpan<int> maskStrides,
        bool causal, int leftWindow, int rightWindow, T masked, ParallelRange? threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int blocks = (d.QSeq + BlockRows - 1) / BlockRows, units = d.Batch * d.QHeads * blocks;
        long work = (long)d.Batch * d.QHeads * d.QSeq * d.Total * (d.HeadSize + d.VHeadSize);
        int parts = ParallelRange.PartsFor(threads, units, work);
        if (parts <= 1)
        {
            BlockedUnits(q, k, v, mask, boolMask, nonpad, y, scores, d, sc, maskKind, maskLength, maskStrides, causal, leftWindow, rightWindow, masked, 0, units);
            return;
        }
        // Parts past the first need their own block of scores, which the budget keeps between calls.
        int blockScores = Math.Min(BlockRows, d.QSeq) * d.Total;
        byte[] more = threads!.Scratch((long)blockScores * Unsafe.SizeOf<T>() * (parts - 1));
        fixed (T* pq = q, pk = k, pv = v, pm = mask, py = y, ps = scores)
        fixed (bool* pbm = boolMask)
        fixed (long* pn = nonpad)
        fixed (int* pstr = maskStrides)
        fixed (byte* pmore = more)
        {
            var job = new BlockedJob<T>
            {
                Q = pq, K = pk, V = pv, Mask = pm, Y = py, Scores = ps, MoreScores = (T*)pmore, BoolMask = pbm, Nonpad = pn, MaskStrides = pstr,
                QLength = q.Length, KLength = k.Length, VLength = v.Length, MaskLength = mask.Length, YLength = y.Length, BoolMaskLength = boolMask.Length,
                NonpadLength = nonpad.Length, MaskStridesLength = maskStrides.Length, BlockScores = blockScores, D = d, Scale = sc,
                MaskKind = maskKind, MaskElements = maskLength, Causal = causal, LeftWindow = leftWindow, RightWindow = rightWindow, Masked = masked,
            };
            ParallelRange.Run(threads, units, parts, job);
        }
    }

    /// <summary>Units [start, end) of the blocked path, unit u being batch u / (heads·blocks), head (u / blocks) mod heads, block u mod blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockedUnits<T>(ReadOnlySpan<T> q, ReadOnlySpan<T> k, ReadOnlySpan<T> v, ReadOnlySpan<T> mask, ReadOnlySpan<bool> boolMask,
        ReadOnlySpan<long> nonpad, Span<T> y, Span<T> scores, in Dims d, T sc, int maskKind, int maskLength, ReadOnlySpan<int> maskStrides,
        bool causal, int leftWindow, int rightWindow, T masked, int start, int end) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int total = d.Total, group = d.QHeads / d.KvHeads, blocks = (d.QSeq + BlockRows - 1) / BlockRows;
        bool anyBias = maskKind != NoMask || causal || leftWindow >= 0 || rightWindow >= 0 || !nonpad.IsEmpty;
        for (int u = start; u < end; u++)
        {
            int b = u / (d.QHeads * blocks), h = u / blocks % d.QHeads, i0 = u % blocks * BlockRows;
            long valid = nonpad.IsEmpty ? long.MaxValue : nonpad[b];
            long offset = nonpad.IsEmpty ? 0 : valid - d.QSeq;
            int hk = h / group;
            var keys = k.Slice(d.Offset(b, hk, 0, d.KvHeads, d.KvSeq, d.HeadSize), d.KvSeq * d.HeadSize);
            var values = v.Slice(d.Offset(b, hk, 0, d.KvHeads, d.KvSeq, d.VHeadSize), d.KvSeq * d.VHeadSize);
            int rows = Math.Min(BlockRows, d.QSeq - i0);
            var s = scores.Slice(0, rows * total);
            var queries = q.Slice(d.Offset(b, h, i0, d.QHeads, d.QSeq, d.HeadSize), rows * d.HeadSize);
            Gemm.Run(queries, keys, default, s, rows, total, d.HeadSize, false, true, sc, T.Zero, 0, 0);
            for (int r = 0; r < rows; r++)
            {
                var row = s.Slice(r * total, total);
                int i = i0 + r;
                bool attendable = !anyBias;
                if (anyBias)
                    for (int j = 0; j < total; j++)
                    {
                        T bias = Bias<T>(mask, boolMask, maskKind, maskLength, maskStrides, b, h, i, j);
                        long diff = i + offset - j;
                        if ((causal && diff < 0) || (leftWindow >= 0 && diff > leftWindow) || (rightWindow >= 0 && -diff > rightWindow) || j >= valid)
                            bias += T.NegativeInfinity;
                        if (bias != T.NegativeInfinity) attendable = true;
                        row[j] += bias;
                    }
                if (attendable) SoftmaxInPlace(row, masked);
                else row.Fill(masked);
            }
            var output = y.Slice(d.Offset(b, h, i0, d.QHeads, d.QSeq, d.VHeadSize), rows * d.VHeadSize);
            Gemm.Run(s, values, default, output, rows, d.VHeadSize, total, false, false, T.One, T.Zero, 0, 0);
        }
    }

    /// <summary>One part's units of the blocked path, over the operands as pointers (a job is an unmanaged struct).</summary>
    private unsafe struct BlockedJob<T> : IRangeJob where T : unmanaged, IFloatingPointIeee754<T>
    {
        public T* Q, K, V, Mask, Y, Scores, MoreScores;
        public bool* BoolMask;
        public long* Nonpad;
        public int* MaskStrides;
        public int QLength, KLength, VLength, MaskLength, YLength, BoolMaskLength, NonpadLength, MaskStridesLength, BlockScores;
        public Dims D;
        public T Scale, Masked;
        public int MaskKind, MaskElements, LeftWindow, RightWindow;
        public bool Causal;

        public readonly void Execute(int start, int end, int part)
        {
            var scores = part == 0 ? new Span<T>(Scores, BlockScores) : new Span<T>(MoreScores + (nint)(part - 1) * BlockScores, BlockScores);
            BlockedUnits(new ReadOnlySpan<T>(Q, QLength), new ReadOnlySpan<T>(K, KLength), new ReadOnlySpan<T>(V, VLength),
                new ReadOnlySpan<T>(Mask, MaskLength), new ReadOnlySpan<bool>(BoolMask, BoolMaskLength), new ReadOnlySpan<long>(Nonpad, NonpadLength),
                new Span<T>(Y, YLength), scores, D, Scale, MaskKind, MaskElements, new ReadOnlySpan<int>(MaskStrides, MaskStridesLength),
                Causal, LeftWindow, RightWindow, Masked, start, end);
        }
    }
}
