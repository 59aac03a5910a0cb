using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// What blocked-conv-chains rewrites, against ONNX Runtime: a chain from a one-channel input through a FusedConv
    /// (Relu) into a strided one with 17 input channels, a middle output that another node also reads (a
    /// FromBlocked inside the chain), a batch of 2 sized at run time, and a chain feeding a convolution that stays plain.
    /// Each convolution is at least 112 columns wide, so that the pass takes it.
    /// </summary>
    internal static class BlockedLayoutCases
    {
        public static void Add(CaseSet set)
        {
            var t = ElementType.Float;
            var r = set.Random;
            set.Graph("layout", "Conv", t, "blocked chain: 1→16 5×5 → Relu → 16→32 3×3 → (Sigmoid reader) → 32→16 3×3 (returned), x [N,1,3,120] N=2",
                new[]
                {
                    r.Uniform("x", t, D(2, 1, 3, 120), -1, 1).Declare("N", 1, 3, 120),
                    r.Uniform("w1", t, D(16, 1, 5, 5), -1, 1).AsConstant(), r.Uniform("b1", t, D(16), -1, 1).AsConstant(),
                    r.Uniform("w2", t, D(32, 16, 3, 3), -0.3, 0.3).AsConstant(), r.Uniform("b2", t, D(32), -1, 1).AsConstant(),
                    r.Uniform("w3", t, D(16, 32, 3, 3), -0.3, 0.3).AsConstant(),
                },
                new[] { ("y", t), ("s", t) },
                b => b.Node("Conv", new[] { "x", "w1", "b1" }, new[] { "c1" }, name: "conv1", attributes: a => a.Ints("pads", 2, 2, 2, 2))
                      .Node("Relu", new[] { "c1" }, new[] { "h1" }, name: "relu1")
                      .Node("Conv", new[] { "h1", "w2", "b2" }, new[] { "c2" }, name: "conv2", attributes: a => a.Ints("pads", 1, 1, 1, 1))
                      .Node("Sigmoid", new[] { "c2" }, new[] { "s" }, name: "sigmoid")
                      .Node("Conv", new[] { "c2", "w3" }, new[] { "y" }, name: "conv3", attributes: a => a.Ints("pads", 1, 1, 1, 1)));
            set.Graph("layout", "Conv", t, "blocked chain: 17→16 3×3 strides [1,2] → 16→16 3×3 → 16→9 3×3 (stays plain, after one reorder), x [1,17,4,260]",
                new[]
                {
                    r.Uniform("x", t, D(1, 17, 4, 260), -1, 1),
                    r.Uniform("w1", t, D(16, 17, 3, 3), -0.3, 0.3).AsConstant(),
                    r.Uniform("w2", t, D(16, 16, 3, 3), -0.3, 0.3).AsConstant(),
                    r.Uniform("w3", t, D(9, 16, 3, 3), -0.3, 0.3).AsConstant(), r.Uniform("b3", t, D(9), -1, 1).AsConstant(),
                },
                new[] { ("y", t) },
                b => b.Node("Conv", new[] { "x", "w1" }, new[] { "c1" }, name: "conv1", attributes: a => a.Ints("pads", 1, 1, 1, 1).Ints("strides", 1, 2))
                      .Node("Conv", new[] { "c1", "w2" }, new[] { "c2" }, name: "conv2", attributes: a => a.Ints("pads", 1, 1, 1, 1))
                      .Node("Conv", new[] { "c2", "w3", "b3" }, new[] { "y" }, name: "conv3", attributes: a => a.Ints("pads", 1, 1, 1, 1)));
        }
    }
}
