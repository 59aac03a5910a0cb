using ILGPU;
using ModelGen.Gpu.Kernels.Elementwise;

namespace ModelGen.Gpu.Kernels.Gemm;

/// <summary>A thread's 4×4 block of C in registers.</summary>
public struct Block4x4
{
    /// <summary>The rows.</summary>
    public Row4 R0, R1, R2, R3;

    /// <summary>One k of the outer product: 4 operands of A (stride aStride) times 4 of B (stride bStride).</summary>
    public void Accumulate(ArrayView<float> a, int aIndex, int aStride, ArrayView<float> b, int bIndex, int bStride)
    {
        Row4 left = Row4.Load(a, aIndex, aStride);
        Row4 right = Row4.Load(b, bIndex, bStride);
        R0.Fma(left.C0, right);
        R1.Fma(left.C1, right);
        R2.Fma(left.C2, right);
        R3.Fma(left.C3, right);
    }

    /// <summary>Stores row i at row + i·rowStride, column j at col + j·colStride.</summary>
    public readonly void Store<TAct>(in GemmEpilogue<TAct> epilogue, int row, int rowStride, int col, int colStride)
        where TAct : struct, IUnaryOp
    {
        R0.Store(epilogue, row, col, colStride);
        R1.Store(epilogue, row + rowStride, col, colStride);
        R2.Store(epilogue, row + 2 * rowStride, col, colStride);
        R3.Store(epilogue, row + 3 * rowStride, col, colStride);
    }
}

/// <summary>A thread's 8×8 block of C in registers (64 sums: the register budget of a 256-thread group allows it).</summary>
public struct Block8x8
{
    /// <summary>The rows.</summary>
    public Row8 R0, R1, R2, R3, R4, R5, R6, R7;

    /// <summary>One k of the outer product: 8 operands of A times 8 of B.</summary>
    public void Accumulate(ArrayView<float> a, int aIndex, int aStride, ArrayView<float> b, int bIndex, int bStride)
    {
        Row8 left = Row8.Load(a, aIndex, aStride);
        Row8 right = Row8.Load(b, bIndex, bStride);
        R0.Fma(left.Low.C0, right);
        R1.Fma(left.Low.C1, right);
        R2.Fma(left.Low.C2, right);
        R3.Fma(left.Low.C3, right);
        R4.Fma(left.High.C0, right);
        R5.Fma(left.High.C1, right);
        R6.Fma(left.High.C2, right);
        R7.Fma(left.High.C3, right);
    }

    /// <summary>Stores row i at row + i·rowStride, column j at col + j·colStride.</summary>
    public readonly void Store<TAct>(in GemmEpilogue<TAct> epilogue, int row, int rowStride, int col, int colStride)
        where TAct : struct, IUnaryOp
    {
        R0.Store(epilogue, row, col, colStride);
        R1.Store(epilogue, row + rowStride, col, colStride);
        R2.Store(epilogue, row + 2 * rowStride, col, colStride);
        R3.Store(epilogue, row + 3 * rowStride, col, colStride);
        R4.Store(epilogue, row + 4 * rowStride, col, colStride);
        R5.Store(epilogue, row + 5 * rowStride, col, colStride);
        R6.Store(epilogue, row + 6 * rowStride, col, colStride);
        R7.Store(epilogue, row + 7 * rowStride, col, colStride);
    }
}
