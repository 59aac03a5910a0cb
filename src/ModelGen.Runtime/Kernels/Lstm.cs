using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX LSTM per direction, gates in ONNX's order i, o, f, c (peepholes P in i, o, f order):
/// iₜ = f(Xₜ·Wᵢᵀ + Hₜ₋₁·Rᵢᵀ + Pᵢ⊙Cₜ₋₁ + b), fₜ = f(… + P_f⊙Cₜ₋₁) (or 1 − iₜ with input_forget), cₜ = g(…),
/// Cₜ = fₜ⊙Cₜ₋₁ + iₜ⊙cₜ, oₜ = f(… + Pₒ⊙Cₜ), Hₜ = oₜ⊙h(Cₜ). One batch entry at a time (sequence_lens as in
/// <see cref="Rnn"/>); the gate rows and both states live in planner scratch, nothing is allocated per call.
/// </summary>
public static class Lstm
{
    /// <summary>Runs the LSTM over X into the outputs asked for (an empty Y, Y_h or Y_c is skipped).</summary>
    /// <param name="x">X: [seq, batch, input], or [batch, seq, input] when <paramref name="batchMajor"/>.</param>
    /// <param name="w">W: [dirs, 4·hidden, input].</param>
    /// <param name="r">R: [dirs, 4·hidden, hidden].</param>
    /// <param name="b">B: [dirs, 8·hidden] (Wb then Rb), or empty for zeros.</param>
    /// <param name="seqLens">sequence_lens: [batch], or empty for all seq.</param>
    /// <param name="initialH">initial_h: [dirs, batch, hidden] (batch-major: [batch, dirs, hidden]), or empty for zeros.</param>
    /// <param name="initialC">initial_c: shaped as initial_h, or empty for zeros.</param>
    /// <param name="p">P: [dirs, 3·hidden], or empty for no peepholes.</param>
    /// <param name="y">Y: [seq, dirs, batch, hidden] (batch-major: [batch, seq, dirs, hidden]), or empty.</param>
    /// <param name="yH">Y_h: shaped as initial_h, or empty.</param>
    /// <param name="yC">Y_c: shaped as initial_h, or empty.</param>
    /// <param name="scratch">At least 6·hidden elements.</param>
    /// <param name="seq">Sequence length.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="input">Input size.</param>
    /// <param name="hidden">Hidden size.</param>
    /// <param name="dirs">1, or 2 for bidirectional.</param>
    /// <param name="reverse">With one direction: runs it from the last step back.</param>
    /// <param name="batchMajor">Layout 1.</param>
    /// <param name="activations">Three (code, alpha bits, beta bits) triples (f, g, h) per direction.</param>
    /// <param name="hasClip">Clips pre-activations to [−clip, clip].</param>
    /// <param name="clip">The clip threshold.</param>
    /// <param name="inputForget">Couples the forget gate to the input gate: f = 1 − i.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> r, ReadOnlySpan<T> b, ReadOnlySpan<int> seqLens,
        ReadOnlySpan<T> initialH, ReadOnlySpan<T> initialC, ReadOnlySpan<T> p, Span<T> y, Span<T> yH, Span<T> yC, Span<T> scratch,
        int seq, int batch, int input, int hidden, int dirs, bool reverse, bool batchMajor,
        ReadOnlySpan<int> activations, bool hasClip, float clip, bool inputForget)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RecurrentCell.Check(x, w, r, b, seqLens, initialH, y, yH, 4, seq, batch, input, hidden, dirs);
        RecurrentCell.CheckActivations(activations, 3, dirs);
        if (!initialC.IsEmpty) Simd.Need(initialC.Length, (long)dirs * batch * hidden, nameof(initialC));
        if (!p.IsEmpty) Simd.Need(p.Length, (long)dirs * 3 * hidden, nameof(p));
        if (!yC.IsEmpty) Simd.Need(yC.Length, (long)dirs * batch * hidden, nameof(yC));
        Simd.Need(scratch.Length, 6L * hidden, nameof(scratch));
        int g4 = 4 * hidden;
        Span<T> gates = scratch.Slice(0, g4), h = scratch.Slice(g4, hidden), c = scratch.Slice(g4 + hidden, hidden);
        T limit = T.CreateTruncating(clip);
        for (int d = 0; d < dirs; d++)
        {
            bool backward = dirs == 2 ? d == 1 : reverse;
            ReadOnlySpan<T> wd = w.Slice(d * g4 * input, g4 * input), rd = r.Slice(d * g4 * hidden, g4 * hidden);
            ReadOnlySpan<T> bd = b.IsEmpty ? default : b.Slice(d * 2 * g4, 2 * g4);
            ReadOnlySpan<T> pd = p.IsEmpty ? default : p.Slice(d * 3 * hidden, 3 * hidden);
            int fAct = 3 * d, gAct = 3 * d + 1, hAct = 3 * d + 2;
            for (int n = 0; n < batch; n++)
            {
                int state = RecurrentCell.StateRow(d, n, dirs, batch, hidden, batchMajor);
                if (initialH.IsEmpty) h.Clear(); else initialH.Slice(state, hidden).CopyTo(h);
                if (initialC.IsEmpty) c.Clear(); else initialC.Slice(state, hidden).CopyTo(c);
                int length = RecurrentCell.Length(seqLens, n, seq);
                for (int s = 0; s < length; s++)
                {
                    int t = backward ? length - 1 - s : s;
                    gates.Clear();
                    RecurrentCell.AddProjection(wd, x.Slice(RecurrentCell.XRow(t, n, seq, batch, input, batchMajor), input), gates);
                    RecurrentCell.AddProjection(rd, h, gates);
                    RecurrentCell.AddBias(bd, gates);
                    for (int j = 0; j < hidden; j++)
                    {
                        T iPre = gates[j], oPre = gates[hidden + j], fPre = gates[2 * hidden + j], cPre = gates[3 * hidden + j];
                        if (!pd.IsEmpty) { iPre += pd[j] * c[j]; fPre += pd[2 * hidden + j] * c[j]; }
                        T i = RecurrentCell.Activate(activations, fAct, RecurrentCell.Clip(iPre, hasClip, limit));
                        T f = inputForget ? T.One - i : RecurrentCell.Activate(activations, fAct, RecurrentCell.Clip(fPre, hasClip, limit));
                        T candidate = RecurrentCell.Activate(activations, gAct, RecurrentCell.Clip(cPre, hasClip, limit));
                        T cell = f * c[j] + i * candidate;
                        if (!pd.IsEmpty) oPre += pd[hidden + j] * cell;
                        T o = RecurrentCell.Activate(activations, fAct, RecurrentCell.Clip(oPre, hasClip, limit));
                        c[j] = cell;
                        h[j] = o * RecurrentCell.Activate(activations, hAct, cell);
                    }
                    if (!y.IsEmpty) h.CopyTo(y.Slice(RecurrentCell.YRow(t, d, n, seq, dirs, batch, hidden, batchMajor), hidden));
                }
                if (!y.IsEmpty)
                    for (int t = length; t < seq; t++) y.Slice(RecurrentCell.YRow(t, d, n, seq, dirs, batch, hidden, batchMajor), hidden).Clear();
                if (!yH.IsEmpty) h.CopyTo(yH.Slice(state, hidden));
                if (!yC.IsEmpty) c.CopyTo(yC.Slice(state, hidden));
            }
        }
    }
}
