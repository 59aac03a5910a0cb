using System;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// Walks a quantised tensor's elements in order and yields, for each, the index of the scale/zero-point it reads,
/// through the seven-int layout <see cref="Quantization"/> describes. Shared by every kernel that reads one.
/// </summary>
internal ref struct QuantizationWalk
{
    private readonly int _axisLength, _inner, _block, _outerStride, _axisStride, _innerStride;
    private int _outer, _axis, _j, _base;

    public QuantizationWalk(ReadOnlySpan<int> layout)
    {
        _axisLength = layout[1];
        _inner = layout[2];
        _block = layout[3];
        _outerStride = layout[4];
        _axisStride = layout[5];
        _innerStride = layout[6];
        Count = layout[0] * _axisLength * _inner;
        _outer = _axis = _j = _base = 0;
    }

    /// <summary>How many elements the layout covers (outer × axisLen × inner).</summary>
    public int Count { get; }

    /// <summary>The parameter index of the next element; call once per element, in order.</summary>
    public int Next()
    {
        int p = _base + _j * _innerStride;
        if (++_j == _inner)
        {
            _j = 0;
            if (++_axis == _axisLength) { _axis = 0; _outer++; }
            _base = _outer * _outerStride + _axis / _block * _axisStride;
        }
        return p;
    }
}
