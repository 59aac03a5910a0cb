using System;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>
/// MatMul.RunBiased (y starts from a per-column bias) and ConvTranspose with an epilogue: each equals the plain kernel
/// followed by the bias Add, activation or residual Add it absorbs.
/// </summary>
public class ProductEpilogueTests
{
    public static TheoryData<int[], int[], int, int, int> MatMulCases => new()
    {
        { new int[0], new int[0], 1, 1, 1 },
        { new[] { 2 }, new int[0], 5, 6, 8 },               // [2,5,8] × [8,6]: one tall product
        { new[] { 3 }, new int[0], 50, 33, 17 },            // more rows than one epilogue block
        { new[] { 2 }, new[] { 2 }, 5, 6, 8 },              // batched B: the per-batch path
        { new[] { 2, 1 }, new[] { 3 }, 7, 9, 0 },           // k = 0: y is the bias
    };

    private static int[] Batch(int[] aBatch, int[] bBatch)
    {
        int rank = Math.Max(aBatch.Length, bBatch.Length);
        var batch = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            int ai = d - (rank - aBatch.Length), bi = d - (rank - bBatch.Length);
            batch[d] = Math.Max(ai >= 0 ? aBatch[ai] : 1, bi >= 0 ? bBatch[bi] : 1);
        }
        return batch;
    }

    private static int[] BatchStrides(int[] inBatch, int[] outBatch, int matrixSize)
    {
        var s = new int[outBatch.Length];
        int acc = matrixSize;
        for (int d = outBatch.Length - 1; d >= 0; d--)
        {
            int id = d - (outBatch.Length - inBatch.Length);
            int size = id >= 0 ? inBatch[id] : 1;
            s[d] = size == 1 ? 0 : acc;
            acc *= size;
        }
        return s;
    }

    [Theory]
    [MemberData(nameof(MatMulCases))]
    public void MatMulWithABiasIsTheProductPlusTheBias(int[] aBatch, int[] bBatch, int m, int n, int k)
    {
        var batch = Batch(aBatch, bBatch);
        int[] aS = BatchStrides(aBatch, batch, m * k), bS = BatchStrides(bBatch, batch, k * n);
        float[] a = RandomFloats(Product(aBatch) * m * k, 1), b = RandomFloats(Product(bBatch) * k * n, 2), bias = RandomFloats(n, 3);
        float[] residual = RandomFloats(Product(batch) * m * n, 4);
        var plain = new float[residual.Length];
        MatMul.Run<float>(a, b, plain, batch, aS, bS, m, n, k);
        var expected = new double[plain.Length];
        var expectedFused = new double[plain.Length];
        for (int i = 0; i < plain.Length; i++)
        {
            expected[i] = (double)plain[i] + bias[i % n];
            expectedFused[i] = Math.Max(expected[i] + residual[i], 0);
        }

        var y = new float[plain.Length];
        Array.Fill(y, float.NaN);
        MatMul.RunBiased<float>(a, b, bias, y, batch, aS, bS, m, n, k);
        AssertClose(expected, y);

        // Relu(acc + r) after the bias: the residual Add and the activation in the epilogue.
        Array.Fill(y, float.NaN);
        MatMul.RunBiased<float, Epilogue2<AddRelu, float>>(a, b, bias, residual, y, batch, aS, bS, m, n, k);
        AssertClose(expectedFused, y);
    }

    [Fact]
    public void MatMulBiasShorterThanTheColumnsThrows()
    {
        Assert.Throws<ArgumentException>(() => MatMul.RunBiased<float>(new float[6], new float[6], new float[1], new float[4], ReadOnlySpan<int>.Empty, ReadOnlySpan<int>.Empty, ReadOnlySpan<int>.Empty, 2, 2, 3));
    }

    [Fact]
    public void MatMulWithABiasDoesNotAllocate()
    {
        float[] a = RandomFloats(2 * 5 * 8, 1), b = RandomFloats(8 * 6, 2), bias = RandomFloats(6, 3);
        var y = new float[2 * 5 * 6];
        int[] batch = { 2 }, aS = { 40 }, bS = { 0 };
        MatMul.RunBiased<float, Epilogue1V<ReluF, float>>(a, b, bias, default, y, batch, aS, bS, 5, 6, 8);
        long before = GC.GetAllocatedBytesForCurrentThread();
        MatMul.RunBiased<float, Epilogue1V<ReluF, float>>(a, b, bias, default, y, batch, aS, bS, 5, 6, 8);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(2, 2, 2, 1)]
    [InlineData(1, 3, 1, 2)]
    public void ConvTransposeWithAnEpilogueIsTheKernelThenTheEpilogue(int batch, int group, int stride, int dilation)
    {
        int inC = 2 * group, outC = 3 * group, h = 4, w = 5, kh = 3, kw = 2;
        int oh = (h - 1) * stride + (kh - 1) * dilation + 1, ow = (w - 1) * stride + (kw - 1) * dilation + 1;
        float[] x = RandomFloats(batch * inC * h * w, 1), wt = RandomFloats(inC * (outC / group) * kh * kw, 2), bias = RandomFloats(outC, 3);
        float[] residual = RandomFloats(batch * outC * oh * ow, 4);
        int[] inSpatial = { h, w }, kernel = { kh, kw }, outSpatial = { oh, ow }, strides = { stride, stride }, dilations = { dilation, dilation }, pads = { 0, 0 };
        // A small tile: several col2im passes add into each output before its epilogue.
        int tile = 7;
        var columns = new float[(outC / group) * kh * kw * tile];
        var plain = new float[residual.Length];
        ConvTranspose.Run<float>(x, wt, bias, plain, columns, tile, batch, inC, outC, group, inSpatial, kernel, outSpatial, strides, dilations, pads);

        var y = new float[plain.Length];
        Array.Fill(y, float.NaN);
        ConvTranspose.Run<float, Epilogue1V<ReluF, float>>(x, wt, bias, default, y, columns, tile, batch, inC, outC, group, inSpatial, kernel, outSpatial, strides, dilations, pads);
        AssertClose(Array.ConvertAll(plain, v => Math.Max((double)v, 0)), y);

        Array.Fill(y, float.NaN);
        ConvTranspose.Run<float, Epilogue2V<AddOp<float>, float>>(x, wt, bias, residual, y, columns, tile, batch, inC, outC, group, inSpatial, kernel, outSpatial, strides, dilations, pads);
        var expected = new double[plain.Length];
        for (int i = 0; i < plain.Length; i++) expected[i] = (double)plain[i] + residual[i];
        AssertClose(expected, y);
    }

    /// <summary>max(acc + r, 0), scalar (Epilogue2's function).</summary>
    private readonly struct AddRelu : ModelGen.Runtime.Kernels.IMap2<float, float, float>
    {
        public static float Apply(float a, float b) => MathF.Max(a + b, 0f);
    }
}
