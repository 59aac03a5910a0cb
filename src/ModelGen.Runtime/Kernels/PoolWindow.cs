using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The windows every N-D pool (MaxPool, AveragePool, LpPool) slides over one [inSpatial...] plane, visited output
/// by output in row-major order. For each output it gives the taps that fall inside the input as runs along the
/// last axis (padding is never read), and the two tap counts the averaging pools divide by: the taps inside the
/// input, and the taps inside the padded extent [−padsBegin, in + padsEnd). The outer axes' ranges are computed
/// in closed form once per output row, the last axis's once per output.
/// </summary>
/// <remarks>
/// Use: <c>StartRow</c> for each of <see cref="Rows"/> rows, then <c>StartColumn(j)</c> for each of
/// <see cref="RowLength"/> outputs; when it returns true, <c>FirstRun</c>/<c>NextRun</c> give the plane-relative
/// offset of each run's first tap, the run having <see cref="RunLength"/> taps <see cref="Step"/> apart.
/// The caller passes the state memory (<see cref="StateLength"/> ints, stackalloc'd) so that nothing is allocated.
/// </remarks>
internal ref struct PoolWindow
{
    /// <summary>The highest spatial rank (the state memory is sized for it).</summary>
    public const int MaxRank = 8;

    /// <summary>Ints of state memory the constructor needs.</summary>
    public const int StateLength = 6 * MaxRank;

    private readonly ReadOnlySpan<int> _in, _kernel, _out, _strides, _dilations, _padsBegin, _padsEnd;
    private readonly Span<int> _o, _start, _lo, _hi, _k, _rowStride;
    private readonly int _last;
    private bool _rowEmpty;
    private int _rowValid, _rowPadded, _runStart;

    /// <summary>Input and output elements per plane.</summary>
    public readonly int InSize, OutSize;

    /// <summary>Outputs along the last axis, and output rows (products of the other output dims) per plane.</summary>
    public readonly int RowLength, Rows;

    /// <summary>For the current output: taps per run, their distance, taps inside the input, and taps inside the padded extent.</summary>
    public int RunLength, Step, ValidTaps, PaddedTaps;

    /// <param name="state">At least <see cref="StateLength"/> ints of scratch.</param>
    /// <param name="inSpatial">Input spatial dims.</param>
    /// <param name="kernel">Window size per axis.</param>
    /// <param name="outSpatial">Output spatial dims.</param>
    /// <param name="strides">Stride per axis.</param>
    /// <param name="dilations">Dilation per axis.</param>
    /// <param name="padsBegin">Leading padding per axis (places the windows).</param>
    /// <param name="padsEnd">Trailing padding per axis, or empty when the caller does not use <see cref="PaddedTaps"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public PoolWindow(Span<int> state, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial,
        ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin, ReadOnlySpan<int> padsEnd)
    {
        int dims = inSpatial.Length;
        if (dims < 1 || dims > MaxRank || kernel.Length != dims || outSpatial.Length != dims || strides.Length != dims
            || dilations.Length != dims || padsBegin.Length != dims || (padsEnd.Length != 0 && padsEnd.Length != dims))
            throw new ArgumentException("Spatial argument lists must all have the input's spatial rank (1.." + MaxRank + ").");
        for (int d = 0; d < dims; d++)
        {
            if (strides[d] < 1 || dilations[d] < 1 || kernel[d] < 1) throw new ArgumentException("Kernel, strides and dilations must be positive.");
            if (padsBegin[d] < 0 || (padsEnd.Length != 0 && padsEnd[d] < 0)) throw new ArgumentException("Pads must not be negative.");
        }
        Simd.Need(state.Length, StateLength, nameof(state));
        _in = inSpatial; _kernel = kernel; _out = outSpatial; _strides = strides; _dilations = dilations; _padsBegin = padsBegin; _padsEnd = padsEnd;
        _o = state.Slice(0, MaxRank); _start = state.Slice(MaxRank, MaxRank); _lo = state.Slice(2 * MaxRank, MaxRank);
        _hi = state.Slice(3 * MaxRank, MaxRank); _k = state.Slice(4 * MaxRank, MaxRank); _rowStride = state.Slice(5 * MaxRank, MaxRank);
        _last = dims - 1;
        InSize = Simd.Product(inSpatial, nameof(inSpatial));
        OutSize = Simd.Product(outSpatial, nameof(outSpatial));
        RowLength = outSpatial[_last];
        Rows = OutSize / Math.Max(RowLength, 1);
        for (int d = _last, s = 1; d >= 0; s *= inSpatial[d], d--) _rowStride[d] = s;
        _o.Clear();
        _rowEmpty = false;
        _rowValid = _rowPadded = _runStart = 0;
        RunLength = ValidTaps = PaddedTaps = 0;
        Step = dilations[_last];
    }

    /// <summary>Row-major strides of the input's spatial axes (MaxPool re-expresses offsets as indices with them).</summary>
    public readonly ReadOnlySpan<int> RowStrides => _rowStride.Slice(0, _last + 1);

    /// <summary>Back to the first output of a plane.</summary>
    public void StartPlane() => _o.Clear();

    /// <summary>Computes the outer axes' tap ranges for the current output row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void StartRow()
    {
        _rowEmpty = false;
        _rowValid = _rowPadded = 1;
        for (int d = 0; d < _last; d++)
        {
            int st = _o[d] * _strides[d] - _padsBegin[d];
            _start[d] = st;
            _lo[d] = Math.Max(0, Simd.CeilDiv(-st, _dilations[d]));
            _hi[d] = Math.Min(_kernel[d], Simd.CeilDiv(_in[d] - st, _dilations[d]));
            _rowEmpty |= _lo[d] >= _hi[d];
            _rowValid *= Math.Max(0, _hi[d] - _lo[d]);
            _rowPadded *= Padded(d, st);
        }
    }

    /// <summary>Moves to the next output row (an odometer over the outer output axes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void EndRow()
    {
        for (int d = _last - 1; d >= 0; d--)
        {
            if (++_o[d] < _out[d]) return;
            _o[d] = 0;
        }
    }

    /// <summary>Sets up output <paramref name="j"/> of the current row; false when no tap of its window lies inside the input.</summary>
    public bool StartColumn(int j)
    {
        int st = j * _strides[_last] - _padsBegin[_last], dl = _dilations[_last], lo, hi;
        if (dl == 1) { lo = Math.Max(0, -st); hi = Math.Min(_kernel[_last], _in[_last] - st); }
        else { lo = Math.Max(0, Simd.CeilDiv(-st, dl)); hi = Math.Min(_kernel[_last], Simd.CeilDiv(_in[_last] - st, dl)); }
        RunLength = Math.Max(0, hi - lo);
        ValidTaps = _rowValid * RunLength;
        PaddedTaps = _rowPadded * Padded(_last, st);
        _runStart = st + lo * dl;
        return !_rowEmpty && RunLength > 0;
    }

    /// <summary>The offset of the first run's first tap (call after <see cref="StartColumn"/> returned true).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int FirstRun()
    {
        for (int d = 0; d < _last; d++) _k[d] = _lo[d];
        return Offset();
    }

    /// <summary>The next run's first-tap offset; false after the last run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool NextRun(out int offset)
    {
        int d = _last - 1;
        for (; d >= 0; d--)
        {
            if (++_k[d] < _hi[d]) break;
            _k[d] = _lo[d];
        }
        offset = d < 0 ? 0 : Offset();
        return d >= 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private readonly int Offset()
    {
        int off = _runStart;
        for (int d = 0; d < _last; d++) off += (_start[d] + _k[d] * _dilations[d]) * _rowStride[d];
        return off;
    }

    /// <summary>Taps of a window starting at <paramref name="st"/> on axis <paramref name="d"/> that lie before in + padsEnd (none lie before −padsBegin).</summary>
    private readonly int Padded(int d, int st)
    {
        int end = _in[d] + (_padsEnd.Length == 0 ? 0 : _padsEnd[d]);
        return Math.Max(0, Math.Min(_kernel[d], Simd.CeilDiv(end - st, _dilations[d])));
    }
}
