using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// ConvTranspose with an epilogue (bias, activation, residual: FusedConvTranspose), and a MatMul of rank 1, 3 or 4
    /// whose per-column bias Add, and what follows it, go into the MatMul kernel (FusedMatMul with a bias): every
    /// elementwise node of these models ends in the product's kernel (EpilogueFusionNumericTests checks that it did).
    /// Odd sizes, a batch bound at run time, groups and dilations, batched B (the per-batch path), float16.
    /// </summary>
    internal static class EpilogueFusionCases
    {
        public const string Family = "epilogue fusion";

        public static void Add(CaseSet set)
        {
            var r = set.Random;
            var f = ElementType.Float;
            set.Graph(Family, "ConvTranspose", f, "3×3 strides 2 pads 1 + bias → Relu",
                new[] { r.Uniform("x", f, D(1, 3, 5, 4), -1, 1), r.Uniform("w", f, D(3, 4, 3, 3), -1, 1).AsConstant(), r.Uniform("b", f, D(4), -1, 1).AsConstant() },
                new[] { ("y", f) },
                b => b.Node("ConvTranspose", new[] { "x", "w", "b" }, new[] { "c" }, name: "deconv", attributes: a => a.Ints("strides", 2, 2).Ints("pads", 1, 1, 1, 1))
                      .Node("Relu", new[] { "c" }, new[] { "y" }, name: "relu"));
            set.Graph(Family, "ConvTranspose", f, "x [N,4,5,5] N=2, 2×2, no bias → Add(residual) → Tanh",
                new[] { r.Uniform("x", f, D(2, 4, 5, 5), -1, 1).Declare("N", 4, 5, 5), r.Uniform("w", f, D(4, 3, 2, 2), -1, 1).AsConstant(),
                        r.Uniform("res", f, D(2, 3, 6, 6), -1, 1).Declare("N", 3, 6, 6) },
                new[] { ("y", f) },
                b => b.Node("ConvTranspose", new[] { "x", "w" }, new[] { "c" }, name: "deconv")
                      .Node("Add", new[] { "c", "res" }, new[] { "s" }, name: "add")
                      .Node("Tanh", new[] { "s" }, new[] { "y" }, name: "tanh"));
            set.Graph(Family, "ConvTranspose", f, "group 2, dilations 2 + bias → LeakyRelu",
                new[] { r.Uniform("x", f, D(1, 4, 4, 5), -1, 1), r.Uniform("w", f, D(4, 2, 3, 3), -1, 1).AsConstant(), r.Uniform("b", f, D(4), -1, 1).AsConstant() },
                new[] { ("y", f) },
                b => b.Node("ConvTranspose", new[] { "x", "w", "b" }, new[] { "c" }, name: "deconv", attributes: a => a.Int("group", 2).Ints("dilations", 2, 2))
                      .Node("LeakyRelu", new[] { "c" }, new[] { "y" }, name: "leaky", attributes: a => a.Float("alpha", 0.1f)));
            set.Graph(Family, "ConvTranspose", f, "1-D + bias → HardSigmoid",
                new[] { r.Uniform("x", f, D(1, 2, 7), -2, 2), r.Uniform("w", f, D(2, 3, 4), -1, 1).AsConstant(), r.Uniform("b", f, D(3), -1, 1).AsConstant() },
                new[] { ("y", f) },
                b => b.Node("ConvTranspose", new[] { "x", "w", "b" }, new[] { "c" }, name: "deconv")
                      .Node("HardSigmoid", new[] { "c" }, new[] { "y" }, name: "hsig"));

            foreach (var t in new[] { ElementType.Float, ElementType.Float16 })
            {
                set.Graph(Family, "MatMul", t, "[2,5,8] × [8,6] + bias [6] → Gelu",
                    new[] { r.Uniform("a", t, D(2, 5, 8), -1, 1), r.Uniform("bm", t, D(8, 6), -1, 1).AsConstant(), r.Uniform("bias", t, D(6), -1, 1).AsConstant() },
                    new[] { ("y", t) },
                    b => b.Node("MatMul", new[] { "a", "bm" }, new[] { "m" }, name: "matmul")
                          .Node("Add", new[] { "m", "bias" }, new[] { "s" }, name: "add")
                          .Node("Gelu", new[] { "s" }, new[] { "y" }, name: "gelu"),
                    opset: 20);
                set.Graph(Family, "MatMul", t, "[N,5,8] (N=3) × [8,6] + bias [1,1,6] → Add(residual) → Relu",
                    new[] { r.Uniform("a", t, D(3, 5, 8), -1, 1).Declare("N", 5, 8), r.Uniform("bm", t, D(8, 6), -1, 1).AsConstant(),
                            r.Uniform("bias", t, D(1, 1, 6), -1, 1).AsConstant(), r.Uniform("res", t, D(3, 5, 6), -1, 1).Declare("N", 5, 6) },
                    new[] { ("y", t) },
                    b => b.Node("MatMul", new[] { "a", "bm" }, new[] { "m" }, name: "matmul")
                          .Node("Add", new[] { "bias", "m" }, new[] { "s" }, name: "add")
                          .Node("Add", new[] { "s", "res" }, new[] { "u" }, name: "residual")
                          .Node("Relu", new[] { "u" }, new[] { "y" }, name: "relu"));
            }
            set.Graph(Family, "MatMul", f, "[2,5,8] × batched input B [2,8,6] + input bias [6] → Sigmoid",
                new[] { r.Uniform("a", f, D(2, 5, 8), -1, 1), r.Uniform("bm", f, D(2, 8, 6), -1, 1), r.Uniform("bias", f, D(6), -1, 1) },
                new[] { ("y", f) },
                b => b.Node("MatMul", new[] { "a", "bm" }, new[] { "m" }, name: "matmul")
                      .Node("Add", new[] { "m", "bias" }, new[] { "s" }, name: "add")
                      .Node("Sigmoid", new[] { "s" }, new[] { "y" }, name: "sigmoid"));
            set.Graph(Family, "MatMul", f, "[2,3,5,7] × [7,9] + bias [9] → Swish (s·Sigmoid(s))",
                new[] { r.Uniform("a", f, D(2, 3, 5, 7), -1, 1), r.Uniform("bm", f, D(7, 9), -1, 1).AsConstant(), r.Uniform("bias", f, D(9), -1, 1).AsConstant() },
                new[] { ("y", f) },
                b => b.Node("MatMul", new[] { "a", "bm" }, new[] { "m" }, name: "matmul")
                      .Node("Add", new[] { "m", "bias" }, new[] { "s" }, name: "add")
                      .Node("Sigmoid", new[] { "s" }, new[] { "g" }, name: "sigmoid")
                      .Node("Mul", new[] { "s", "g" }, new[] { "y" }, name: "mul"));
            set.Graph(Family, "MatMul", f, "[2,5,8] × [8,6] + bias [6] → Clip(-0.5, 0.5)",
                new[] { r.Uniform("a", f, D(2, 5, 8), -1, 1), r.Uniform("bm", f, D(8, 6), -1, 1).AsConstant(), r.Uniform("bias", f, D(6), -1, 1).AsConstant(),
                        RandomTensors.Of("lo", f, D(), -0.5).AsConstant(), RandomTensors.Of("hi", f, D(), 0.5).AsConstant() },
                new[] { ("y", f) },
                b => b.Node("MatMul", new[] { "a", "bm" }, new[] { "m" }, name: "matmul")
                      .Node("Add", new[] { "m", "bias" }, new[] { "s" }, name: "add")
                      .Node("Clip", new[] { "s", "lo", "hi" }, new[] { "y" }, name: "clip"));
            set.Graph(Family, "MatMul", f, "[4,3,8] × [8,10] + bias [10] → HardSwish",
                new[] { r.Uniform("a", f, D(4, 3, 8), -2, 2), r.Uniform("bm", f, D(8, 10), -1, 1).AsConstant(), r.Uniform("bias", f, D(10), -1, 1).AsConstant() },
                new[] { ("y", f) },
                b => b.Node("MatMul", new[] { "a", "bm" }, new[] { "m" }, name: "matmul")
                      .Node("Add", new[] { "m", "bias" }, new[] { "s" }, name: "add")
                      .Node("HardSwish", new[] { "s" }, new[] { "y" }, name: "hswish"),
                opset: 14);
            set.Graph(Family, "MatMul", f, "[8] × [8,6] + bias [6] (rank 1, bias only)",
                new[] { r.Uniform("a", f, D(8), -1, 1), r.Uniform("bm", f, D(8, 6), -1, 1).AsConstant(), r.Uniform("bias", f, D(6), -1, 1).AsConstant() },
                new[] { ("y", f) },
                b => b.Node("MatMul", new[] { "a", "bm" }, new[] { "m" }, name: "matmul")
                      .Node("Add", new[] { "m", "bias" }, new[] { "y" }, name: "add"));
            set.Graph(Family, "Conv", f, "3×3 pads 1 + bias → Swish (Sigmoid(c)·c)",
                new[] { r.Uniform("x", f, D(1, 3, 7, 6), -1, 1), r.Uniform("w", f, D(5, 3, 3, 3), -1, 1).AsConstant(), r.Uniform("b", f, D(5), -1, 1).AsConstant() },
                new[] { ("y", f) },
                b => b.Node("Conv", new[] { "x", "w", "b" }, new[] { "c" }, name: "conv", attributes: a => a.Ints("pads", 1, 1, 1, 1))
                      .Node("Sigmoid", new[] { "c" }, new[] { "g" }, name: "sigmoid")
                      .Node("Mul", new[] { "g", "c" }, new[] { "y" }, name: "mul"));
            var h = ElementType.Float16;
            set.Graph(Family, "ConvTranspose", h, "float16 3×3 strides 2 + bias → Relu → Add(residual)",
                new[] { r.Uniform("x", h, D(1, 3, 4, 4), -1, 1), r.Uniform("w", h, D(3, 2, 3, 3), -1, 1).AsConstant(), r.Uniform("b", h, D(2), -1, 1).AsConstant(),
                        r.Uniform("res", h, D(1, 2, 9, 9), -1, 1) },
                new[] { ("y", h) },
                b => b.Node("ConvTranspose", new[] { "x", "w", "b" }, new[] { "c" }, name: "deconv", attributes: a => a.Ints("strides", 2, 2))
                      .Node("Relu", new[] { "c" }, new[] { "s" }, name: "relu")
                      .Node("Add", new[] { "s", "res" }, new[] { "y" }, name: "add"));
        }
    }
}
