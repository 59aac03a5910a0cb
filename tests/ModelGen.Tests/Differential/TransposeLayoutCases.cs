using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// What the layout passes rewrite (transpose-sinking, conv-channels-last): a Conv feeding a Transpose to
    /// channels-last in each GEMM algorithm (pointwise, im2col over several column tiles, groups, 1-D, a FusedConv
    /// with its epilogue, a batch sized at run time), the depthwise form that stays, and Transposes moved below
    /// pointwise ops with weights, scalars and a second Transpose until they cancel; float and float16.
    /// </summary>
    internal static class TransposeLayoutCases
    {
        public static void Add(CaseSet set)
        {
            foreach (var t in new[] { ElementType.Float, ElementType.Float16 })
            {
                var r = set.Random;
                set.Graph("layout", "Conv", t, "1×1 → Transpose(0,2,3,1) → Reshape (detection head, pointwise channels-last)",
                    new[] { r.Uniform("x", t, D(1, 16, 6, 7), -1, 1), r.Uniform("w", t, D(6, 16, 1, 1), -1, 1).AsConstant(), r.Uniform("b", t, D(6), -1, 1).AsConstant(), Int64s("shape", 1, -1, 2) },
                    new[] { ("y", t) },
                    b => b.Node("Conv", new[] { "x", "w", "b" }, new[] { "c" }, name: "conv")
                          .Node("Transpose", new[] { "c" }, new[] { "p" }, name: "transpose", attributes: a => a.Ints("perm", 0, 2, 3, 1))
                          .Node("Reshape", new[] { "p", "shape" }, new[] { "y" }, name: "reshape"));
                set.Graph("layout", "Conv", t, "3×3 pads 1, 340 positions (two column tiles), x [N,5,20,17] N=2 → Transpose(0,2,3,1) (im2col channels-last)",
                    new[] { r.Uniform("x", t, D(2, 5, 20, 17), -1, 1).Declare("N", 5, 20, 17), r.Uniform("w", t, D(7, 5, 3, 3), -1, 1).AsConstant(), r.Uniform("b", t, D(7), -1, 1).AsConstant() },
                    new[] { ("y", t) },
                    b => b.Node("Conv", new[] { "x", "w", "b" }, new[] { "c" }, name: "conv", attributes: a => a.Ints("pads", 1, 1, 1, 1))
                          .Node("Transpose", new[] { "c" }, new[] { "y" }, name: "transpose", attributes: a => a.Ints("perm", 0, 2, 3, 1)));
                set.Graph("layout", "Conv", t, "group=2, strides 2, 3×3 → Relu → Transpose(0,2,3,1) (FusedConv channels-last)",
                    new[] { r.Uniform("x", t, D(1, 4, 9, 8), -1, 1), r.Uniform("w", t, D(6, 2, 3, 3), -1, 1).AsConstant() },
                    new[] { ("y", t) },
                    b => b.Node("Conv", new[] { "x", "w" }, new[] { "c" }, name: "conv", attributes: a => a.Int("group", 2).Ints("strides", 2, 2).Ints("pads", 1, 1, 1, 1))
                          .Node("Relu", new[] { "c" }, new[] { "h" }, name: "relu")
                          .Node("Transpose", new[] { "h" }, new[] { "y" }, name: "transpose", attributes: a => a.Ints("perm", 0, 2, 3, 1)));
                set.Graph("layout", "Conv", t, "1-D 1×1 group=3 → Transpose(0,2,1) → Sigmoid (sinks above the Transpose, then channels-last)",
                    new[] { r.Uniform("x", t, D(2, 6, 11), -1, 1), r.Uniform("w", t, D(9, 2, 1), -1, 1).AsConstant(), r.Uniform("b", t, D(9), -1, 1).AsConstant() },
                    new[] { ("y", t) },
                    b => b.Node("Conv", new[] { "x", "w", "b" }, new[] { "c" }, name: "conv", attributes: a => a.Int("group", 3))
                          .Node("Transpose", new[] { "c" }, new[] { "p" }, name: "transpose", attributes: a => a.Ints("perm", 0, 2, 1))
                          .Node("Sigmoid", new[] { "p" }, new[] { "y" }, name: "sigmoid"));
                set.Graph("layout", "Conv", t, "depthwise 3×3 → Transpose(0,2,3,1) (direct: the Transpose stays)",
                    new[] { r.Uniform("x", t, D(1, 4, 7, 6), -1, 1), r.Uniform("w", t, D(4, 1, 3, 3), -1, 1).AsConstant() },
                    new[] { ("y", t) },
                    b => b.Node("Conv", new[] { "x", "w" }, new[] { "c" }, name: "conv", attributes: a => a.Int("group", 4).Ints("pads", 1, 1, 1, 1))
                          .Node("Transpose", new[] { "c" }, new[] { "y" }, name: "transpose", attributes: a => a.Ints("perm", 0, 2, 3, 1)));
                set.Graph("layout", "Transpose", t, "Transpose → Add(weight [4]) → Mul(scalar) → Sigmoid → Transpose back (cancels)",
                    new[] { r.Uniform("x", t, D(2, 4, 3, 5), -1, 1), r.Uniform("c", t, D(4), -1, 1).AsConstant(), Scalar("s", t, 0.5) },
                    new[] { ("y", t) },
                    b => b.Node("Transpose", new[] { "x" }, new[] { "p" }, name: "t1", attributes: a => a.Ints("perm", 0, 2, 3, 1))
                          .Node("Add", new[] { "p", "c" }, new[] { "a" }, name: "add")
                          .Node("Mul", new[] { "s", "a" }, new[] { "m" }, name: "mul")
                          .Node("Sigmoid", new[] { "m" }, new[] { "g" }, name: "sigmoid")
                          .Node("Transpose", new[] { "g" }, new[] { "y" }, name: "t2", attributes: a => a.Ints("perm", 0, 3, 1, 2)));
                set.Graph("layout", "Transpose", t, "Sub(Transpose(a), Transpose(b)) same perm, a second reader of one Transpose, → Exp",
                    new[] { r.Uniform("a", t, D(3, 4, 5), -1, 1), r.Uniform("b2", t, D(3, 4, 5), -1, 1) },
                    new[] { ("y", t), ("z", t) },
                    b => b.Node("Transpose", new[] { "a" }, new[] { "ta" }, name: "ta", attributes: a => a.Ints("perm", 2, 0, 1))
                          .Node("Transpose", new[] { "b2" }, new[] { "tb" }, name: "tb", attributes: a => a.Ints("perm", 2, 0, 1))
                          .Node("Sub", new[] { "ta", "tb" }, new[] { "d" }, name: "sub")
                          .Node("Exp", new[] { "d" }, new[] { "y" }, name: "exp")
                          .Node("Neg", new[] { "tb" }, new[] { "z" }, name: "neg"));
            }
        }
    }
}
