using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX GRU per direction, gates in ONNX's order z, r, h: zₜ = f(Xₜ·W_zᵀ + Hₜ₋₁·R_zᵀ + b_z), rₜ likewise,
/// hₜ = g(Xₜ·W_hᵀ + (rₜ⊙Hₜ₋₁)·R_hᵀ + Rb_h + Wb_h), or with linear_before_reset g(Xₜ·W_hᵀ + rₜ⊙(Hₜ₋₁·R_hᵀ + Rb_h) + Wb_h),
/// Hₜ = (1 − zₜ)⊙hₜ + zₜ⊙Hₜ₋₁. One batch entry at a time (sequence_lens as in <see cref="Rnn"/>); the gate rows
/// and the state live in planner scratch, nothing is allocated per call.
/// </summary>
public static class Gru
{
    /// <summary>Runs the GRU over X into the outputs asked for (an empty Y or Y_h is skipped).</summary>
    /// <param name="x">X: [seq, batch, input], or [batch, seq, input] when <paramref name="batchMajor"/>.</param>
    /// <param name="w">W: [dirs, 3·hidden, input].</param>
    /// <param name="r">R: [dirs, 3·hidden, hidden].</param>
    /// <param name="b">B: [dirs, 6·hidden] (Wb then Rb), or empty for zeros.</param>
    /// <param name="seqLens">sequence_lens: [batch], or empty for all seq.</param>
    /// <param name="initialH">initial_h: [dirs, batch, hidden] (batch-major: [batch, dirs, hidden]), or empty for zeros.</param>
    /// <param name="y">Y: [seq, dirs, batch, hidden] (batch-major: [batch, seq, dirs, hidden]), or empty.</param>
    /// <param name="yH">Y_h: shaped as initial_h, or empty.</param>
    /// <param name="scratch">At least 6·hidden elements.</param>
    /// <param name="seq">Sequence length.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="input">Input size.</param>
    /// <param name="hidden">Hidden size.</param>
    /// <param name="dirs">1, or 2 for bidirectional.</param>
    /// <param name="reverse">With one direction: runs it from the last step back.</param>
    /// <param name="batchMajor">Layout 1.</param>
    /// <param name="activations">Two (code, alpha bits, beta bits) triples (f, g) per direction.</param>
    /// <param name="hasClip">Clips pre-activations to [−clip, clip].</param>
    /// <param name="clip">The clip threshold.</param>
    /// <param name="linearBeforeReset">Applies the reset gate after the recurrent projection of the hidden gate.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> r, ReadOnlySpan<T> b, ReadOnlySpan<int> seqLens,
        ReadOnlySpan<T> initialH, Span<T> y, Span<T> yH, Span<T> scratch,
        int seq, int batch, int input, int hidden, int dirs, bool reverse, bool batchMajor,
        ReadOnlySpan<int> activations, bool hasClip, float clip, bool linearBeforeReset)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RecurrentCell.Check(x, w, r, b, seqLens, initialH, y, yH, 3, seq, batch, input, hidden, dirs);
        RecurrentCell.CheckActivations(activations, 2, dirs);
        Simd.Need(scratch.Length, 6L * hidden, nameof(scratch));
        int g3 = 3 * hidden;
        // The first 5·hidden are the step's work rows (see Step); the state follows them.
        Span<T> work = scratch.Slice(0, 5 * hidden), h = scratch.Slice(5 * hidden, hidden);
        T limit = T.CreateTruncating(clip);
        for (int d = 0; d < dirs; d++)
        {
            bool backward = dirs == 2 ? d == 1 : reverse;
            ReadOnlySpan<T> wd = w.Slice(d * g3 * input, g3 * input), rd = r.Slice(d * g3 * hidden, g3 * hidden);
            ReadOnlySpan<T> bd = b.IsEmpty ? default : b.Slice(d * 2 * g3, 2 * g3);
            ReadOnlySpan<T> rzr = rd.Slice(0, 2 * hidden * hidden), rh = rd.Slice(2 * hidden * hidden, hidden * hidden);
            int fAct = 2 * d, gAct = 2 * d + 1;
            for (int n = 0; n < batch; n++)
            {
                int state = RecurrentCell.StateRow(d, n, dirs, batch, hidden, batchMajor);
                if (initialH.IsEmpty) h.Clear(); else initialH.Slice(state, hidden).CopyTo(h);
                int length = RecurrentCell.Length(seqLens, n, seq);
                for (int s = 0; s < length; s++)
                {
                    int t = backward ? length - 1 - s : s;
                    Step(wd, rzr, rh, bd, x.Slice(RecurrentCell.XRow(t, n, seq, batch, input, batchMajor), input),
                        work, h, hidden, activations, fAct, gAct, hasClip, limit, linearBeforeReset);
                    if (!y.IsEmpty) h.CopyTo(y.Slice(RecurrentCell.YRow(t, d, n, seq, dirs, batch, hidden, batchMajor), hidden));
                }
                if (!y.IsEmpty)
                    for (int t = length; t < seq; t++) y.Slice(RecurrentCell.YRow(t, d, n, seq, dirs, batch, hidden, batchMajor), hidden).Clear();
                if (!yH.IsEmpty) h.CopyTo(yH.Slice(state, hidden));
            }
        }
    }

    /// <summary>One time step of one batch entry: updates h in place; work holds X·Wᵀ (3·hidden) then the z and r rows (2·hidden).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Step<T>(ReadOnlySpan<T> wd, ReadOnlySpan<T> rzr, ReadOnlySpan<T> rh, ReadOnlySpan<T> bd, ReadOnlySpan<T> xt,
        Span<T> work, Span<T> h, int hidden, ReadOnlySpan<int> activations, int fAct, int gAct, bool hasClip, T limit, bool linearBeforeReset)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int g3 = 3 * hidden;
        Span<T> xs = work.Slice(0, g3), rs = work.Slice(g3, 2 * hidden);
        xs.Clear();
        rs.Clear();
        RecurrentCell.AddProjection(wd, xt, xs);
        RecurrentCell.AddProjection(rzr, h, rs);
        // rs now holds H·R_zᵀ, H·R_rᵀ; turn its first half into z and its second into r.
        for (int j = 0; j < 2 * hidden; j++)
        {
            T pre = xs[j] + rs[j];
            if (!bd.IsEmpty) pre += bd[j] + bd[g3 + j];
            rs[j] = RecurrentCell.Activate(activations, fAct, RecurrentCell.Clip(pre, hasClip, limit));
        }
        Span<T> z = rs.Slice(0, hidden), reset = rs.Slice(hidden, hidden);
        // xs's z and r rows are spent: reuse the z row for the recurrent part of the hidden gate.
        Span<T> recurrent = xs.Slice(0, hidden);
        recurrent.Clear();
        if (linearBeforeReset)
        {
            RecurrentCell.AddProjection(rh, h, recurrent);
        }
        else
        {
            // The r row of xs holds r⊙H, whose projection is the recurrent part.
            Span<T> gated = xs.Slice(hidden, hidden);
            for (int j = 0; j < hidden; j++) gated[j] = reset[j] * h[j];
            RecurrentCell.AddProjection(rh, gated, recurrent);
        }
        for (int j = 0; j < hidden; j++)
        {
            T wb = bd.IsEmpty ? T.Zero : bd[2 * hidden + j], rb = bd.IsEmpty ? T.Zero : bd[g3 + 2 * hidden + j];
            T pre = linearBeforeReset ? xs[2 * hidden + j] + reset[j] * (recurrent[j] + rb) + wb : xs[2 * hidden + j] + recurrent[j] + rb + wb;
            T candidate = RecurrentCell.Activate(activations, gAct, RecurrentCell.Clip(pre, hasClip, limit));
            h[j] = (T.One - z[j]) * candidate + z[j] * h[j];
        }
    }
}
