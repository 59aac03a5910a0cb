using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// What the RNN, LSTM and GRU kernels share: the ONNX activation functions (by code, with their alpha and beta),
/// the clip of pre-activations, the row projections W·x and R·h, and where a (time, direction, batch) row lives
/// in X, Y, initial_h and Y_h for layout 0 ([seq, batch, …]) and layout 1 ([batch, seq, …]).
/// </summary>
public static class RecurrentCell
{
    /// <summary>Activation codes, in the order the ONNX spec lists them.</summary>
    public const int Relu = 0, Tanh = 1, Sigmoid = 2, Affine = 3, LeakyRelu = 4, ThresholdedRelu = 5,
        ScaledTanh = 6, HardSigmoid = 7, Elu = 8, Softsign = 9, Softplus = 10;

    /// <summary>
    /// Applies activation <paramref name="index"/> of <paramref name="activations"/> to <paramref name="x"/>.
    /// The list holds triples (code, alpha bits, beta bits): alpha and beta travel as the int bits of their floats
    /// because kernel operands carry ints, not float lists.
    /// </summary>
    public static T Activate<T>(ReadOnlySpan<int> activations, int index, T x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int code = activations[3 * index];
        T alpha = T.CreateTruncating(BitConverter.Int32BitsToSingle(activations[3 * index + 1]));
        T beta = T.CreateTruncating(BitConverter.Int32BitsToSingle(activations[3 * index + 2]));
        switch (code)
        {
            case Relu: return T.Max(x, T.Zero);
            case Tanh: return T.Tanh(x);
            case Sigmoid: return T.One / (T.One + T.Exp(-x));
            case Affine: return alpha * x + beta;
            case LeakyRelu: return x < T.Zero ? alpha * x : x;
            case ThresholdedRelu: return x > alpha ? x : T.Zero;
            case ScaledTanh: return alpha * T.Tanh(beta * x);
            case HardSigmoid: return T.Max(T.Zero, T.Min(T.One, alpha * x + beta));
            case Elu: return x < T.Zero ? alpha * (T.Exp(x) - T.One) : x;
            case Softsign: return x / (T.One + T.Abs(x));
            case Softplus: return T.Log(T.One + T.Exp(x));
            default: throw new ArgumentException($"Unknown activation code {code}.", nameof(activations));
        }
    }

    /// <summary>Validates the activation triples: <paramref name="perDirection"/> of them for each direction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CheckActivations(ReadOnlySpan<int> activations, int perDirection, int directions)
    {
        if (activations.Length != 3 * perDirection * directions)
            throw new ArgumentException($"Expected {perDirection * directions} activations.", nameof(activations));
        for (int i = 0; i < activations.Length; i += 3)
            if (activations[i] < Relu || activations[i] > Softplus)
                throw new ArgumentException($"Unknown activation code {activations[i]}.", nameof(activations));
    }

    /// <summary>x clipped to [−clip, clip] when <paramref name="hasClip"/>.</summary>
    public static T Clip<T>(T x, bool hasClip, T clip) where T : unmanaged, IFloatingPointIeee754<T> =>
        hasClip ? T.Clamp(x, -clip, clip) : x;

    /// <summary>into[j] += weights[j, :]·v for each of the rows of the row-major [rows, v.Length] weights.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddProjection<T>(ReadOnlySpan<T> weights, ReadOnlySpan<T> v, Span<T> into) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int cols = v.Length;
        for (int j = 0; j < into.Length; j++)
            into[j] += TensorPrimitives.Dot(weights.Slice(j * cols, cols), v);
    }

    /// <summary>Adds both halves of a bias row (Wb then Rb, each of into.Length) into <paramref name="into"/>; none when empty.</summary>
    public static void AddBias<T>(ReadOnlySpan<T> bias, Span<T> into) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (bias.IsEmpty) return;
        TensorPrimitives.Add(into, bias.Slice(0, into.Length), into);
        TensorPrimitives.Add(into, bias.Slice(into.Length, into.Length), into);
    }

    /// <summary>Element offset of X's row (t, b): [seq, batch, input], or [batch, seq, input] when batch-major.</summary>
    public static int XRow(int t, int b, int seq, int batch, int input, bool batchMajor) =>
        (batchMajor ? b * seq + t : t * batch + b) * input;

    /// <summary>Element offset of Y's row (t, d, b): [seq, dirs, batch, hidden], or [batch, seq, dirs, hidden] when batch-major.</summary>
    public static int YRow(int t, int d, int b, int seq, int dirs, int batch, int hidden, bool batchMajor) =>
        (batchMajor ? (b * seq + t) * dirs + d : (t * dirs + d) * batch + b) * hidden;

    /// <summary>Element offset of a state row (d, b) of initial_h/c and Y_h/Y_c: [dirs, batch, hidden], or [batch, dirs, hidden].</summary>
    public static int StateRow(int d, int b, int dirs, int batch, int hidden, bool batchMajor) =>
        (batchMajor ? b * dirs + d : d * batch + b) * hidden;

    /// <summary>The valid steps of batch entry b: sequence_lens[b], or seq without it.</summary>
    public static int Length(ReadOnlySpan<int> seqLens, int b, int seq)
    {
        if (seqLens.IsEmpty) return seq;
        int n = seqLens[b];
        if (n < 0 || n > seq) throw new ArgumentException($"sequence_lens[{b}] = {n} is outside [0, {seq}].", nameof(seqLens));
        return n;
    }

    /// <summary>Checks the shared operands' sizes (the gate count sets W's, R's and B's rows).</summary>
    public static void Check<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> r, ReadOnlySpan<T> b, ReadOnlySpan<int> seqLens,
        ReadOnlySpan<T> initialH, Span<T> y, Span<T> yH, int gates, int seq, int batch, int input, int hidden, int dirs)
    {
        if (seq < 0 || batch < 0 || input < 0 || hidden < 0 || (dirs != 1 && dirs != 2))
            throw new ArgumentException("Invalid recurrent sizes.", nameof(seq));
        Simd.Need(x.Length, (long)seq * batch * input, nameof(x));
        Simd.Need(w.Length, (long)dirs * gates * hidden * input, nameof(w));
        Simd.Need(r.Length, (long)dirs * gates * hidden * hidden, nameof(r));
        if (!b.IsEmpty) Simd.Need(b.Length, (long)dirs * 2 * gates * hidden, nameof(b));
        if (!seqLens.IsEmpty) Simd.Need(seqLens.Length, batch, nameof(seqLens));
        if (!initialH.IsEmpty) Simd.Need(initialH.Length, (long)dirs * batch * hidden, nameof(initialH));
        if (!y.IsEmpty) Simd.Need(y.Length, (long)seq * dirs * batch * hidden, nameof(y));
        if (!yH.IsEmpty) Simd.Need(yH.Length, (long)dirs * batch * hidden, nameof(yH));
    }
}
