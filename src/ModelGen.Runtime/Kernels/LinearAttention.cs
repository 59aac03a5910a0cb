using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX LinearAttention: the token-by-token recurrence of linear, gated, delta and gated-delta attention.</summary>
public static class LinearAttention
{
    /// <summary>
    /// For each batch and key/value head, with S [keySize, valueSize] starting at pastState (zeros without it), for
    /// each token t in order: S = exp(decay_t)·S (row-wise; when decay is given), u = β_t·(v_t − Sᵀk_t) when beta is
    /// given else v_t, S += k_t ⊗ u, then each of the qHeads / kvHeads query heads of that head reads
    /// output_t = scale·q_tᵀS. presentState receives the final S. Computes in <typeparamref name="T"/> (float or
    /// double; float16 reaches it widened to float).
    /// </summary>
    /// <param name="query">Queries, [batch, seq, qHeads·keySize].</param>
    /// <param name="key">Keys, [batch, seq, kvHeads·keySize].</param>
    /// <param name="value">Values, [batch, seq, kvHeads·valueSize].</param>
    /// <param name="pastState">The initial state [batch, kvHeads, keySize, valueSize], or empty for zeros.</param>
    /// <param name="decay">Log-space decay [batch, seq, kvHeads·keySize] or [batch, seq, kvHeads] (<paramref name="decayPerKey"/> false), or empty for none.</param>
    /// <param name="beta">Update rates [batch, seq, kvHeads] or [batch, seq, 1] (<paramref name="betaPerHead"/> false), or empty for none.</param>
    /// <param name="output">Output, [batch, seq, qHeads·valueSize].</param>
    /// <param name="presentState">The final state [batch, kvHeads, keySize, valueSize], or empty when not wanted.</param>
    /// <param name="state">Scratch of at least keySize·valueSize + valueSize elements.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="seq">Tokens.</param>
    /// <param name="qHeads">Query heads (a multiple of kvHeads).</param>
    /// <param name="kvHeads">Key/value heads.</param>
    /// <param name="keySize">Query and key head size d_k.</param>
    /// <param name="valueSize">Value head size d_v.</param>
    /// <param name="decayPerKey">decay has one value per key dim (else one per head).</param>
    /// <param name="betaPerHead">beta has one value per head (else one for all heads).</param>
    /// <param name="scale">The output scale; 0 means 1/√keySize.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> query, ReadOnlySpan<T> key, ReadOnlySpan<T> value, ReadOnlySpan<T> pastState,
        ReadOnlySpan<T> decay, ReadOnlySpan<T> beta, Span<T> output, Span<T> presentState, Span<T> state,
        int batch, int seq, int qHeads, int kvHeads, int keySize, int valueSize, bool decayPerKey, bool betaPerHead, float scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch < 0 || seq < 0 || qHeads < 0 || kvHeads <= 0 || keySize < 0 || valueSize < 0) throw new ArgumentException("Bad LinearAttention dimension.");
        if (qHeads % kvHeads != 0) throw new ArgumentException("qHeads must be a multiple of kvHeads.", nameof(qHeads));
        long tokens = (long)batch * seq, stateSize = (long)keySize * valueSize;
        Simd.Need(query.Length, tokens * qHeads * keySize, nameof(query));
        Simd.Need(key.Length, tokens * kvHeads * keySize, nameof(key));
        Simd.Need(value.Length, tokens * kvHeads * valueSize, nameof(value));
        Simd.Need(output.Length, tokens * qHeads * valueSize, nameof(output));
        Simd.Need(state.Length, stateSize + valueSize, nameof(state));
        if (!pastState.IsEmpty) Simd.Need(pastState.Length, batch * kvHeads * stateSize, nameof(pastState));
        if (!presentState.IsEmpty) Simd.Need(presentState.Length, batch * kvHeads * stateSize, nameof(presentState));
        if (!decay.IsEmpty) Simd.Need(decay.Length, tokens * kvHeads * (decayPerKey ? keySize : 1), nameof(decay));
        if (!beta.IsEmpty) Simd.Need(beta.Length, tokens * (betaPerHead ? kvHeads : 1), nameof(beta));
        T scaleT = scale == 0f ? T.One / T.Sqrt(T.CreateTruncating(keySize)) : T.CreateTruncating(scale);
        int group = qHeads / kvHeads;
        var s = state.Slice(0, (int)stateSize);
        var u = state.Slice((int)stateSize, valueSize);
        for (int b = 0; b < batch; b++)
            for (int hk = 0; hk < kvHeads; hk++)
            {
                int stateAt = (int)((b * (long)kvHeads + hk) * stateSize);
                if (pastState.IsEmpty) s.Clear();
                else pastState.Slice(stateAt, s.Length).CopyTo(s);
                for (int t = 0; t < seq; t++)
                {
                    long token = (long)b * seq + t;
                    var k = key.Slice((int)((token * kvHeads + hk) * keySize), keySize);
                    var v = value.Slice((int)((token * kvHeads + hk) * valueSize), valueSize);
                    if (!decay.IsEmpty) Decay(s, decay, token, hk, kvHeads, keySize, valueSize, decayPerKey);
                    if (beta.IsEmpty) v.CopyTo(u);
                    else
                    {
                        // The delta rule writes only what the state does not already predict for this key.
                        T rate = beta[(int)(betaPerHead ? token * kvHeads + hk : token)];
                        for (int m = 0; m < valueSize; m++)
                        {
                            T retrieved = T.Zero;
                            for (int d = 0; d < keySize; d++) retrieved += s[d * valueSize + m] * k[d];
                            u[m] = rate * (v[m] - retrieved);
                        }
                    }
                    for (int d = 0; d < keySize; d++)
                    {
                        var row = s.Slice(d * valueSize, valueSize);
                        for (int m = 0; m < valueSize; m++) row[m] += k[d] * u[m];
                    }
                    for (int h = hk * group; h < (hk + 1) * group; h++)
                    {
                        var q = query.Slice((int)((token * qHeads + h) * keySize), keySize);
                        var o = output.Slice((int)((token * qHeads + h) * valueSize), valueSize);
                        for (int m = 0; m < valueSize; m++)
                        {
                            T sum = T.Zero;
                            for (int d = 0; d < keySize; d++) sum += q[d] * s[d * valueSize + m];
                            o[m] = scaleT * sum;
                        }
                    }
                }
                if (!presentState.IsEmpty) s.CopyTo(presentState.Slice(stateAt, s.Length));
            }
    }

    /// <summary>Multiplies each key row d of the state by exp(decay) of that key dim (or of the head).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Decay<T>(Span<T> s, ReadOnlySpan<T> decay, long token, int hk, int kvHeads, int keySize, int valueSize, bool perKey)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T shared = perKey ? T.Zero : T.Exp(decay[(int)(token * kvHeads + hk)]);
        for (int d = 0; d < keySize; d++)
        {
            T g = perKey ? T.Exp(decay[(int)((token * kvHeads + hk) * keySize + d)]) : shared;
            var row = s.Slice(d * valueSize, valueSize);
            for (int m = 0; m < valueSize; m++) row[m] *= g;
        }
    }
}
