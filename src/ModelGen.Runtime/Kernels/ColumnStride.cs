using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The stride along a row of a direct convolution, as a type, so that one vector loop serves strides 1 and 2 (the
/// downsampling depthwise convolutions of MobileNet-style models): output column j reads input columns j·Step + tap;
/// at stride 2 a vector of outputs reads the even elements of two input vectors (<see cref="IFloatVec{TV}.LoadEven"/>).
/// </summary>
internal unsafe interface IColumnStride
{
    static abstract int Step { get; }

    /// <summary>The inputs of a vector of outputs: p[0], p[Step], ..., p[Step·(Count−1)].</summary>
    static abstract TV Load<TOps, TV>(float* p) where TOps : struct, IFloatVec<TV> where TV : struct;

    /// <summary>
    /// How many leading outputs of a row have vector loads that stay in its first <paramref name="readEnd"/> inputs, when
    /// an output's last tap is <paramref name="reach"/> columns past its first (a stride-2 load reads one float more).
    /// </summary>
    static abstract int VectorEnd(int readEnd, int reach);
}

internal readonly struct Stride1 : IColumnStride
{
    public static int Step => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe TV Load<TOps, TV>(float* p) where TOps : struct, IFloatVec<TV> where TV : struct => TOps.Load(p);
    public static int VectorEnd(int readEnd, int reach) => readEnd - reach;
}

internal readonly struct Stride2 : IColumnStride
{
    public static int Step => 2;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe TV Load<TOps, TV>(float* p) where TOps : struct, IFloatVec<TV> where TV : struct => TOps.LoadEven(p);
    // Output e's vector load reads through input 2e + reach + 1.
    public static int VectorEnd(int readEnd, int reach) => readEnd - reach - 2 < 0 ? 0 : (readEnd - reach - 2) / 2 + 1;
}
