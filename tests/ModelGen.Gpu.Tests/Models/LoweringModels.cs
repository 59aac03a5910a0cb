using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using Xunit;

namespace ModelGen.Gpu.Tests.Models;

/// <summary>
/// Small one-op models, one per GPU lowering of the data-movement, reduction and normalisation calls: float input
/// "x", float output "y", every other operand an initializer. Shared by the numeric tests (GeneratedLoweringTests)
/// and the PTX tests (GeneratedKernelPtxTests), so every case that runs on the CPU accelerator also compiles to PTX.
/// </summary>
public static class LoweringModels
{
    /// <summary>A case: the model, its input and output shapes, and the generated method that must carry it.</summary>
    public sealed record Case(string Name, Func<OnnxModelBuilder> Model, int[] Input, int[] Output, string Kernel);

    /// <summary>Every case by name.</summary>
    public static IReadOnlyDictionary<string, Case> All { get; } = Cases().ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The case names, for xunit's MemberData.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in All.Keys)
            {
                data.Add(name);
            }

            return data;
        }
    }

    /// <summary>Writes the case's model to a temporary .onnx file; the caller deletes it.</summary>
    public static string Save(Case c)
    {
        string path = Path.Combine(Path.GetTempPath(), "modelgen-gpu-" + c.Name + "-" + Guid.NewGuid().ToString("N") + ".onnx");
        c.Model().Save(path);
        return path;
    }

    private static IEnumerable<Case> Cases()
    {
        const string Movement = "MovementKernel0";
        const string Library = "_kernels.";

        // Two axes sliced, one with a negative step: starts 1 and 5, steps 2 and -2.
        yield return One("slice", [2, 5, 6], [2, 2, 3], Movement, 13, m => m
            .Initializer("starts", [2], new long[] { 1, 5 }).Initializer("ends", [2], new long[] { 5, 0 })
            .Initializer("axes", [2], new long[] { 1, 2 }).Initializer("steps", [2], new long[] { 2, -2 })
            .Node("Slice", ["x", "starts", "ends", "axes", "steps"], ["y"]));
        // Three blocks along axis 1, the input twice around a constant.
        yield return One("concat", [2, 3, 4], [2, 8, 4], Movement, 13, m => m
            .Initializer("c", [2, 2, 4], Floats(16, 3))
            .Node("Concat", ["x", "c", "x"], ["y"], attributes: a => a.Int("axis", 1)));
        // int64 indices, one negative, gathered along axis 1.
        yield return One("gather-int64", [3, 5, 2], [3, 2, 2, 2], Movement, 13, m => m
            .Initializer("indices", [2, 2], new long[] { 4, -1, 0, 2 })
            .Node("Gather", ["x", "indices"], ["y"], attributes: a => a.Int("axis", 1)));
        yield return One("gather-int32", [4, 3], [2, 3], Movement, 13, m => m
            .Initializer("indices", [2], new[] { 3, -4 })
            .Node("Gather", ["x", "indices"], ["y"]));
        // Pads [0, 1, 2 | 0, 2, 1] in each mode; the constant comes from a scalar input tensor.
        yield return One("pad-constant", [2, 3, 4], [2, 6, 7], Movement, 19, m => m
            .Initializer("pads", [6], new long[] { 0, 1, 2, 0, 2, 1 }).Initializer("value", [], new[] { 1.5f })
            .Node("Pad", ["x", "pads", "value"], ["y"]));
        yield return One("pad-reflect", [2, 3, 4], [2, 6, 7], Movement, 19, m => m
            .Initializer("pads", [6], new long[] { 0, 1, 2, 0, 2, 1 })
            .Node("Pad", ["x", "pads"], ["y"], attributes: a => a.String("mode", "reflect")));
        // Edge mode with a negative pad (a crop) on the last axis.
        yield return One("pad-edge", [2, 3, 4], [2, 4, 5], Movement, 19, m => m
            .Initializer("pads", [6], new long[] { 0, 1, -1, 0, 0, 2 })
            .Node("Pad", ["x", "pads"], ["y"], attributes: a => a.String("mode", "edge")));
        yield return One("pad-wrap", [2, 3, 4], [2, 6, 7], Movement, 19, m => m
            .Initializer("pads", [6], new long[] { 0, 1, 2, 0, 2, 1 })
            .Node("Pad", ["x", "pads"], ["y"], attributes: a => a.String("mode", "wrap")));
        yield return One("expand", [3, 1, 4], [2, 3, 5, 4], Movement, 13, m => m
            .Initializer("shape", [4], new long[] { 2, 3, 5, 4 })
            .Node("Expand", ["x", "shape"], ["y"]));
        yield return One("tile", [2, 3, 2], [4, 3, 6], Movement, 13, m => m
            .Initializer("repeats", [3], new long[] { 2, 1, 3 })
            .Node("Tile", ["x", "repeats"], ["y"]));
        // Resize: nearest up by scales (asymmetric, floor), nearest down by sizes (half_pixel, round_prefer_ceil), linear up
        // by scales (half_pixel), linear by sizes with not_larger (align_corners), and Upsample-7's attribute scales.
        yield return One("resize-nearest-up", [1, 2, 3, 4], [1, 2, 6, 12], Movement, 13, m => m
            .Initializer("scales", [4], new[] { 1f, 1f, 2f, 3f })
            .Node("Resize", ["x", "", "scales"], ["y"], attributes: a => a.String("mode", "nearest")
                .String("coordinate_transformation_mode", "asymmetric").String("nearest_mode", "floor")));
        yield return One("resize-nearest-down", [1, 2, 7, 9], [1, 2, 3, 4], Movement, 13, m => m
            .Initializer("sizes", [4], new long[] { 1, 2, 3, 4 })
            .Node("Resize", ["x", "", "", "sizes"], ["y"], attributes: a => a.String("mode", "nearest").String("nearest_mode", "round_prefer_ceil")));
        yield return One("resize-linear-up", [2, 3, 4, 5], [2, 3, 6, 7], Movement, 13, m => m
            .Initializer("scales", [4], new[] { 1f, 1f, 1.5f, 1.5f })
            .Node("Resize", ["x", "", "scales"], ["y"], attributes: a => a.String("mode", "linear")));
        yield return One("resize-linear-sizes", [1, 1, 4, 6], [1, 1, 5, 8], Movement, 19, m => m
            .Initializer("sizes", [2], new long[] { 5, 9 })
            .Node("Resize", ["x", "", "", "sizes"], ["y"], attributes: a => a.String("mode", "linear")
                .String("coordinate_transformation_mode", "align_corners").Ints("axes", 2, 3).String("keep_aspect_ratio_policy", "not_larger")));
        yield return One("upsample-7", [1, 2, 3, 3], [1, 2, 6, 9], Movement, 7, m => m
            .Node("Upsample", ["x"], ["y"], attributes: a => a.String("mode", "nearest").Floats("scales", 1f, 1f, 2f, 3f)));
        // Reductions over the trailing axes, as row reductions of the library.
        yield return One("reducesum", [3, 4, 5], [3, 1, 1], Library + "ReduceRows", 13, m => m
            .Initializer("axes", [2], new long[] { 1, 2 })
            .Node("ReduceSum", ["x", "axes"], ["y"]));
        yield return One("reducemean", [6, 70], [6], Library + "ReduceRows", 13, m => m
            .Node("ReduceMean", ["x"], ["y"], attributes: a => a.Ints("axes", -1).Int("keepdims", 0)));
        // Values up to 90: exp alone would overflow in float, the row max shift keeps it finite.
        yield return One("reducelogsumexp", [4, 5, 6], [4, 1, 1], Library + "ReduceRows", 18, m => m
            .Initializer("axes", [2], new long[] { 1, 2 }).Initializer("shift", [6], new[] { 0f, 30f, 60f, 90f, 0f, -20f })
            .Node("Add", ["x", "shift"], ["s"])
            .Node("ReduceLogSumExp", ["s", "axes"], ["y"]));
        yield return One("reducemax", [2, 3, 9], [2, 3, 1], Library + "ReduceRows", 13, m => m
            .Node("ReduceMax", ["x"], ["y"], attributes: a => a.Ints("axes", 2)));
        yield return One("reducemin", [2, 3, 9], [2, 1, 1], Library + "ReduceRows", 13, m => m
            .Node("ReduceMin", ["x"], ["y"], attributes: a => a.Ints("axes", 1, 2)));
        // Reductions the row kernel does not take, as generated kernels: leading and middle axes, and the other folds.
        yield return One("reducesum-leading", [3, 4], [1, 4], "ReductionKernel0", 13, m => m
            .Initializer("axes", [1], new long[] { 0 })
            .Node("ReduceSum", ["x", "axes"], ["y"]));
        yield return One("reducemax-middle", [2, 5, 3], [2, 3], "ReductionKernel0", 13, m => m
            .Node("ReduceMax", ["x"], ["y"], attributes: a => a.Ints("axes", 1).Int("keepdims", 0)));
        yield return One("reducemean-outer", [4, 3, 2], [1, 3, 1], "ReductionKernel0", 13, m => m
            .Node("ReduceMean", ["x"], ["y"], attributes: a => a.Ints("axes", 0, 2)));
        yield return One("reduceprod", [3, 4], [3, 1], "ReductionKernel0", 13, m => m
            .Node("ReduceProd", ["x"], ["y"], attributes: a => a.Ints("axes", 1)));
        yield return One("reducel1", [3, 4], [1, 4], "ReductionKernel0", 13, m => m
            .Node("ReduceL1", ["x"], ["y"], attributes: a => a.Ints("axes", 0)));
        yield return One("reducel2", [3, 4], [3, 1], "ReductionKernel0", 13, m => m
            .Node("ReduceL2", ["x"], ["y"], attributes: a => a.Ints("axes", 1)));
        yield return One("reducesumsquare", [2, 3, 4], [1, 1, 4], "ReductionKernel0", 13, m => m
            .Node("ReduceSumSquare", ["x"], ["y"], attributes: a => a.Ints("axes", 0, 1)));
        // Four pointwise nodes (Mul and Add broadcasting constants, Tanh, Sub reading x again) fused into one expression:
        // one generated kernel for the group.
        yield return One("fused-elementwise", [2, 3, 4], [2, 3, 4], "ElementwiseKernel0", 13, m => m
            .Initializer("c", [4], Floats(4, 8)).Initializer("d", [3, 1], Floats(3, 9))
            .Node("Mul", ["x", "c"], ["a"]).Node("Add", ["a", "d"], ["b"]).Node("Tanh", ["b"], ["t"]).Node("Sub", ["t", "x"], ["y"]));
        // The functions of XMath and ModelGen.Gpu's DeviceErf (erf, sin, cos, atan, round to even, asin and acos of sin,
        // sinh, cosh) in one fused group: one generated kernel.
        yield return One("unary-functions", [2, 3, 4], [2, 3, 4], "ElementwiseKernel0", 13, m => m
            .Node("Erf", ["x"], ["e"]).Node("Sin", ["x"], ["s"]).Node("Cos", ["x"], ["c"]).Node("Atan", ["x"], ["a"]).Node("Round", ["x"], ["r"])
            .Node("Asin", ["s"], ["as"]).Node("Acos", ["s"], ["ac"]).Node("Sinh", ["x"], ["sh"]).Node("Cosh", ["x"], ["ch"])
            .Node("Add", ["e", "s"], ["t1"]).Node("Add", ["t1", "c"], ["t2"]).Node("Add", ["t2", "a"], ["t3"]).Node("Add", ["t3", "r"], ["t4"])
            .Node("Mul", ["as", "ch"], ["t5"]).Node("Add", ["t4", "t5"], ["t6"]).Node("Add", ["t6", "ac"], ["t7"]).Node("Add", ["t7", "sh"], ["y"]));
        // Asinh, Acosh and Atanh (ModelGen.Gpu's DeviceInverseHyperbolic, over DeviceLog1p) in one fused group: acosh of
        // |x| + 1 (at least 1), atanh of x/4 (inside (−1, 1) for these inputs, in [−3, 3]).
        yield return One("inverse-hyperbolic", [2, 3, 4], [2, 3, 4], "ElementwiseKernel0", 13, m => m
            .Initializer("one", [1], new float[] { 1f }).Initializer("quarter", [1], new float[] { 0.25f })
            .Node("Asinh", ["x"], ["s"]).Node("Abs", ["x"], ["a"]).Node("Add", ["a", "one"], ["a1"]).Node("Acosh", ["a1"], ["c"])
            .Node("Mul", ["x", "quarter"], ["q"]).Node("Atanh", ["q"], ["t"])
            .Node("Add", ["s", "c"], ["sc"]).Node("Add", ["sc", "t"], ["y"]));
        // LayerNormalization over the last axis with a bias, and over the last two without one.
        yield return One("layernorm", [4, 6, 8], [4, 6, 8], Library + "LayerNorm", 17, m => m
            .Initializer("scale", [8], Floats(8, 5)).Initializer("bias", [8], Floats(8, 6))
            .Node("LayerNormalization", ["x", "scale", "bias"], ["y"], attributes: a => a.Float("epsilon", 1e-3f)));
        // RMSNormalization over the last axis: the same row kernel with no mean subtracted.
        yield return One("rmsnorm", [4, 6, 8], [4, 6, 8], Library + "LayerNorm", 23, m => m
            .Initializer("scale", [8], Floats(8, 10))
            .Node("RMSNormalization", ["x", "scale"], ["y"], attributes: a => a.Float("epsilon", 1e-3f)));
        // InstanceNormalization over [2, 3, 4, 5]: each (image, channel) plane normalised, one scale and bias per channel.
        yield return One("instancenorm", [2, 3, 4, 5], [2, 3, 4, 5], Library + "LayerNorm", 6, m => m
            .Initializer("scale", [3], Floats(3, 11)).Initializer("bias", [3], Floats(3, 12))
            .Node("InstanceNormalization", ["x", "scale", "bias"], ["y"], attributes: a => a.Float("epsilon", 1e-3f)));
        yield return One("layernorm-2axes", [4, 6, 8], [4, 6, 8], Library + "LayerNorm", 17, m => m
            .Initializer("scale", [6, 8], Floats(48, 7))
            .Node("LayerNormalization", ["x", "scale"], ["y"], attributes: a => a.Int("axis", -2)));
    }

    private static Case One(string name, int[] input, int[] output, string kernel, long opset, Func<OnnxModelBuilder, OnnxModelBuilder> body) =>
        new(name, () => body(new OnnxModelBuilder(name, opset).Input("x", ElementType.Float, [.. input.Cast<object?>()]))
            .Output("y", ElementType.Float, [.. output.Cast<object?>()]), input, output, kernel);

    private static float[] Floats(int n, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1))];
    }
}
