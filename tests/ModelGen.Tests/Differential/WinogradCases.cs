using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// What winograd-convolution rewrites, against ONNX Runtime's direct convolution: a FusedConv (bias, Relu) over a
    /// batch of 2 sized at run time, a residual Add and Relu (ResNet's block ending), and super-resolution's 32→9 last layer form (no padding, no bias) whose last tile
    /// row and column are cut. Each has at least 96 tiles of 4×4 outputs (two blocks), so that the pass takes it with few channels.
    /// </summary>
    internal static class WinogradCases
    {
        public const string Family = "winograd";

        /// <summary>
        /// Winograd's error is absolute rather than relative to each output: its transforms scale terms up before they
        /// cancel, so an output near zero carries the rounding of its large terms (32→9 here: 1.07e-5 at an output of
        /// 5.5e-4, just past the float default's 1e-5 + 1e-3·|y| without AVX2).
        /// </summary>
        private static readonly Tolerance Winograd = new Tolerance(1e-3, 5e-5, "Winograd F(4×4, 3×3): absolute error of the transforms");

        public static void Add(CaseSet set)
        {
            var t = ElementType.Float;
            var r = set.Random;
            set.Graph(Family, "Conv", t, "16→32 3×3 pads 1, bias, Relu, x [N,16,32,48] N=2",
                new[]
                {
                    r.Uniform("x", t, D(2, 16, 32, 48), -1, 1).Declare("N", 16, 32, 48),
                    r.Uniform("w", t, D(32, 16, 3, 3), -0.3, 0.3).AsConstant(), r.Uniform("b", t, D(32), -1, 1).AsConstant(),
                },
                new[] { ("y", t) },
                b => b.Node("Conv", new[] { "x", "w", "b" }, new[] { "c" }, name: "conv", attributes: a => a.Ints("pads", 1, 1, 1, 1))
                      .Node("Relu", new[] { "c" }, new[] { "y" }, name: "relu"), tolerance: Winograd);
            set.Graph(Family, "Conv", t, "16→16 3×3 pads 1, bias, residual Add then Relu (the ResNet form), x [1,16,32,48]",
                new[]
                {
                    r.Uniform("x", t, D(1, 16, 32, 48), -1, 1), r.Uniform("r", t, D(1, 16, 32, 48), -1, 1),
                    r.Uniform("w", t, D(16, 16, 3, 3), -0.3, 0.3).AsConstant(), r.Uniform("b", t, D(16), -1, 1).AsConstant(),
                },
                new[] { ("y", t) },
                b => b.Node("Conv", new[] { "x", "w", "b" }, new[] { "c" }, name: "conv", attributes: a => a.Ints("pads", 1, 1, 1, 1))
                      .Node("Add", new[] { "c", "r" }, new[] { "s" }, name: "add")
                      .Node("Relu", new[] { "s" }, new[] { "y" }, name: "relu"), tolerance: Winograd);
            set.Graph(Family, "Conv", t, "32→9 3×3 no pads, no bias, cut tiles, x [1,32,42,43]",
                new[]
                {
                    r.Uniform("x", t, D(1, 32, 42, 43), -1, 1),
                    r.Uniform("w", t, D(9, 32, 3, 3), -0.3, 0.3).AsConstant(),
                },
                new[] { ("y", t) },
                b => b.Node("Conv", new[] { "x", "w" }, new[] { "y" }, name: "conv"), tolerance: Winograd);
        }
    }
}
