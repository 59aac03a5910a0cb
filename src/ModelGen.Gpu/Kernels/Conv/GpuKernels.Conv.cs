using System;
using ILGPU;
using ILGPU.Runtime;
using ModelGen.Gpu.Kernels.Conv;
using ModelGen.Gpu.Kernels.Elementwise;
using ModelGen.Gpu.Kernels.Gemm;

namespace ModelGen.Gpu.Kernels;

public sealed partial class GpuKernels
{
    /// <summary>
    /// The reduction depth (input channels per group × window) from which <see cref="Conv{TAct}"/> takes the
    /// im2col + GEMM path: below it the direct kernel's per-output loop is short and the unfold would cost more than it saves.
    /// </summary>
    public const int Im2ColMinDepth = 32;

    /// <summary>Elements of the im2col workspace for <paramref name="args"/>: N·C·KH·KW·OutH·OutW.</summary>
    public static long Im2ColLength(in ConvArgs args) => (long)args.N * args.C * args.KH * args.KW * args.OutH * args.OutW;

    /// <summary>
    /// ONNX Conv (2-D, NCHW) with bias and a fused activation, by the best path for its shape: the unrolled
    /// depthwise kernel for 3×3 and 5×5 depthwise layers, im2col + batched GEMM for deep reductions when
    /// <paramref name="workspace"/> holds <see cref="Im2ColLength"/> elements, else the direct kernel. <paramref name="tile"/>
    /// is the generator's build-time tile for that GEMM (see <see cref="Gemm{TAct}"/>); the other paths ignore it.
    /// </summary>
    public void Conv<TAct>(
        AcceleratorStream stream, ConvArgs args, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias, ArrayView<float> y,
        TAct act, ArrayView<float> workspace, GemmTileSize? tile = null)
        where TAct : struct, IUnaryOp
    {
        if (UnrolledDepthwise(args) && args.KH == 3)
        {
            ConvDepthwise<Const3, TAct>(stream, args, x, w, bias, y, act);
        }
        else if (UnrolledDepthwise(args))
        {
            ConvDepthwise<Const5, TAct>(stream, args, x, w, bias, y, act);
        }
        else if (DeepEnoughForIm2Col(args) && workspace.Length >= Im2ColLength(args))
        {
            ConvIm2ColGemm(stream, args, x, w, bias, workspace, y, act, tile);
        }
        else
        {
            ConvDirect(stream, args, x, w, bias, y, act);
        }
    }

    /// <summary>
    /// Whether generated sessions on this library unfold their deep convolutions (im2col + batched GEMM, through a
    /// workspace): on CUDA, where the GEMM's shared-memory tiles pay; not on the CPU accelerator, a simulator on which
    /// the unfolded path made the model tests 15× slower (<see cref="UnfoldVariable"/> turns it on there, for tests).
    /// </summary>
    public bool UnfoldsConvolutions { get; }

    /// <summary>
    /// Elements of workspace <see cref="Conv{TAct}"/> should get for this geometry: <see cref="Im2ColLength"/> when it
    /// would take the im2col path and this library unfolds convolutions, else 0. A generated session sizes its one
    /// workspace as the largest of its convolutions'.
    /// </summary>
    public long ConvWorkspaceLength(in ConvArgs args) =>
        UnfoldsConvolutions && !UnrolledDepthwise(args) && DeepEnoughForIm2Col(args) ? Im2ColLength(args) : 0;

    private static bool UnrolledDepthwise(in ConvArgs args) =>
        args.Groups == args.C && args.M % args.C == 0 && args.KH == args.KW && (args.KH == 3 || args.KH == 5);

    private static bool DeepEnoughForIm2Col(in ConvArgs args) => args.GroupC * args.KH * args.KW >= Im2ColMinDepth;

    /// <summary>The direct convolution kernel (any geometry).</summary>
    public void ConvDirect<TAct>(
        AcceleratorStream stream, ConvArgs args, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias, ArrayView<float> y, TAct act)
        where TAct : struct, IUnaryOp
    {
        CheckConv(args, x, w, bias, y);
        var launch = cache.GetOrLoad(
            new KernelKey("ConvDirect", typeof(TAct), typeof(void)),
            static a => a.LoadKernel<ConvArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, TAct>(
                ConvKernels.Direct));
        launch(stream, LaunchConfigs.GridStride(Accelerator, args.OutputLength), args, x, w, bias, y.SubView(0, args.OutputLength), act);
    }

