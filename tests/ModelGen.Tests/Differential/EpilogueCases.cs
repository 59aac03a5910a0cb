using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// Conv, Gemm and MatMul followed by what the optimizer fuses into their kernels (epilogue-fusion, scale-into-producer):
    /// activations, residual Adds, per-channel Mul/Add, in every conv algorithm (im2col, pointwise, direct/depthwise),
    /// with odd sizes and a batch sized at run time; float and float16.
    /// </summary>
    internal static class EpilogueCases
    {
        public static void Add(CaseSet set)
        {
            foreach (var t in new[] { ElementType.Float, ElementType.Float16 })
            {
                var r = set.Random;
                set.Graph("epilogue", "Conv", t, "3×3 pads 1 + bias → Relu (im2col)",
                    new[] { r.Uniform("x", t, D(1, 3, 9, 7), -1, 1), r.Uniform("w", t, D(5, 3, 3, 3), -1, 1).AsConstant(), r.Uniform("b", t, D(5), -1, 1).AsConstant() },
                    new[] { ("y", t) },
                    b => b.Node("Conv", new[] { "x", "w", "b" }, new[] { "c" }, name: "conv", attributes: a => a.Ints("pads", 1, 1, 1, 1))
                          .Node("Relu", new[] { "c" }, new[] { "y" }, name: "relu"));
                set.Graph("epilogue", "Conv", t, "1×1 → Add(residual) → Relu (pointwise, ResNet form)",
                    new[] { r.Uniform("x", t, D(1, 4, 5, 7), -1, 1), r.Uniform("w", t, D(6, 4, 1, 1), -1, 1).AsConstant(), r.Uniform("res", t, D(1, 6, 5, 7), -1, 1) },
                    new[] { ("y", t) },
                    b => b.Node("Conv", new[] { "x", "w" }, new[] { "c" }, name: "conv")
                          .Node("Add", new[] { "res", "c" }, new[] { "s" }, name: "add")
                          .Node("Relu", new[] { "s" }, new[] { "y" }, name: "relu"));
                set.Graph("epilogue", "Conv", t, "depthwise group=4, strides 2 → Clip(0, 6) (direct, MobileNet form)",
                    new[] { r.Uniform("x", t, D(1, 4, 9, 8), -8, 8), r.Uniform("w", t, D(4, 1, 3, 3), -1, 1).AsConstant(), r.Uniform("b", t, D(4), -1, 1).AsConstant(),
                            RandomTensors.Of("lo", t, D(), 0).AsConstant(), RandomTensors.Of("hi", t, D(), 6).AsConstant() },
                    new[] { ("y", t) },
                    b => b.Node("Conv", new[] { "x", "w", "b" }, new[] { "c" }, name: "conv", attributes: a => a.Int("group", 4).Ints("strides", 2, 2).Ints("pads", 1, 1, 1, 1))
                          .Node("Clip", new[] { "c", "lo", "hi" }, new[] { "y" }, name: "clip"));
                set.Graph("epilogue", "Conv", t, "group=2, x [N,4,7,6] N=2 → Mul(scalar) → Add([C,1,1]) → Sigmoid",
                    new[] { r.Uniform("x", t, D(2, 4, 7, 6), -1, 1).Declare("N", 4, 7, 6), r.Uniform("w", t, D(6, 2, 3, 2), -1, 1).AsConstant(),
                            RandomTensors.Of("s", t, D(), 0.5).AsConstant(), r.Uniform("shift", t, D(6, 1, 1), -1, 1).AsConstant() },
                    new[] { ("y", t) },
                    b => b.Node("Conv", new[] { "x", "w" }, new[] { "c" }, name: "conv", attributes: a => a.Int("group", 2))
                          .Node("Mul", new[] { "c", "s" }, new[] { "m" }, name: "mul")
                          .Node("Add", new[] { "m", "shift" }, new[] { "a" }, name: "add")
                          .Node("Sigmoid", new[] { "a" }, new[] { "y" }, name: "sigmoid"));
                set.Graph("epilogue", "Conv", t, "residual block: Conv → Relu → Conv → Add(x) → Relu",
                    new[] { r.Uniform("x", t, D(1, 3, 6, 5), -1, 1), r.Uniform("w1", t, D(3, 3, 3, 3), -1, 1).AsConstant(), r.Uniform("w2", t, D(3, 3, 3, 3), -1, 1).AsConstant() },
                    new[] { ("y", t) },
                    b => b.Node("Conv", new[] { "x", "w1" }, new[] { "c1" }, name: "conv1", attributes: a => a.Ints("pads", 1, 1, 1, 1))
                          .Node("Relu", new[] { "c1" }, new[] { "h" }, name: "relu1")
                          .Node("Conv", new[] { "h", "w2" }, new[] { "c2" }, name: "conv2", attributes: a => a.Ints("pads", 1, 1, 1, 1))
                          .Node("Add", new[] { "c2", "x" }, new[] { "s" }, name: "add")
                          .Node("Relu", new[] { "s" }, new[] { "y" }, name: "relu2"),
                    // float16: h is rounded to half between the two convs (the float reference keeps it in float), and conv2 sums 27 such terms.
                    tolerance: t == ElementType.Float16 ? Tolerance.HalfSteps : null);
                set.Graph("epilogue", "Gemm", t, "[7,9] × [5,9]ᵀ + C [5], alpha 0.5 → Gelu",
                    new[] { r.Uniform("a", t, D(7, 9), -1, 1), r.Uniform("bm", t, D(5, 9), -1, 1).AsConstant(), r.Uniform("cb", t, D(5), -1, 1).AsConstant() },
                    new[] { ("y", t) },
                    b => b.Node("Gemm", new[] { "a", "bm", "cb" }, new[] { "g" }, name: "gemm", attributes: a => a.Int("transB", 1).Float("alpha", 0.5f))
                          .Node("Gelu", new[] { "g" }, new[] { "y" }, name: "gelu"));
                set.Graph("epilogue", "Gemm", t, "[N,6] × [6,13] (N=3) → LeakyRelu → Add(residual)",
                    new[] { r.Uniform("a", t, D(3, 6), -1, 1).Declare("N", 6), r.Uniform("bm", t, D(6, 13), -1, 1).AsConstant(), r.Uniform("res", t, D(3, 13), -1, 1).Declare("N", 13) },
                    new[] { ("y", t) },
                    b => b.Node("Gemm", new[] { "a", "bm" }, new[] { "g" }, name: "gemm")
                          .Node("LeakyRelu", new[] { "g" }, new[] { "l" }, name: "leaky", attributes: a => a.Float("alpha", 0.2f))
                          .Node("Add", new[] { "l", "res" }, new[] { "y" }, name: "add"));
                set.Graph("epilogue", "MatMul", t, "[2,3,5] × constant [5,11] → Add(residual) → Tanh",
                    new[] { r.Uniform("a", t, D(2, 3, 5), -1, 1), r.Uniform("bm", t, D(5, 11), -1, 1).AsConstant(), r.Uniform("res", t, D(2, 3, 11), -1, 1) },
                    new[] { ("y", t) },
                    b => b.Node("MatMul", new[] { "a", "bm" }, new[] { "m" }, name: "matmul")
                          .Node("Add", new[] { "m", "res" }, new[] { "s" }, name: "add")
                          .Node("Tanh", new[] { "s" }, new[] { "y" }, name: "tanh"));
                set.Graph("epilogue", "MatMul", t, "[N,7] × [7,9] (N=5) + bias [9] → HardSigmoid (becomes a Gemm)",
                    new[] { r.Uniform("a", t, D(5, 7), -1, 1).Declare("N", 7), r.Uniform("bm", t, D(7, 9), -1, 1).AsConstant(), r.Uniform("bias", t, D(9), -1, 1).AsConstant() },
                    new[] { ("y", t) },
                    b => b.Node("MatMul", new[] { "a", "bm" }, new[] { "m" }, name: "matmul")
                          .Node("Add", new[] { "m", "bias" }, new[] { "s" }, name: "add")
                          .Node("HardSigmoid", new[] { "s" }, new[] { "y" }, name: "hsig"));
            }
        }
    }
}
