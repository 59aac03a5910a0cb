using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// Slices feeding fused loops and Concats fed by them, which the view-fusion pass turns into strided reads and
    /// stores of the loops (ViewFusionNumericTests checks that no Slice or Concat call is left): box decoding as
    /// detection heads write it, offsets that leave the vector runs unaligned, a stepped slice over a batch bound at
    /// run time, and a Concat along the first axis.
    /// </summary>
    internal static class ViewFusionCases
    {
        public const string Family = "view fusion";

        public static void Add(CaseSet set)
        {
            var r = set.Random;
            var f = ElementType.Float;

            // Box decoding (ultraface's tail): centres = loc[..,0:2]*0.1*wh + c, sizes = exp(loc[..,2:4]*0.2)*wh,
            // z = Concat(centres, sizes); boxes = Concat(z[..,0:2] - z[..,2:4]/2, z[..,0:2] + z[..,2:4]/2).
            set.Graph(Family, "Slice", f, "box decoding, [1,37,4] sliced in halves, two Concats",
                new[]
                {
                    r.Uniform("loc", f, D(1, 37, 4), -2, 2), r.Uniform("c", f, D(1, 37, 2), 0, 1).AsConstant(), r.Uniform("wh", f, D(1, 37, 2), 0.1, 1).AsConstant(),
                    Scalar("k1", f, 0.1), Scalar("k2", f, 0.2), Scalar("two", f, 2),
                    Int64s("s0", 0), Int64s("e2", 2), Int64s("s2", 2), Int64s("e4", 4), Int64s("ax", 2),
                },
                new[] { ("boxes", f) }, b => b
                    .Node("Slice", new[] { "loc", "s0", "e2", "ax" }, new[] { "l0" }, "Slice_1")
                    .Node("Slice", new[] { "loc", "s2", "e4", "ax" }, new[] { "l1" }, "Slice_2")
                    .Node("Mul", new[] { "l0", "k1" }, new[] { "m0" }, "Mul_3")
                    .Node("Mul", new[] { "m0", "wh" }, new[] { "m1" }, "Mul_4")
                    .Node("Add", new[] { "m1", "c" }, new[] { "centres" }, "Add_5")
                    .Node("Mul", new[] { "l1", "k2" }, new[] { "m2" }, "Mul_6")
                    .Node("Exp", new[] { "m2" }, new[] { "m3" }, "Exp_7")
                    .Node("Mul", new[] { "m3", "wh" }, new[] { "sizes" }, "Mul_8")
                    .Node("Concat", new[] { "centres", "sizes" }, new[] { "z" }, "Concat_9", a => a.Int("axis", 2))
                    .Node("Slice", new[] { "z", "s0", "e2", "ax" }, new[] { "z0" }, "Slice_10")
                    .Node("Slice", new[] { "z", "s2", "e4", "ax" }, new[] { "z1" }, "Slice_11")
                    .Node("Div", new[] { "z1", "two" }, new[] { "half" }, "Div_12")
                    .Node("Sub", new[] { "z0", "half" }, new[] { "lo" }, "Sub_13")
                    .Node("Add", new[] { "z0", "half" }, new[] { "hi" }, "Add_14")
                    .Node("Concat", new[] { "lo", "hi" }, new[] { "boxes" }, "Concat_15", a => a.Int("axis", 2)));

            // Rows of 64 read from offsets 3 and 0 of rows of 70: the vector loads start unaligned; the Concat along
            // axis 0 stores the second expression 192 elements on (vector stores too).
            set.Graph(Family, "Concat", f, "sigmoid(x[:,3:67])*x[:,0:64] and x[:,0:64] - 1 concatenated on axis 0, [3,70]",
                new[] { r.Uniform("x", f, D(3, 70), -3, 3), Scalar("one", f, 1), Int64s("s3", 3), Int64s("e67", 67), Int64s("s0", 0), Int64s("e64", 64), Int64s("ax", 1) },
                new[] { ("y", f) }, b => b
                    .Node("Slice", new[] { "x", "s3", "e67", "ax" }, new[] { "a" }, "Slice_1")
                    .Node("Slice", new[] { "x", "s0", "e64", "ax" }, new[] { "b" }, "Slice_2")
                    .Node("Sigmoid", new[] { "a" }, new[] { "g" }, "Sigmoid_3")
                    .Node("Mul", new[] { "g", "b" }, new[] { "p" }, "Mul_4")
                    .Node("Sub", new[] { "b", "one" }, new[] { "q" }, "Sub_5")
                    .Node("Concat", new[] { "p", "q" }, new[] { "y" }, "Concat_6", a => a.Int("axis", 0)));

            // A stepped slice (every other column, from 1) over a batch bound at run time: relu(x[:, :, 1::2])*w + x[:, :, 1::2].
            set.Graph(Family, "Relu", f, "relu(s)*w + s, s = x[:, :, 1::2], [N,8,10], N=3 at run time",
                new[] { r.Uniform("x", f, D(3, 8, 10), -2, 2).Declare("N", 8, 10), r.Uniform("w", f, D(8, 5), -1, 1), Int64s("s1", 1), Int64s("e", 10), Int64s("ax", 2), Int64s("st", 2) },
                new[] { ("y", f) }, b => b
                    .Node("Slice", new[] { "x", "s1", "e", "ax", "st" }, new[] { "s" }, "Slice_1")
                    .Node("Relu", new[] { "s" }, new[] { "t" }, "Relu_2")
                    .Node("Mul", new[] { "t", "w" }, new[] { "u" }, "Mul_3")
                    .Node("Add", new[] { "u", "s" }, new[] { "y" }, "Add_4"));
        }
    }
}
