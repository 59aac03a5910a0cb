using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX FlexAttention's two fixed stages around its modifier graphs: the scaled scores, and the probabilities'
/// weighted sum of value rows (the softmax between them is <see cref="Softmax"/>).
/// </summary>
public static class FlexAttention
{
    /// <summary>
    /// scores[b, h, i, j] = (q[b, h, i]·√s)·(k[b, h/g, j]·√s) with s = scale (or 1/√headSize) and g = qHeads / kvHeads.
    /// As ONNX defines it, √s is taken in float and rounded to <typeparamref name="T"/>, and each scaled element of q
    /// and k rounds to <typeparamref name="T"/> before the product; the dot product accumulates in float for float16
    /// (else in <typeparamref name="T"/>) and rounds to <typeparamref name="T"/>, then widens to <typeparamref name="TC"/>.
    /// </summary>
    /// <param name="q">Queries, [batch, qHeads, qSeq, headSize].</param>
    /// <param name="k">Keys, [batch, kvHeads, kvSeq, headSize].</param>
    /// <param name="scores">Output, [batch, qHeads, qSeq, kvSeq].</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="qHeads">Query heads (a multiple of kvHeads).</param>
    /// <param name="kvHeads">Key/value heads.</param>
    /// <param name="qSeq">Query sequence length.</param>
    /// <param name="kvSeq">Key sequence length.</param>
    /// <param name="headSize">Query and key head size.</param>
    /// <param name="hasScale">False: the scale is 1/√headSize.</param>
    /// <param name="scale">The scale when <paramref name="hasScale"/>.</param>
    public static void Scores<T, TC>(ReadOnlySpan<T> q, ReadOnlySpan<T> k, Span<TC> scores,
        int batch, int qHeads, int kvHeads, int qSeq, int kvSeq, int headSize, bool hasScale, float scale)
        where T : unmanaged, IFloatingPointIeee754<T> where TC : unmanaged, IFloatingPointIeee754<TC>
    {
        Check(batch, qHeads, kvHeads, qSeq, kvSeq, headSize);
        Simd.Need(q.Length, (long)batch * qHeads * qSeq * headSize, nameof(q));
        Simd.Need(k.Length, (long)batch * kvHeads * kvSeq * headSize, nameof(k));
        Simd.Need(scores.Length, (long)batch * qHeads * qSeq * kvSeq, nameof(scores));
        float s = hasScale ? scale : 1f / MathF.Sqrt(headSize);
        T root = T.CreateTruncating(MathF.Sqrt(s));
        if (typeof(T) == typeof(Half)) ScoresIn<T, TC, float>(q, k, scores, batch, qHeads, kvHeads, qSeq, kvSeq, headSize, root);
        else ScoresIn<T, TC, T>(q, k, scores, batch, qHeads, kvHeads, qSeq, kvSeq, headSize, root);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScoresIn<T, TC, TA>(ReadOnlySpan<T> q, ReadOnlySpan<T> k, Span<TC> scores,
        int batch, int qHeads, int kvHeads, int qSeq, int kvSeq, int headSize, T root)
        where T : unmanaged, IFloatingPointIeee754<T> where TC : unmanaged, IFloatingPointIeee754<TC> where TA : unmanaged, IFloatingPointIeee754<TA>
    {
        int group = qHeads / kvHeads;
        for (int b = 0; b < batch; b++)
            for (int h = 0; h < qHeads; h++)
            {
                var keys = k.Slice(((b * kvHeads) + h / group) * kvSeq * headSize, kvSeq * headSize);
                for (int i = 0; i < qSeq; i++)
                {
                    var row = q.Slice(((b * qHeads + h) * qSeq + i) * headSize, headSize);
                    var output = scores.Slice(((b * qHeads + h) * qSeq + i) * kvSeq, kvSeq);
                    for (int j = 0; j < kvSeq; j++)
                    {
                        var key = keys.Slice(j * headSize, headSize);
                        TA sum = TA.Zero;
                        for (int e = 0; e < headSize; e++)
                            sum += TA.CreateTruncating(row[e] * root) * TA.CreateTruncating(key[e] * root);
                        output[j] = TC.CreateTruncating(T.CreateTruncating(sum));
                    }
                }
            }
    }

    /// <summary>
    /// y[b, h, i] = Σⱼ probs[b, h, i, j]·v[b, h/g, j] in <typeparamref name="TC"/>, rounded to <typeparamref name="T"/>.
    /// </summary>
    /// <param name="probs">Probabilities (after prob_mod), [batch, qHeads, qSeq, kvSeq].</param>
    /// <param name="v">Values, [batch, kvHeads, kvSeq, vHeadSize].</param>
    /// <param name="y">Output, [batch, qHeads, qSeq, vHeadSize].</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="qHeads">Query heads (a multiple of kvHeads).</param>
    /// <param name="kvHeads">Key/value heads.</param>
    /// <param name="qSeq">Query sequence length.</param>
    /// <param name="kvSeq">Key sequence length.</param>
    /// <param name="vHeadSize">Value head size.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Output<T, TC>(ReadOnlySpan<TC> probs, ReadOnlySpan<T> v, Span<T> y,
        int batch, int qHeads, int kvHeads, int qSeq, int kvSeq, int vHeadSize)
        where T : unmanaged, IFloatingPointIeee754<T> where TC : unmanaged, IFloatingPointIeee754<TC>
    {
        Check(batch, qHeads, kvHeads, qSeq, kvSeq, vHeadSize);
        Simd.Need(probs.Length, (long)batch * qHeads * qSeq * kvSeq, nameof(probs));
        Simd.Need(v.Length, (long)batch * kvHeads * kvSeq * vHeadSize, nameof(v));
        Simd.Need(y.Length, (long)batch * qHeads * qSeq * vHeadSize, nameof(y));
        int group = qHeads / kvHeads;
        for (int b = 0; b < batch; b++)
            for (int h = 0; h < qHeads; h++)
            {
                var values = v.Slice(((b * kvHeads) + h / group) * kvSeq * vHeadSize, kvSeq * vHeadSize);
                for (int i = 0; i < qSeq; i++)
                {
                    var weights = probs.Slice(((b * qHeads + h) * qSeq + i) * kvSeq, kvSeq);
                    var output = y.Slice(((b * qHeads + h) * qSeq + i) * vHeadSize, vHeadSize);
                    for (int e = 0; e < vHeadSize; e++)
                    {
                        TC sum = TC.Zero;
                        for (int j = 0; j < kvSeq; j++) sum += weights[j] * TC.CreateTruncating(values[j * vHeadSize + e]);
                        output[e] = T.CreateTruncating(sum);
                    }
                }
            }
    }

    private static void Check(int batch, int qHeads, int kvHeads, int qSeq, int kvSeq, int headSize)
    {
        if (batch < 0 || qHeads < 0 || kvHeads <= 0 || qSeq < 0 || kvSeq < 0 || headSize < 0) throw new ArgumentException("Bad FlexAttention dimension.");
        if (qHeads % kvHeads != 0) throw new ArgumentException("qHeads must be a multiple of kvHeads.", nameof(qHeads));
    }
}
