using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ai.onnx.ml TreeEnsemble over trees given as flat tables (see the compiler's TreeEnsemble op).</summary>
public static class TreeEnsemble
{
    // Node modes, numbered as ONNX numbers them.
    private const int Leq = 0, Lt = 1, Gte = 2, Gt = 3, Eq = 4, Neq = 5, Member = 6;

    /// <summary>
    /// y[r, t] aggregates (0 AVERAGE, 1 SUM, 2 MIN, 3 MAX) the weights of the leaves row r reaches in every tree whose
    /// target is t. Children and roots are node indices, or ~leaf for a leaf. Doubles come as (low, high) int pairs.
    /// </summary>
    /// <param name="x">Input [rows, features].</param>
    /// <param name="y">Output [rows, targets].</param>
    /// <param name="feature">Per node: the feature it compares.</param>
    /// <param name="mode">Per node: the comparison.</param>
    /// <param name="split">Per node: the split value, as double bits.</param>
    /// <param name="missingTrue">Per node: 1 when a NaN feature takes the true branch.</param>
    /// <param name="trueChild">Per node: the child when the comparison holds.</param>
    /// <param name="falseChild">Per node: the child otherwise.</param>
    /// <param name="memberStart">Per node: where its set starts in <paramref name="members"/> (MEMBER nodes).</param>
    /// <param name="memberCount">Per node: its set's size.</param>
    /// <param name="members">The sets' values, as double bits.</param>
    /// <param name="roots">Per tree: its root.</param>
    /// <param name="leafTarget">Per leaf: its target.</param>
    /// <param name="leafWeight">Per leaf: its weight, as double bits.</param>
    /// <param name="rows">Rows of x.</param>
    /// <param name="features">Columns of x.</param>
    /// <param name="targets">Columns of y.</param>
    /// <param name="aggregate">How leaf weights combine.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> feature, ReadOnlySpan<int> mode, ReadOnlySpan<int> split, ReadOnlySpan<int> missingTrue,
        ReadOnlySpan<int> trueChild, ReadOnlySpan<int> falseChild, ReadOnlySpan<int> memberStart, ReadOnlySpan<int> memberCount, ReadOnlySpan<int> members,
        ReadOnlySpan<int> roots, ReadOnlySpan<int> leafTarget, ReadOnlySpan<int> leafWeight, int rows, int features, int targets, int aggregate)
        where T : unmanaged, IFloatingPointIeee754<T>, IMinMaxValue<T>
    {
        if (rows < 0 || features < 0 || targets < 0) throw new ArgumentException("TreeEnsemble: negative dims.");
        Simd.Need(x.Length, (long)rows * features, nameof(x));
        Simd.Need(y.Length, (long)rows * targets, nameof(y));
        for (int r = 0; r < rows; r++)
        {
            var row = x.Slice(r * features, features);
            var output = y.Slice(r * targets, targets);
            // ONNX's reference starts MIN at the type's largest value and MAX at its lowest.
            output.Fill(aggregate == 2 ? T.MaxValue : aggregate == 3 ? T.MinValue : T.Zero);
            for (int tree = 0; tree < roots.Length; tree++)
            {
                int at = roots[tree];
                while (at >= 0)
                {
                    double v = double.CreateTruncating(row[feature[at]]);
                    bool goTrue = double.IsNaN(v) ? missingTrue[at] != 0 : Compare(mode[at], v, Bits(split, at), members, memberStart[at], memberCount[at]);
                    at = goTrue ? trueChild[at] : falseChild[at];
                }
                int leaf = ~at;
                double w = Bits(leafWeight, leaf);
                ref T slot = ref output[leafTarget[leaf]];
                double current = double.CreateTruncating(slot);
                slot = T.CreateTruncating(aggregate switch
                {
                    0 => current + w / roots.Length,
                    2 => Math.Min(current, w),
                    3 => Math.Max(current, w),
                    _ => current + w,
                });
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Compare(int mode, double v, double split, ReadOnlySpan<int> members, int start, int count)
    {
        switch (mode)
        {
            case Leq: return v <= split;
            case Lt: return v < split;
            case Gte: return v >= split;
            case Gt: return v > split;
            case Eq: return v == split;
            case Neq: return v != split;
            case Member:
                for (int i = 0; i < count; i++)
                    if (Bits(members, start + i) == v) return true;
                return false;
            default: throw new ArgumentException("TreeEnsemble: unknown node mode " + mode + ".");
        }
    }

    /// <summary>The double at <paramref name="index"/> of a table of (low, high) int pairs.</summary>
    private static double Bits(ReadOnlySpan<int> table, int index) =>
        BitConverter.Int64BitsToDouble((long)(uint)table[2 * index] | ((long)table[2 * index + 1] << 32));
}
