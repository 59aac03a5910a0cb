using System;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// AveragePool, LpPool, the global pools, ConvTranspose and Col2Im: asymmetric pads with and without
    /// count_include_pad, ceil_mode, dilations, SAME_* padding, 1-D and 3-D spatial ranks, ConvTranspose with groups,
    /// output_padding, output_shape and dilations, and Col2Im with strides, pads and dilations together.
    /// </summary>
    internal static class PoolingCases
    {
        public static void Add(CaseSet set)
        {
            AveragePool(set);
            LpPool(set);
            GlobalPools(set);
            ConvTranspose(set);
            Col2Im(set);
        }

        private static DiffTensor X(CaseSet set, ElementType t, long[] dims) => set.Random.Uniform("x", t, dims, -5, 5);

        private static void AveragePool(CaseSet set)
        {
            var cases = new (long[] X, string Variant, Action<OnnxAttributeBuilder> Attributes)[]
            {
                (D(1, 5, 17, 13), "kernel [3,2], strides [2,3], pads [1,0,1,1]", a => a.Ints("kernel_shape", 3, 2).Ints("strides", 2, 3).Ints("pads", 1, 0, 1, 1)),
                (D(1, 5, 17, 13), "kernel [3,2], strides [2,3], pads [1,0,1,1], count_include_pad=1",
                    a => a.Ints("kernel_shape", 3, 2).Ints("strides", 2, 3).Ints("pads", 1, 0, 1, 1).Int("count_include_pad", 1)),
                (D(2, 3, 15, 14), "kernel 3, strides 2, ceil_mode=1", a => a.Ints("kernel_shape", 3, 3).Ints("strides", 2, 2).Int("ceil_mode", 1)),
                (D(1, 3, 11, 10), "kernel 4, strides 3, auto_pad=SAME_LOWER", a => a.Ints("kernel_shape", 4, 4).Ints("strides", 3, 3).String("auto_pad", "SAME_LOWER")),
                (D(1, 3, 11, 10), "kernel 3, strides 2, auto_pad=SAME_UPPER, count_include_pad=1",
                    a => a.Ints("kernel_shape", 3, 3).Ints("strides", 2, 2).String("auto_pad", "SAME_UPPER").Int("count_include_pad", 1)),
                (D(1, 2, 16, 13), "kernel [2,3], dilations [2,1], pads [1,1,0,2]", a => a.Ints("kernel_shape", 2, 3).Ints("dilations", 2, 1).Ints("pads", 1, 1, 0, 2)),
                (D(2, 4, 31), "1-D: kernel 5, strides 3, pads [2,1]", a => a.Ints("kernel_shape", 5).Ints("strides", 3).Ints("pads", 2, 1)),
                (D(1, 2, 6, 7, 8), "3-D: kernel [2,3,2], strides [1,2,2]", a => a.Ints("kernel_shape", 2, 3, 2).Ints("strides", 1, 2, 2)),
            };
            foreach (var t in TypesOf("AveragePool"))
                foreach (var c in cases.Where((c, i) => t == ElementType.Float || i % 3 == 1))
                    set.Node("pooling", "AveragePool", t, c.Variant, new[] { X(set, t, c.X) }, new[] { t }, c.Attributes);
            set.Node("pooling", "AveragePool", ElementType.Float, "opset 10, kernel 3, strides 2, ceil_mode=1, pads 1",
                new[] { X(set, ElementType.Float, D(1, 2, 9, 10)) }, new[] { ElementType.Float },
                a => a.Ints("kernel_shape", 3, 3).Ints("strides", 2, 2).Ints("pads", 1, 1, 1, 1).Int("ceil_mode", 1), opset: 10);
        }

        private static void LpPool(CaseSet set)
        {
            foreach (var t in TypesOf("LpPool"))
            {
                set.Node("pooling", "LpPool", t, "p=3, kernel [3,2], strides [2,1], pads [1,0,0,1]", new[] { X(set, t, D(1, 3, 11, 9)) }, new[] { t },
                    a => a.Int("p", 3).Ints("kernel_shape", 3, 2).Ints("strides", 2, 1).Ints("pads", 1, 0, 0, 1));
                set.Node("pooling", "LpPool", t, "p=1, kernel 2, dilations 2, ceil_mode=1, strides 2", new[] { X(set, t, D(2, 2, 10, 9)) }, new[] { t },
                    a => a.Int("p", 1).Ints("kernel_shape", 2, 2).Ints("dilations", 2, 2).Ints("strides", 2, 2).Int("ceil_mode", 1));
                set.Node("pooling", "LpPool", t, "default p=2, 1-D kernel 4, auto_pad=SAME_UPPER", new[] { X(set, t, D(2, 3, 17)) }, new[] { t },
                    a => a.Ints("kernel_shape", 4).String("auto_pad", "SAME_UPPER"));
            }
        }

        private static void GlobalPools(CaseSet set)
        {
            foreach (var op in new[] { "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool" })
            {
                foreach (var t in TypesOf(op))
                {
                    set.Node("pooling", op, t, "[2,5,11,7]", new[] { X(set, t, D(2, 5, 11, 7)) }, new[] { t });
                    set.Node("pooling", op, t, "1-D [3,4,19]", new[] { X(set, t, D(3, 4, 19)) }, new[] { t });
                    set.Node("pooling", op, t, "3-D [1,3,4,5,6]", new[] { X(set, t, D(1, 3, 4, 5, 6)) }, new[] { t });
                }
            }
            foreach (var t in TypesOf("GlobalLpPool"))
                set.Node("pooling", "GlobalLpPool", t, "[2,3,5,4], p=3", new[] { X(set, t, D(2, 3, 5, 4)) }, new[] { t }, a => a.Int("p", 3));
        }

        private static void ConvTranspose(CaseSet set)
        {
            var cases = new (long[] X, long[] W, bool Bias, string Variant, Action<OnnxAttributeBuilder> Attributes)[]
            {
                (D(1, 3, 7, 6), D(3, 4, 3, 3), true, "strides 2, pads [1,0,1,1], output_padding [1,0], bias",
                    a => a.Ints("strides", 2, 2).Ints("pads", 1, 0, 1, 1).Ints("output_padding", 1, 0)),
                (D(2, 4, 5, 5), D(4, 3, 3, 2), false, "group=2, strides [1,2], dilations [2,1]", a => a.Int("group", 2).Ints("strides", 1, 2).Ints("dilations", 2, 1)),
                (D(1, 2, 6, 5), D(2, 3, 4, 4), true, "kernel 4, strides 2, auto_pad=SAME_UPPER", a => a.Ints("strides", 2, 2).String("auto_pad", "SAME_UPPER")),
                (D(1, 2, 5, 6), D(2, 2, 3, 3), false, "strides 3, output_shape [14,17] (SAME_UPPER-style split of the cut)", a => a.Ints("strides", 3, 3).Ints("output_shape", 14, 17)),
                (D(2, 3, 11), D(3, 2, 5), true, "1-D: strides 3, pads [2,1], dilations 2", a => a.Ints("strides", 3).Ints("pads", 2, 1).Ints("dilations", 2)),
                (D(1, 2, 3, 4, 3), D(2, 2, 2, 3, 2), false, "3-D: strides [2,1,2]", a => a.Ints("strides", 2, 1, 2)),
            };
            foreach (var t in TypesOf("ConvTranspose"))
            {
                foreach (var c in cases.Where((c, i) => t == ElementType.Float || i < 2 || i == 3))
                {
                    var inputs = c.Bias
                        ? new[] { Values(set, "x", t, c.X), Values(set, "w", t, c.W).AsConstant(), Values(set, "b", t, D(c.W[1])).AsConstant() }
                        : new[] { Values(set, "x", t, c.X), Values(set, "w", t, c.W).AsConstant() };
                    set.Node("conv", "ConvTranspose", t, c.Variant, inputs, new[] { t }, c.Attributes, halfViaFloat: true);
                }
            }
            set.Node("conv", "ConvTranspose", ElementType.Float, "weights as a graph input, group=3",
                new[] { Values(set, "x", ElementType.Float, D(1, 6, 4, 5)), Values(set, "w", ElementType.Float, D(6, 1, 3, 3)) }, new[] { ElementType.Float }, a => a.Int("group", 3));
        }

        private static void Col2Im(CaseSet set)
        {
            foreach (var t in TypesOf("Col2Im"))
            {
                // [N, C·kh·kw, L]: C=2, block [2,3] on image [6,7] gives L = 5·5 = 25.
                set.Node("conv", "Col2Im", t, "image [6,7], block [2,3], C=2", new[] { Values(set, "x", t, D(1, 12, 25)), Int64s("image_shape", 6, 7), Int64s("block_shape", 2, 3) }, new[] { t });
                // image [9,8], block [3,2], strides [2,3], pads [1,0,1,2], dilations [2,1]: L = ((9+2-5)/2+1)·((8+2-2)/3+1) = 4·3.
                set.Node("conv", "Col2Im", t, "image [9,8], block [3,2], strides [2,3], pads [1,0,1,2], dilations [2,1]",
                    new[] { Values(set, "x", t, D(2, 6, 12)), Int64s("image_shape", 9, 8), Int64s("block_shape", 3, 2) }, new[] { t },
                    a => a.Ints("strides", 2, 3).Ints("pads", 1, 0, 1, 2).Ints("dilations", 2, 1));
            }
        }
    }
}
