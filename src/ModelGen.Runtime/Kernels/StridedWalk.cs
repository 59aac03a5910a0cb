using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// Walks a dense output of up to rank 8 row by row, tracking where up to three strided inputs are at the start of
/// each row. Size-1 axes are dropped and an axis merges into its outer neighbour when every input steps through
/// the pair as one run (outer stride == inner stride × inner size, which also holds for two broadcast axes).
/// </summary>
internal unsafe struct StridedWalk
{
    private fixed int _shape[8];
    private fixed int _s0[8];
    private fixed int _s1[8];
    private fixed int _s2[8];
    private fixed int _idx[8];
    private readonly int _rank;

    public readonly long Total;
    public readonly long Rows;
    public readonly int Inner, Inner0, Inner1, Inner2;
    private readonly long _last0, _last1, _last2;
    public nint Offset0, Offset1, Offset2;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public StridedWalk(ReadOnlySpan<int> shape, ReadOnlySpan<int> s0, ReadOnlySpan<int> s1, ReadOnlySpan<int> s2)
    {
        int rank = shape.Length;
        bool three = s2.Length > 0;
        if (rank > 8 || s0.Length != rank || s1.Length != rank || (s2.Length != 0 && s2.Length != rank))
            throw new ArgumentException("The shape and every stride list must have the same length (at most 8).");
        int r = 0;
        long total = 1, l0 = 0, l1 = 0, l2 = 0;
        for (int d = 0; d < rank; d++)
        {
            int n = shape[d], d0 = s0[d], d1 = s1[d], d2 = three ? s2[d] : 0;
            if (n < 0 || d0 < 0 || d1 < 0 || d2 < 0) throw new ArgumentException("Negative size or stride.");
            total *= n;
            if (n == 1) continue;
            l0 += (long)(n - 1) * d0;
            l1 += (long)(n - 1) * d1;
            l2 += (long)(n - 1) * d2;
            if (r > 0 && _s0[r - 1] == (long)d0 * n && _s1[r - 1] == (long)d1 * n && _s2[r - 1] == (long)d2 * n)
            {
                _shape[r - 1] *= n;
                _s0[r - 1] = d0;
                _s1[r - 1] = d1;
                _s2[r - 1] = d2;
            }
            else
            {
                _shape[r] = n; _s0[r] = d0; _s1[r] = d1; _s2[r] = d2; r++;
            }
        }
        _rank = r;
        Total = total;
        _last0 = l0; _last1 = l1; _last2 = l2;
        Inner = r == 0 ? 1 : _shape[r - 1];
        Inner0 = r == 0 ? 0 : _s0[r - 1];
        Inner1 = r == 0 ? 0 : _s1[r - 1];
        Inner2 = r == 0 ? 0 : _s2[r - 1];
        Rows = total == 0 ? 0 : total / Inner;
        Offset0 = Offset1 = Offset2 = 0;
    }

    /// <summary>Throws when a span is too short for the walk.</summary>
    public readonly void Check(int y, int a0, int a1, int a2)
    {
        Simd.Need(y, Total, "y");
        Simd.Need(a0, _last0 + 1, "a");
        Simd.Need(a1, _last1 + 1, "b");
        Simd.Need(a2, _last2 + 1, "c");
    }

    /// <summary>Advances the offsets to the next row (an odometer over the outer axes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Next()
    {
        for (int d = _rank - 2; d >= 0; d--)
        {
            Offset0 += _s0[d];
            Offset1 += _s1[d];
            Offset2 += _s2[d];
            if (++_idx[d] < _shape[d]) return;
            Offset0 -= (nint)_s0[d] * _shape[d];
            Offset1 -= (nint)_s1[d] * _shape[d];
            Offset2 -= (nint)_s2[d] * _shape[d];
            _idx[d] = 0;
        }
    }
}
