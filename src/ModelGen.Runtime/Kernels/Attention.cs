using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ModelGen.Runtime.Threading;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX Attention as one fused pass per query row: scores = q·kᵀ·scale, optional softcap, plus the additive bias
/// (mask, causal frontier, sliding window, key padding), softmax, then the weighted sum of value rows. Only one
/// row of scores exists at a time (planner scratch), so no [q, kv] matrix is materialised unless the
/// qk_matmul_output output asks for it.
/// </summary>
public static partial class Attention
{
    /// <summary>No attn_mask.</summary>
    public const int NoMask = 0;
    /// <summary>A float mask added to the scores.</summary>
    public const int AdditiveMask = 1;
    /// <summary>A bool mask: true attends, false contributes −∞.</summary>
    public const int BoolMask = 2;

    /// <summary>
    /// Y[b, h, i] = Σⱼ softmax(s)[j]·V[b, h/g, j] with s[j] = cap(q·K[b, h/g, j]·scale) + bias[b, h, i, j], over the keys
    /// j of past_key followed by K (g = qHeads / kvHeads: grouped-query heads share a key/value head). The bias is
    /// the mask value (0 or −∞ for a bool mask; −∞ past its last dim), plus −∞ where is_causal forbids j > i + offset,
    /// outside the sliding window, or at j ≥ nonpad[b]; offset is nonpad[b] − qSeq with nonpad, else past.
    /// A row whose bias is −∞ everywhere gives zeros (not NaN), in Y and in the mode-3 qk output alike.
    /// Computes in <typeparamref name="T"/> (float or double; float16 reaches it widened to float).
    /// </summary>
    /// <param name="q">Queries: [batch, qHeads, qSeq, headSize], or [batch, qSeq, qHeads·headSize] when <paramref name="packed"/>.</param>
    /// <param name="k">Keys: [batch, kvHeads, kvSeq, headSize], or [batch, kvSeq, kvHeads·headSize] when packed.</param>
    /// <param name="v">Values: [batch, kvHeads, kvSeq, vHeadSize], or [batch, kvSeq, kvHeads·vHeadSize] when packed.</param>
    /// <param name="mask">The additive mask (maskKind <see cref="AdditiveMask"/>), else empty.</param>
    /// <param name="boolMask">The bool mask (maskKind <see cref="BoolMask"/>), else empty.</param>
    /// <param name="pastKey">Cached keys [batch, kvHeads, past, headSize] (empty when past is 0).</param>
    /// <param name="pastValue">Cached values [batch, kvHeads, past, vHeadSize].</param>
    /// <param name="nonpad">Valid keys per batch [batch], or empty for none.</param>
    /// <param name="y">Output: [batch, qHeads, qSeq, vHeadSize], or [batch, qSeq, qHeads·vHeadSize] when packed.</param>
    /// <param name="presentKey">past_key then K, [batch, kvHeads, past + kvSeq, headSize]; empty when not wanted.</param>
    /// <param name="presentValue">past_value then V, [batch, kvHeads, past + kvSeq, vHeadSize]; empty when not wanted.</param>
    /// <param name="qk">The qk_matmul_output [batch, qHeads, qSeq, past + kvSeq] of <paramref name="qkMode"/>; empty when not wanted.</param>
    /// <param name="scores">Scratch of at least past + kvSeq elements.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="qHeads">Query heads.</param>
    /// <param name="kvHeads">Key and value heads (divides qHeads).</param>
    /// <param name="qSeq">Query sequence length.</param>
    /// <param name="kvSeq">Key and value sequence length of K and V.</param>
    /// <param name="past">Cached sequence length (0 without past_key).</param>
    /// <param name="headSize">Query and key head size.</param>
    /// <param name="vHeadSize">Value head size.</param>
    /// <param name="packed">Q, K, V and Y are 3-D, heads packed in the last dim.</param>
    /// <param name="maskKind"><see cref="NoMask"/>, <see cref="AdditiveMask"/> or <see cref="BoolMask"/>.</param>
    /// <param name="maskLength">The mask's last dim (at most past + kvSeq); later keys are masked.</param>
    /// <param name="maskStrides">The mask's element strides along batch, query head and query row (0 where it broadcasts).</param>
    /// <param name="hasScale">False: scale is 1/√headSize.</param>
    /// <param name="scale">The scale applied to q·k when <paramref name="hasScale"/>.</param>
    /// <param name="softcap">When not 0, scores become softcap·tanh(score/softcap) before the bias.</param>
    /// <param name="causal">Applies the causal frontier.</param>
    /// <param name="leftWindow">Keys more than this many positions before the query's are masked (−1: unbounded).</param>
    /// <param name="rightWindow">Keys more than this many positions after the query's are masked (−1: unbounded).</param>
    /// <param name="qkMode">What qk holds: 0 the scaled q·k, 1 after softcap, 2 after the bias, 3 the softmax.</param>
    /// <param name="fullyMaskedRowsNaN">A row whose every score is −∞ gives NaN (the Softmax the compiler fused) instead of zeros (ONNX Attention).</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> q, ReadOnlySpan<T> k, ReadOnlySpan<T> v, ReadOnlySpan<T> mask, ReadOnlySpan<bool> boolMask,
        ReadOnlySpan<T> pastKey, ReadOnlySpan<T> pastValue, ReadOnlySpan<long> nonpad,
        Span<T> y, Span<T> presentKey, Span<T> presentValue, Span<T> qk, Span<T> scores,
        int batch, int qHeads, int kvHeads, int qSeq, int kvSeq, int past, int headSize, int vHeadSize, bool packed,
        int maskKind, int maskLength, ReadOnlySpan<int> maskStrides,
        bool hasScale, float scale, float softcap, bool causal, int leftWindow, int rightWindow, int qkMode, bool fullyMaskedRowsNaN = false,
        ParallelRange? threads = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // ONNX Attention gives a fully masked row zeros; a Softmax it was fused from gives NaN (exp(−∞ − (−∞))), which the pattern keeps.
        T masked = fullyMaskedRowsNaN ? T.NaN : T.Zero;
        var d = new Dims(batch, qHeads, kvHeads, qSeq, kvSeq, past, headSize, vHeadSize, packed);
        Check(d, q, k, v, pastKey, pastValue, nonpad, y, presentKey, presentValue, qk, scores);
        CheckMask(d, mask, boolMask, maskKind, maskLength, maskStrides);
        if (qkMode < 0 || qkMode > 3) throw new ArgumentException("qk_matmul_output_mode must be 0 to 3.", nameof(qkMode));

