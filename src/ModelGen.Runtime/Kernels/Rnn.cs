using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX RNN: Hₜ = f(Xₜ·Wᵀ + Hₜ₋₁·Rᵀ + Wb + Rb) per direction, one batch entry at a time so that sequence_lens
/// (shorter entries stop early, reverse ones start at their own last step, Y is zero past their end) costs nothing.
/// The gate row and the hidden state live in planner scratch; nothing is allocated per call.
/// </summary>
public static class Rnn
{
    /// <summary>Runs the RNN over X into the outputs asked for (an empty Y or Y_h is skipped).</summary>
    /// <param name="x">X: [seq, batch, input], or [batch, seq, input] when <paramref name="batchMajor"/>.</param>
    /// <param name="w">W: [dirs, hidden, input].</param>
    /// <param name="r">R: [dirs, hidden, hidden].</param>
    /// <param name="b">B: [dirs, 2·hidden] (Wb then Rb), or empty for zeros.</param>
    /// <param name="seqLens">sequence_lens: [batch], or empty for all seq.</param>
    /// <param name="initialH">initial_h: [dirs, batch, hidden] (batch-major: [batch, dirs, hidden]), or empty for zeros.</param>
    /// <param name="y">Y: [seq, dirs, batch, hidden] (batch-major: [batch, seq, dirs, hidden]), or empty.</param>
    /// <param name="yH">Y_h: shaped as initial_h, or empty.</param>
    /// <param name="scratch">At least 2·hidden elements.</param>
    /// <param name="seq">Sequence length.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="input">Input size.</param>
    /// <param name="hidden">Hidden size.</param>
    /// <param name="dirs">1, or 2 for bidirectional.</param>
    /// <param name="reverse">With one direction: runs it from the last step back.</param>
    /// <param name="batchMajor">Layout 1.</param>
    /// <param name="activations">One (code, alpha bits, beta bits) triple per direction (see <see cref="RecurrentCell"/>).</param>
    /// <param name="hasClip">Clips pre-activations to [−clip, clip].</param>
    /// <param name="clip">The clip threshold.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> r, ReadOnlySpan<T> b, ReadOnlySpan<int> seqLens,
        ReadOnlySpan<T> initialH, Span<T> y, Span<T> yH, Span<T> scratch,
        int seq, int batch, int input, int hidden, int dirs, bool reverse, bool batchMajor,
        ReadOnlySpan<int> activations, bool hasClip, float clip)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RecurrentCell.Check(x, w, r, b, seqLens, initialH, y, yH, 1, seq, batch, input, hidden, dirs);
        RecurrentCell.CheckActivations(activations, 1, dirs);
        Simd.Need(scratch.Length, 2L * hidden, nameof(scratch));
        Span<T> gates = scratch.Slice(0, hidden), h = scratch.Slice(hidden, hidden);
        T limit = T.CreateTruncating(clip);
        for (int d = 0; d < dirs; d++)
        {
            bool backward = dirs == 2 ? d == 1 : reverse;
            ReadOnlySpan<T> wd = w.Slice(d * hidden * input, hidden * input), rd = r.Slice(d * hidden * hidden, hidden * hidden);
            ReadOnlySpan<T> bd = b.IsEmpty ? default : b.Slice(d * 2 * hidden, 2 * hidden);
            for (int n = 0; n < batch; n++)
            {
                int state = RecurrentCell.StateRow(d, n, dirs, batch, hidden, batchMajor);
                if (initialH.IsEmpty) h.Clear(); else initialH.Slice(state, hidden).CopyTo(h);
                int length = RecurrentCell.Length(seqLens, n, seq);
                for (int s = 0; s < length; s++)
                {
                    int t = backward ? length - 1 - s : s;
                    gates.Clear();
                    RecurrentCell.AddProjection(wd, x.Slice(RecurrentCell.XRow(t, n, seq, batch, input, batchMajor), input), gates);
                    RecurrentCell.AddProjection(rd, h, gates);
                    RecurrentCell.AddBias(bd, gates);
                    for (int j = 0; j < hidden; j++)
                        h[j] = RecurrentCell.Activate(activations, d, RecurrentCell.Clip(gates[j], hasClip, limit));
                    if (!y.IsEmpty) h.CopyTo(y.Slice(RecurrentCell.YRow(t, d, n, seq, dirs, batch, hidden, batchMajor), hidden));
                }
                if (!y.IsEmpty)
                    for (int t = length; t < seq; t++) y.Slice(RecurrentCell.YRow(t, d, n, seq, dirs, batch, hidden, batchMajor), hidden).Clear();
                if (!yH.IsEmpty) h.CopyTo(yH.Slice(state, hidden));
            }
        }
    }
}
