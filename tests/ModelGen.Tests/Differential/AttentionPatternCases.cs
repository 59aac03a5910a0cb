using System.Linq;
using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// The attention pattern's edge against ONNX Runtime, which runs the decomposed graph: a BERT-style
    /// MatMul → Div → Add(mask) → Softmax → MatMul whose additive mask is −∞ over a whole row, so that row's Softmax is
    /// NaN (exp(−∞ − (−∞))); the fused Attention must give NaN there too, not Attention's own zeros.
    /// </summary>
    internal static class AttentionPatternCases
    {
        public const string Family = "attention pattern";

        public static void Add(CaseSet set)
        {
            var t = ElementType.Float;
            var r = set.Random;
            // mask [1,1,4,4]: query row 2 sees no key; the others see some.
            double inf = double.NegativeInfinity;
            var mask = new[] { 0, 0, inf, 0, 0, 0, 0, 0, inf, inf, inf, inf, 0, inf, 0, 0 };
            set.Graph(Family, "Softmax", t, "MatMul(Q,Kᵀ)/√8 + mask (row 2 all −∞) → Softmax → MatMul(V) (fused to Attention: that row is NaN)",
                new[]
                {
                    r.Uniform("q", t, D(2, 2, 4, 8), -1, 1), r.Uniform("k", t, D(2, 2, 4, 8), -1, 1), r.Uniform("v", t, D(2, 2, 4, 8), -1, 1),
                    RandomTensors.Of("mask", t, D(1, 1, 4, 4), mask).AsConstant(), RandomTensors.Of("scale", t, D(), 2.828427).AsConstant(),
                },
                new[] { ("y", t) },
                b => b.Node("Transpose", new[] { "k" }, new[] { "kt" }, name: "keys_t", attributes: a => a.Ints("perm", 0, 1, 3, 2))
                      .Node("MatMul", new[] { "q", "kt" }, new[] { "qk" }, name: "scores")
                      .Node("Div", new[] { "qk", "scale" }, new[] { "sc" }, name: "scaled")
                      .Node("Add", new[] { "sc", "mask" }, new[] { "am" }, name: "masked")
                      .Node("Softmax", new[] { "am" }, new[] { "p" }, name: "softmax", attributes: a => a.Int("axis", -1))
                      .Node("MatMul", new[] { "p", "v" }, new[] { "y" }, name: "context"));
        }
    }
}