    /// <summary>The depthwise kernel with a <typeparamref name="TSize"/>-square window (Groups = C, M a multiple of C).</summary>
    public void ConvDepthwise<TSize, TAct>(
        AcceleratorStream stream, ConvArgs args, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias, ArrayView<float> y, TAct act)
        where TSize : struct, IConstant
        where TAct : struct, IUnaryOp
    {
        int size = default(TSize).Value;
        if (args.Groups != args.C || args.M % args.C != 0 || args.KH != size || args.KW != size)
        {
            throw new ArgumentException(
                $"The {size}×{size} depthwise kernel needs Groups = C, M a multiple of C and a {size}×{size} window; got C={args.C}, " +
                $"M={args.M}, Groups={args.Groups}, window {args.KH}×{args.KW}.");
        }

        CheckConv(args, x, w, bias, y);
        var launch = cache.GetOrLoad(
            new KernelKey("ConvDepthwise", typeof(TSize), typeof(TAct)),
            static a => a.LoadKernel<ConvArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, TAct>(
                ConvKernels.Depthwise<TSize, TAct>));
        launch(stream, LaunchConfigs.GridStride(Accelerator, args.OutputLength), args, x, w, bias, y.SubView(0, args.OutputLength), act);
    }

    /// <summary>
    /// im2col into <paramref name="workspace"/>, then one GEMM launch batched over (image, group):
    /// y[n, g] = act(w[g] · col[n, g] + bias[g]), with the weights shared across images (batch stride 0): a
    /// GroupM × OutH·OutW product over N·Groups batches, with <paramref name="tile"/> as in <see cref="Gemm{TAct}"/>.
    /// </summary>
    public void ConvIm2ColGemm<TAct>(
        AcceleratorStream stream, ConvArgs args, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias,
        ArrayView<float> workspace, ArrayView<float> y, TAct act, GemmTileSize? tile = null)
        where TAct : struct, IUnaryOp
    {
        CheckConv(args, x, w, bias, y);
        long colLength = Im2ColLength(args);
        RequireLength(workspace, colLength, nameof(workspace));
        if ((long)args.N * args.Groups > MaxGemmBatches)
        {
            throw new ArgumentException($"N·Groups = {(long)args.N * args.Groups} exceeds the {MaxGemmBatches} batches of one GEMM launch.");
        }

        var unfold = cache.GetOrLoad(
            new KernelKey("Im2Col", typeof(float), typeof(void)),
            static a => a.LoadKernel<ConvArgs, ArrayView<float>, ArrayView<float>>(ConvKernels.Im2Col));
        unfold(stream, LaunchConfigs.GridStride(Accelerator, colLength), args, x, workspace.SubView(0, colLength));

        int depth = args.GroupC * args.KH * args.KW;
        int plane = args.OutH * args.OutW;
        GemmArgs gemm = GemmArgs.Dense(args.GroupM, plane, depth);
        gemm.BatchInner = args.Groups;
        gemm.BatchA1 = (long)args.GroupM * depth;
        gemm.BatchB0 = (long)args.C * args.KH * args.KW * plane;
        gemm.BatchB1 = (long)depth * plane;
        gemm.BatchC0 = (long)args.M * plane;
        gemm.BatchC1 = (long)args.GroupM * plane;
        if (args.HasBias != 0)
        {
            gemm = gemm.WithBias(1f, strideM: 1, strideN: 0);
            gemm.BiasBatch1 = args.GroupM;
        }

        Gemm(stream, gemm, args.N * args.Groups, w, workspace, bias, y, act, tile);
    }

    private static void CheckConv(in ConvArgs p, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias, ArrayView<float> y)
    {
        RequireLength(x, (long)p.N * p.C * p.H * p.W, nameof(x));
        RequireLength(w, (long)p.M * p.GroupC * p.KH * p.KW, nameof(w));
        RequireLength(y, p.OutputLength, nameof(y));
        if (p.HasBias != 0)
        {
            RequireLength(bias, p.M, nameof(bias));
        }
    }
}
