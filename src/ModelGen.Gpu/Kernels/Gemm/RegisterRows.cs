using ILGPU;

namespace ModelGen.Gpu.Kernels.Gemm;

/// <summary>Four floats held in registers: one row of a thread's 4×4 block of C, or four operands.</summary>
/// <remarks>
/// Named fields, not an array: ILGPU keeps a local struct in registers, while a local array indexed in a loop it
/// does not unroll becomes PTX local memory (measured: the array version of this kernel spilled all 64 sums).
/// </remarks>
public struct Row4
{
    /// <summary>The four values.</summary>
    public float C0, C1, C2, C3;

    /// <summary>Loads s[i], s[i + stride], s[i + 2·stride], s[i + 3·stride].</summary>
    public static Row4 Load(ArrayView<float> s, int i, int stride) =>
        new() { C0 = s[i], C1 = s[i + stride], C2 = s[i + 2 * stride], C3 = s[i + 3 * stride] };

    /// <summary>this += a·b, elementwise.</summary>
    public void Fma(float a, Row4 b)
    {
        C0 += a * b.C0;
        C1 += a * b.C1;
        C2 += a * b.C2;
        C3 += a * b.C3;
    }

    /// <summary>Stores the row at columns col, col + stride, ... through the epilogue.</summary>
    public readonly void Store<TAct>(in GemmEpilogue<TAct> epilogue, int row, int col, int stride)
        where TAct : struct, Elementwise.IUnaryOp
    {
        epilogue.Store(row, col, C0);
        epilogue.Store(row, col + stride, C1);
        epilogue.Store(row, col + 2 * stride, C2);
        epilogue.Store(row, col + 3 * stride, C3);
    }
}

/// <summary>Eight floats held in registers: one row of a thread's 8×8 block of C, or eight operands.</summary>
public struct Row8
{
    /// <summary>The eight values, as two halves.</summary>
    public Row4 Low, High;

    /// <summary>Loads s[i + j·stride] for j = 0..7.</summary>
    public static Row8 Load(ArrayView<float> s, int i, int stride) =>
        new() { Low = Row4.Load(s, i, stride), High = Row4.Load(s, i + 4 * stride, stride) };

    /// <summary>this += a·b, elementwise.</summary>
    public void Fma(float a, Row8 b)
    {
        Low.Fma(a, b.Low);
        High.Fma(a, b.High);
    }

    /// <summary>Stores the row at columns col + j·stride through the epilogue.</summary>
    public readonly void Store<TAct>(in GemmEpilogue<TAct> epilogue, int row, int col, int stride)
        where TAct : struct, Elementwise.IUnaryOp
    {
        Low.Store(epilogue, row, col, stride);
        High.Store(epilogue, row, col + 4 * stride, stride);
    }
}
