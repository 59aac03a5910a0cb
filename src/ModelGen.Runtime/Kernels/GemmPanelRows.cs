using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// Where row p of a B panel starts, for the 6-row micro-kernel: rows a fixed stride apart (a packed panel, or B read in
/// place), or each at its own offset from a base (the shifted-input convolution, whose B rows are the padded input
/// shifted by each tap: <see cref="Conv.Shifted{T, TEpilogue}"/>). A struct type argument, so the JIT specialises
/// the kernel's loop for each.
/// </summary>
internal unsafe interface IPanelRows
{
    float* Row(int p);
}

/// <summary>Row p at b + p·stride.</summary>
internal readonly unsafe struct StridedRows(float* b, int stride) : IPanelRows
{
    private readonly float* _b = b;
    private readonly nint _stride = stride;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float* Row(int p) => _b + p * _stride;
}

/// <summary>Row p at b + offsets[p].</summary>
internal readonly unsafe struct OffsetRows(float* b, int* offsets) : IPanelRows
{
    private readonly float* _b = b;
    private readonly int* _offsets = offsets;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float* Row(int p) => _b + _offsets[p];
}