        if (!presentKey.IsEmpty) Present(k, pastKey, presentKey, d, headSize);
        if (!presentValue.IsEmpty) Present(v, pastValue, presentValue, d, vHeadSize);

        T sc = hasScale ? T.CreateTruncating(scale) : T.One / T.Sqrt(T.CreateTruncating(headSize));
        T cap = T.CreateTruncating(softcap);
        int total = d.Total, group = qHeads / kvHeads;
        if (!packed && past == 0 && cap == T.Zero && qk.IsEmpty && qSeq > 0 && total > 0 && scores.Length >= (long)Math.Min(BlockRows, qSeq) * total)
        {
            Blocked(q, k, v, mask, boolMask, nonpad, y, scores, d, sc, maskKind, maskLength, maskStrides, causal, leftWindow, rightWindow, masked, threads);
            return;
        }
        var row = scores.Slice(0, total);
        for (int b = 0; b < batch; b++)
        {
            bool hasNonpad = !nonpad.IsEmpty;
            long valid = hasNonpad ? nonpad[b] : long.MaxValue;
            long offset = hasNonpad ? valid - qSeq : past;
            for (int h = 0; h < qHeads; h++)
            {
                int hk = h / group;
                for (int i = 0; i < qSeq; i++)
                {
                    var qRow = q.Slice(d.Offset(b, h, i, qHeads, qSeq, headSize), headSize);
                    int qkRow = ((b * qHeads + h) * qSeq + i) * total;
                    bool attendable = false;
                    for (int j = 0; j < total; j++)
                    {
                        T s = TensorPrimitives.Dot(qRow, KeyRow(k, pastKey, d, b, hk, j, headSize)) * sc;
                        if (qkMode == 0 && !qk.IsEmpty) qk[qkRow + j] = s;
                        if (cap != T.Zero) s = cap * T.Tanh(s / cap);
                        if (qkMode == 1 && !qk.IsEmpty) qk[qkRow + j] = s;
                        T bias = Bias<T>(mask, boolMask, maskKind, maskLength, maskStrides, b, h, i, j);
                        long diff = i + offset - j; // the query's absolute position minus the key's
                        if ((causal && diff < 0) || (leftWindow >= 0 && diff > leftWindow) || (rightWindow >= 0 && -diff > rightWindow) || j >= valid)
                            bias += T.NegativeInfinity;
                        // A NaN bias (+∞ + −∞) is not "masked": the row guard, like ONNX's, tests for −∞ exactly.
                        if (bias != T.NegativeInfinity) attendable = true;
                        s += bias;
                        if (qkMode == 2 && !qk.IsEmpty) qk[qkRow + j] = s;
                        row[j] = s;
                    }
                    if (attendable && total > 0) SoftmaxInPlace(row, masked);
                    else row.Fill(masked);
                    if (qkMode == 3 && !qk.IsEmpty) row.CopyTo(qk.Slice(qkRow, total));

                    var yRow = y.Slice(d.Offset(b, h, i, qHeads, qSeq, vHeadSize), vHeadSize);
                    yRow.Clear();
                    for (int j = 0; j < total; j++)
                        TensorPrimitives.MultiplyAdd(ValueRow(v, pastValue, d, b, hk, j, vHeadSize), row[j], yRow, yRow);
                }
            }
        }
    }

    /// <summary>exp(x − max) / Σ exp(x − max); a row whose max is −∞ (every score −∞) becomes <paramref name="masked"/>.</summary>
    private static void SoftmaxInPlace<T>(Span<T> row, T masked) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = TensorPrimitives.Max<T>(row);
        if (max == T.NegativeInfinity)
        {
            row.Fill(masked);
            return;
        }
        TensorPrimitives.Subtract(row, max, row);
        TensorPrimitives.Exp(row, row);
        TensorPrimitives.Divide(row, TensorPrimitives.Sum<T>(row), row);
    }

    /// <summary>The mask's value at (b, h, i, j): the float, 0 / −∞ for a bool, −∞ past its last dim, 0 without a mask.</summary>
    private static T Bias<T>(ReadOnlySpan<T> mask, ReadOnlySpan<bool> boolMask, int maskKind, int maskLength, ReadOnlySpan<int> strides, int b, int h, int i, int j)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (maskKind == NoMask) return T.Zero;
        if (j >= maskLength) return T.NegativeInfinity;
        int at = b * strides[0] + h * strides[1] + i * strides[2] + j;
        if (maskKind == AdditiveMask) return mask[at];
        return boolMask[at] ? T.Zero : T.NegativeInfinity;
    }

    private static ReadOnlySpan<T> KeyRow<T>(ReadOnlySpan<T> k, ReadOnlySpan<T> pastKey, in Dims d, int b, int hk, int j, int width) =>
        j < d.Past ? pastKey.Slice(((b * d.KvHeads + hk) * d.Past + j) * width, width) : k.Slice(d.Offset(b, hk, j - d.Past, d.KvHeads, d.KvSeq, width), width);

    private static ReadOnlySpan<T> ValueRow<T>(ReadOnlySpan<T> v, ReadOnlySpan<T> pastValue, in Dims d, int b, int hk, int j, int width) =>
        KeyRow(v, pastValue, d, b, hk, j, width);

    /// <summary>present = past then current along the sequence axis, [batch, kvHeads, past + kvSeq, width].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Present<T>(ReadOnlySpan<T> current, ReadOnlySpan<T> pastRows, Span<T> present, in Dims d, int width)
    {
        for (int b = 0; b < d.Batch; b++)
            for (int h = 0; h < d.KvHeads; h++)
            {
                int head = (b * d.KvHeads + h) * d.Total * width;
                pastRows.Slice((b * d.KvHeads + h) * d.Past * width, d.Past * width).CopyTo(present.Slice(head, d.Past * width));
                for (int j = 0; j < d.KvSeq; j++)
                    current.Slice(d.Offset(b, h, j, d.KvHeads, d.KvSeq, width), width).CopyTo(present.Slice(head + (d.Past + j) * width, width));
            }
    }

    private static void Check<T>(in Dims d, ReadOnlySpan<T> q, ReadOnlySpan<T> k, ReadOnlySpan<T> v, ReadOnlySpan<T> pastKey, ReadOnlySpan<T> pastValue,
        ReadOnlySpan<long> nonpad, Span<T> y, Span<T> presentKey, Span<T> presentValue, Span<T> qk, Span<T> scores)
    {
        if (d.Batch < 0 || d.QHeads < 0 || d.KvHeads <= 0 || d.QSeq < 0 || d.KvSeq < 0 || d.Past < 0 || d.HeadSize < 0 || d.VHeadSize < 0)
            throw new ArgumentException("Negative Attention dimension (or no key/value heads).");
        if (d.QHeads % d.KvHeads != 0) throw new ArgumentException("The query heads must be a multiple of the key/value heads.", nameof(q));
        long heads = (long)d.Batch * d.QHeads, kvHeads = (long)d.Batch * d.KvHeads;
        Simd.Need(q.Length, heads * d.QSeq * d.HeadSize, nameof(q));
        Simd.Need(k.Length, kvHeads * d.KvSeq * d.HeadSize, nameof(k));
        Simd.Need(v.Length, kvHeads * d.KvSeq * d.VHeadSize, nameof(v));
        Simd.Need(pastKey.Length, kvHeads * d.Past * d.HeadSize, nameof(pastKey));
        Simd.Need(pastValue.Length, kvHeads * d.Past * d.VHeadSize, nameof(pastValue));
        if (!nonpad.IsEmpty) Simd.Need(nonpad.Length, d.Batch, nameof(nonpad));
        Simd.Need(y.Length, heads * d.QSeq * d.VHeadSize, nameof(y));
        if (!presentKey.IsEmpty) Simd.Need(presentKey.Length, kvHeads * d.Total * d.HeadSize, nameof(presentKey));
        if (!presentValue.IsEmpty) Simd.Need(presentValue.Length, kvHeads * d.Total * d.VHeadSize, nameof(presentValue));
        if (!qk.IsEmpty) Simd.Need(qk.Length, heads * d.QSeq * d.Total, nameof(qk));
        Simd.Need(scores.Length, d.Total, nameof(scores));
    }

    private static void CheckMask<T>(in Dims d, ReadOnlySpan<T> mask, ReadOnlySpan<bool> boolMask, int maskKind, int maskLength, ReadOnlySpan<int> strides)
    {
        if (maskKind == NoMask) return;
        if (maskKind != AdditiveMask && maskKind != BoolMask) throw new ArgumentException("Unknown mask kind.", nameof(maskKind));
        if (strides.Length != 3 || strides[0] < 0 || strides[1] < 0 || strides[2] < 0) throw new ArgumentException("The mask needs three non-negative strides.", nameof(strides));
        if (maskLength < 0 || maskLength > d.Total) throw new ArgumentException($"The mask's last dim {maskLength} exceeds the {d.Total} keys.", nameof(maskLength));
        if (d.Batch == 0 || d.QHeads == 0 || d.QSeq == 0 || maskLength == 0) return;
        long needed = (long)(d.Batch - 1) * strides[0] + (long)(d.QHeads - 1) * strides[1] + (long)(d.QSeq - 1) * strides[2] + maskLength;
        Simd.Need(maskKind == AdditiveMask ? mask.Length : boolMask.Length, needed, "mask");
    }

    /// <summary>The sizes, and where a head's row starts in either layout.</summary>
    private readonly struct Dims
    {
        public Dims(int batch, int qHeads, int kvHeads, int qSeq, int kvSeq, int past, int headSize, int vHeadSize, bool packed)
        {
            Batch = batch; QHeads = qHeads; KvHeads = kvHeads; QSeq = qSeq; KvSeq = kvSeq; Past = past;
            HeadSize = headSize; VHeadSize = vHeadSize; Packed = packed;
        }

        public int Batch { get; }
        public int QHeads { get; }
        public int KvHeads { get; }
        public int QSeq { get; }
        public int KvSeq { get; }
        public int Past { get; }
        public int HeadSize { get; }
        public int VHeadSize { get; }
        public bool Packed { get; }
        public int Total => Past + KvSeq;

        /// <summary>Start of row (b, h, s) of width <paramref name="width"/>: [b, h, s, :] or, packed, [b, s, h·width ..].</summary>
        public int Offset(int b, int h, int s, int heads, int seq, int width) =>
            (Packed ? (b * seq + s) * heads + h : (b * heads + h) * seq + s) * width;
    }
}
