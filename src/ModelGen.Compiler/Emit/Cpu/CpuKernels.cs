using System.Collections.Generic;

namespace ModelGen.Compiler.Emit.Cpu
{
    /// <summary>
    /// The CPU backend's table: kernel id → the ModelGen.Runtime.Kernels method that runs it, and how many of the
    /// call's type arguments are generic arguments of the method (the others select an overload, such as Gather's
    /// index type). The operands are passed in order. Ids not listed here are rendered specially (copy, elementwise).
    /// </summary>
    internal static class CpuKernels
    {
        private static readonly Dictionary<string, (string Method, int TypeArgs)> s_table = new Dictionary<string, (string, int)>(System.StringComparer.Ordinal)
        {
            ["matmul"] = ("MatMul.Run", 1),
            ["gemm"] = ("Gemm.Run", 1),
            ["conv.direct"] = ("Conv.Direct", 1),
            ["conv.pointwise"] = ("Conv.Pointwise", 1),
            ["conv.im2col_gemm"] = ("Conv.Im2ColGemm", 1),
            ["conv_transpose"] = ("ConvTranspose.Run", 1),
            ["maxpool"] = ("MaxPool.Run", 1),
            ["averagepool"] = ("AveragePool.Run", 1),
            ["lppool"] = ("LpPool.Run", 1),
            ["resize"] = ("Resize.Run", 2),
            ["resize.dims"] = ("Resize.OutputDims", 0),
            ["resize.scales"] = ("Resize.ScalesFromBits", 0),
            ["globalpool.average"] = ("GlobalPool.Average", 1),
            ["globalpool.max"] = ("GlobalPool.Max", 1),
            ["normalize"] = ("Normalization.Run", 2),
            ["batchnorm"] = ("BatchNormalization.Run", 1),
            ["softmax"] = ("Softmax.Run", 1),
            ["attention"] = ("Attention.Run", 1),
            ["rotary_embedding"] = ("RotaryEmbedding.Run", 1),
            ["rnn"] = ("Rnn.Run", 1),
            ["lstm"] = ("Lstm.Run", 1),
            ["gru"] = ("Gru.Run", 1),
            ["reduce.sum"] = ("Reduce.Sum", 1),
            ["reduce.mean"] = ("Reduce.Mean", 1),
            ["reduce.max"] = ("Reduce.Max", 1),
            ["reduce.min"] = ("Reduce.Min", 1),
            ["reduce.prod"] = ("Reduce.Prod", 1),
            ["reduce.l1"] = ("Reduce.L1", 1),
            ["reduce.l2"] = ("Reduce.L2", 1),
            ["reduce.logsum"] = ("Reduce.LogSum", 1),
            ["reduce.logsumexp"] = ("Reduce.LogSumExp", 1),
            ["reduce.sumsquare"] = ("Reduce.SumSquare", 1),
            ["reduce.any"] = ("Reduce.Any", 0),
            ["reduce.all"] = ("Reduce.All", 0),
            ["cumsum"] = ("Cumulative.Sum", 1),
            ["cumprod"] = ("Cumulative.Product", 1),
            ["cumsum.along"] = ("Cumulative.SumAlong", 1),
            ["cumprod.along"] = ("Cumulative.ProductAlong", 1),
            ["argmax"] = ("ArgReduce.Max", 1),
            ["argmin"] = ("ArgReduce.Min", 1),
            ["reduce.dims"] = ("Reduce.OutputDims", 0),
            ["loss.log_softmax"] = ("ClassLoss.LogSoftmax", 1),
            ["loss.nll"] = ("ClassLoss.NegativeLogLikelihood", 2),
            ["logsoftmax"] = ("LogSoftmax.Run", 1),
            ["hardmax"] = ("Hardmax.Run", 1),
            ["pad"] = ("Pad.Run", 1),
            ["pad.runtime"] = ("Pad.Run", 1),
            ["pad.dims"] = ("Pad.OutputDims", 0),
            ["tensor_scatter"] = ("TensorScatter.Run", 1),
            ["col2im"] = ("Col2Im.Run", 1),
            ["col2im.dims"] = ("Col2Im.OutputDims", 0),
            ["unique"] = ("Unique.Run", 1),
            ["transpose"] = ("Transpose.Run", 1),
            ["concat.block"] = ("Concat.CopyBlock", 1),
            ["gather"] = ("Gather.Run", 1),
            ["gather_elements"] = ("GatherElements.Run", 1),
            ["scatter_elements"] = ("ScatterElements.Run", 1),
            ["scatter_elements.reduce"] = ("ScatterElements.Reduce", 1),
            ["gathernd"] = ("GatherND.Run", 1),
            ["scatternd"] = ("ScatterND.Run", 1),
            ["scatternd.reduce"] = ("ScatterND.Reduce", 1),
            ["compress"] = ("Compress.Run", 1),
            ["compress.counted"] = ("Compress.Counted", 1),
            ["slice"] = ("Slice.Run", 1),
            ["slice.dynamic"] = ("Slice.Dynamic", 1),
            ["slice.dynamic_axes"] = ("Slice.DynamicAxes", 1),
            ["tile"] = ("Tile.Run", 1),
            ["trilu"] = ("Trilu.Run", 1),
            ["topk"] = ("TopK.Run", 1),
            ["lpnormalization"] = ("AxisNormalization.Lp", 1),
            ["mvn"] = ("AxisNormalization.MeanVariance", 1),
            ["globalpool.lp"] = ("AxisNormalization.GlobalLp", 1),
            ["reverse_sequence"] = ("ReverseSequence.Run", 1),
            ["group_normalization"] = ("GroupStatistics.GroupNormalize", 1),
            ["det"] = ("GroupStatistics.Determinant", 1),
            ["einsum.unary"] = ("Einsum.Unary", 1),
            ["einsum.binary"] = ("Einsum.Binary", 1),
            ["center_crop_pad"] = ("CenterCropPad.Run", 1),
            ["center_crop_pad.dims"] = ("CenterCropPad.Dims", 1),
            ["topk.k"] = ("TopK.K", 0),
            ["trilu.dynamic"] = ("Trilu.Dynamic", 1),
            ["cast"] = ("Cast.Run", 2),
            ["bitcast"] = ("BitCast.Run", 2),
            ["quantize"] = ("Quantization.Quantize", 4),
            ["dequantize"] = ("Quantization.Dequantize", 4),
            ["quantize.narrow"] = ("NarrowQuantization.Quantize", 4),
            ["dequantize.narrow"] = ("NarrowQuantization.Dequantize", 4),
            ["quant.shift"] = ("Quantization.Shift", 1),
            ["quant.dynamic"] = ("Quantization.Dynamic", 1),
            ["quant.requantize"] = ("Quantization.Requantize", 2),
            ["cast.to_bool"] = ("Cast.ToBool", 1),
            ["cast.from_bool"] = ("Cast.FromBool", 1),
            ["cast.to_narrow"] = ("NarrowCast.To", 2),
            ["cast.from_narrow"] = ("NarrowCast.From", 2),
            ["cast.narrow_between"] = ("NarrowCast.Between", 2),
            ["cast.to_e8m0"] = ("NarrowCast.ToE8M0", 1),
            ["cast.narrow_to_bool"] = ("NarrowCast.ToBool", 1),
            ["cast.narrow_from_bool"] = ("NarrowCast.FromBool", 1),
            ["fill"] = ("Fill.Run", 1),
            ["expand"] = ("Expand.Run", 1),
            ["range"] = ("Range.Run", 1),
            ["range.count"] = ("Range.Count", 1),
            ["nonzero"] = ("NonZero.Run", 1),
            ["onehot"] = ("OneHot.Run", 2),
            ["onehot.depth"] = ("OneHot.Depth", 1),
            ["eyelike"] = ("EyeLike.Run", 1),
            ["gridsample"] = ("GridSample.Run", 2),
            ["affinegrid"] = ("AffineGrid.Run", 1),
            ["affinegrid.dims"] = ("AffineGrid.OutputDims", 0),
            ["reshape.dims"] = ("ShapeKernels.ReshapeDims", 0),
            ["unsqueeze.dims"] = ("ShapeKernels.UnsqueezeDims", 0),
            ["squeeze.dims"] = ("ShapeKernels.SqueezeDims", 0),
            ["expand.dims"] = ("ShapeKernels.ExpandDims", 0),
            ["split.dims"] = ("ShapeKernels.SplitDims", 1),
            ["split.equal_dims"] = ("ShapeKernels.SplitEqualDims", 0),
            ["tile.dims"] = ("ShapeKernels.TileDims", 0),
            ["shape.dims"] = ("ShapeKernels.ShapeDims", 0),
        };

        public static bool TryGet(string kernel, out string method, out int typeArgs)
        {
            if (s_table.TryGetValue(kernel, out var e))
            {
                method = "global::ModelGen.Runtime.Kernels." + e.Method;
                typeArgs = e.TypeArgs;
                return true;
            }
            method = "";
            typeArgs = 0;
            return false;
        }

        /// <summary>Every kernel id the table knows, for tests that check each has a runtime method.</summary>
        public static IEnumerable<string> Ids => s_table.Keys;
    }
}
