using System.Linq;
using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear, MatMulInteger, QLinearMatMul, ConvInteger and
    /// QLinearConv: ties (x/scale on quarters, so halves round to even), saturation past the type's range, per-axis
    /// scales on a middle and a negative axis, blocked scales, output_dtype without a zero point, per-column zero points,
    /// mixed signedness, per-channel weight scales and int32 bias.
    /// </summary>
    internal static class QuantizationCases
    {
        private static readonly ElementType[] Quantized = { ElementType.UInt8, ElementType.Int8, ElementType.Int16, ElementType.UInt16 };

        public static void Add(CaseSet set)
        {
            Quantize(set);
            Dequantize(set);
            Dynamic(set);
            MatMulInteger(set);
            QLinearMatMul(set);
            ConvInteger(set);
            QLinearConv(set);
        }

        private static DiffTensor Zp(string name, ElementType q, long[] dims, double v) =>
            RandomTensors.Of(name, q, dims, Enumerable.Repeat(ElementTypes.IsSigned(q) ? -v : v, (int)RandomTensors.Count(dims)).ToArray()).AsConstant();

        private static void Quantize(CaseSet set)
        {
            foreach (var t in TypesOf("QuantizeLinear"))
            {
                foreach (var q in Quantized.Where(TypesOf("QuantizeLinear", "T3", Quantized).Contains).Where(q => t == ElementType.Float || q == ElementType.UInt8))
                {
                    // Multiples of 0.5 over 2: quarters, ties at the halves; ±300/2 saturates the 8-bit types.
                    var x = t == ElementType.Int32 ? set.Random.Uniform("x", t, D(3, 4, 5), -300, 300) : set.Random.Halves("x", t, D(3, 4, 5), -300, 300);
                    set.Node("quantization", "QuantizeLinear", t, "to " + ElementTypes.OnnxName(q) + ", per-tensor scale 2, zero point ±3",
                        new[] { x, Scalar("scale", t, 2), Zp("zp", q, D(), 3) }, new[] { q });
                }
                if (t != ElementType.Float && t != ElementType.Float16) continue;
                set.Node("quantization", "QuantizeLinear", t, "no zero point (uint8), scale 0.37", new[] { set.Random.Uniform("x", t, D(2, 17), -40, 120), Scalar("scale", t, 0.37) },
                    new[] { ElementType.UInt8 });
                set.Node("quantization", "QuantizeLinear", t, "per-axis axis=1: x [3,4,5], scale and zero point [4]",
                    new[] { set.Random.Uniform("x", t, D(3, 4, 5), -100, 100), RandomTensors.Of("scale", t, D(4), 0.5, 1.25, 0.3, 2).AsConstant(),
                        RandomTensors.Of("zp", ElementType.Int8, D(4), -3, 0, 7, 1).AsConstant() }, new[] { ElementType.Int8 });
                set.Node("quantization", "QuantizeLinear", t, "per-axis axis=-1: x [2,3], run-time scale [3]",
                    new[] { set.Random.Uniform("x", t, D(2, 3), -50, 300), RandomTensors.Of("scale", t, D(3), 1.5, 0.75, 3), RandomTensors.Of("zp", ElementType.UInt8, D(3), 10, 0, 128) },
                    new[] { ElementType.UInt8 }, a => a.Int("axis", -1));
                set.Node("quantization", "QuantizeLinear", t, "blocked: axis=1, block_size=2, x [3,6,4], scale [3,3,4]",
                    new[] { set.Random.Uniform("x", t, D(3, 6, 4), -100, 100), set.Random.Uniform("scale", t, D(3, 3, 4), 0.4, 2).AsConstant(), Zp("zp", ElementType.Int8, D(3, 3, 4), 2) },
                    new[] { ElementType.Int8 }, a => a.Int("axis", 1).Int("block_size", 2));
                set.Node("quantization", "QuantizeLinear", t, "output_dtype=int8, no zero point", new[] { set.Random.Uniform("x", t, D(5, 7), -200, 200), Scalar("scale", t, 0.9) },
                    new[] { ElementType.Int8 }, a => a.Int("output_dtype", (long)ElementType.Int8));
            }
            set.Node("quantization", "QuantizeLinear", ElementType.Float, "opset 10, per-tensor, uint8",
                new[] { set.Random.Halves("x", ElementType.Float, D(4, 6), -20, 300), Scalar("scale", ElementType.Float, 1), Zp("zp", ElementType.UInt8, D(), 5) }, new[] { ElementType.UInt8 }, opset: 10);
        }

        private static void Dequantize(CaseSet set)
        {
            foreach (var q in TypesOf("DequantizeLinear", null, Quantized))
            {
                bool int32 = q == ElementType.Int32;
                var zp = int32 ? null : Zp("zp", q, D(), 3);
                var tensors = new[] { Full(set, q, D(3, 4, 5)), Scalar("scale", ElementType.Float, 0.37), zp }.Where(v => v != null).Select(v => v!).ToArray();
                set.Node("quantization", "DequantizeLinear", q, "per-tensor scale 0.37" + (int32 ? ", no zero point" : ", zero point ±3"), tensors, new[] { ElementType.Float });
                if (q != ElementType.Int8 && q != ElementType.UInt16) continue;
                set.Node("quantization", "DequantizeLinear", q, "per-axis axis=0: x [3,5], scale and zero point [3]",
                    new[] { Full(set, q, D(3, 5)), RandomTensors.Of("scale", ElementType.Float, D(3), 0.5, 0.01, 3).AsConstant(), Zp("zp", q, D(3), 1) }, new[] { ElementType.Float }, a => a.Int("axis", 0));
                set.Node("quantization", "DequantizeLinear", q, "float16 scale, per-axis axis=-1",
                    new[] { Full(set, q, D(2, 4)), RandomTensors.Of("scale", ElementType.Float16, D(4), 0.5, 0.25, 1.5, 0.125) }, new[] { ElementType.Float16 }, a => a.Int("axis", -1));
                set.Node("quantization", "DequantizeLinear", q, "blocked: axis=-1, block_size=3, x [2,7] (a short last block), scale [2,3]",
                    new[] { Full(set, q, D(2, 7)), set.Random.Uniform("scale", ElementType.Float, D(2, 3), 0.1, 2).AsConstant(), Zp("zp", q, D(2, 3), 2) }, new[] { ElementType.Float },
                    a => a.Int("axis", -1).Int("block_size", 3));
            }
        }

        private static DiffTensor Full(CaseSet set, ElementType q, long[] dims, string name = "x")
        {
            switch (q)
            {
                case ElementType.UInt8: return set.Random.Uniform(name, q, dims, 0, 255);
                case ElementType.Int8: return set.Random.Uniform(name, q, dims, -128, 127);
                case ElementType.UInt16: return set.Random.Uniform(name, q, dims, 0, 65535);
                case ElementType.Int16: return set.Random.Uniform(name, q, dims, -32768, 32767);
                default: return set.Random.Uniform(name, q, dims, -100000, 100000);
            }
        }

        private static void Dynamic(CaseSet set)
        {
            var f = ElementType.Float;
            var outs = new[] { ElementType.UInt8, f, ElementType.UInt8 };
            set.Node("quantization", "DynamicQuantizeLinear", f, "[3,17], values in [-3,5]", new[] { set.Random.Uniform("x", f, D(3, 17), -3, 5) }, outs);
            set.Node("quantization", "DynamicQuantizeLinear", f, "[4,5], all positive (range widened to 0)", new[] { set.Random.Uniform("x", f, D(4, 5), 0.5, 4) }, outs);
            set.Node("quantization", "DynamicQuantizeLinear", f, "[2,3,4], all negative", new[] { set.Random.Uniform("x", f, D(2, 3, 4), -7, -0.25) }, outs);
        }

        private static void MatMulInteger(CaseSet set)
        {
            foreach (var ta in TypesOf("MatMulInteger"))
            {
                foreach (var tb in TypesOf("MatMulInteger", "T2"))
                {
                    string name = ElementTypes.OnnxName(ta) + " × " + ElementTypes.OnnxName(tb);
                    set.Node("quantization", "MatMulInteger", ta, name + ", [5,7] × [7,3], no zero points", new[] { Full(set, ta, D(5, 7), "a"), Full(set, tb, D(7, 3), "b") },
                        new[] { ElementType.Int32 });
                    if (ta != tb) continue;
                    set.Node("quantization", "MatMulInteger", ta, name + ", [2,3,9] × constant [9,4], scalar a_zero_point, per-column b_zero_point [4]",
                        new[] { Full(set, ta, D(2, 3, 9), "a"), Full(set, tb, D(9, 4), "b").AsConstant(), Zp("a_zp", ta, D(), 7),
                            RandomTensors.Of("b_zp", tb, D(4), 1, 0, 3, 9).AsConstant() }, new[] { ElementType.Int32 });
                }
            }
            // The int8 tiles past one tile each way: 37 rows (9 row tiles and one), 70 columns (4 panels and 6), k 131 (32 groups and 3).
            set.Node("quantization", "MatMulInteger", ElementType.UInt8, "uint8 × constant int8, [37,131] × [131,70], a_zero_point 100, per-column b_zero_point [70]",
                new[] { Full(set, ElementType.UInt8, D(37, 131), "a"), Full(set, ElementType.Int8, D(131, 70), "b").AsConstant(), Zp("a_zp", ElementType.UInt8, D(), 100),
                    set.Random.Uniform("b_zp", ElementType.Int8, D(70), -20, 20).AsConstant() }, new[] { ElementType.Int32 });
            set.Node("quantization", "MatMulInteger", ElementType.UInt8, "uint8 × run-time uint8, [2,9,66] × [66,33], per-tensor zero points",
                new[] { Full(set, ElementType.UInt8, D(2, 9, 66), "a"), Full(set, ElementType.UInt8, D(66, 33), "b"), Zp("a_zp", ElementType.UInt8, D(), 3),
                    Zp("b_zp", ElementType.UInt8, D(), 250) }, new[] { ElementType.Int32 });
        }

        private static void QLinearMatMul(CaseSet set)
        {
            foreach (var ta in TypesOf("QLinearMatMul"))
            {
                foreach (var tb in TypesOf("QLinearMatMul", "T2"))
                {
                    foreach (var ty in TypesOf("QLinearMatMul", "T3").Where(y => y == ta))
                    {
                        string name = ElementTypes.OnnxName(ta) + " × " + ElementTypes.OnnxName(tb) + " → " + ElementTypes.OnnxName(ty);
                        set.Node("quantization", "QLinearMatMul", ta, name + ", [2,5,7] × [7,3], per-tensor",
                            new[] { Full(set, ta, D(2, 5, 7), "a"), Scalar("a_scale", ElementType.Float, 0.02), Zp("a_zp", ta, D(), 4),
                                Full(set, tb, D(7, 3), "b").AsConstant(), Scalar("b_scale", ElementType.Float, 0.015), Zp("b_zp", tb, D(), 2),
                                Scalar("y_scale", ElementType.Float, 0.3), Zp("y_zp", ty, D(), 10) }, new[] { ty });
                    }
                }
            }
            set.Node("quantization", "QLinearMatMul", ElementType.UInt8, "uint8 × int8, per-column b_scale [3] and b_zero_point 0",
                new[] { Full(set, ElementType.UInt8, D(4, 6), "a"), Scalar("a_scale", ElementType.Float, 0.03), Zp("a_zp", ElementType.UInt8, D(), 120),
                    Full(set, ElementType.Int8, D(6, 3), "b").AsConstant(), RandomTensors.Of("b_scale", ElementType.Float, D(3), 0.01, 0.02, 0.005).AsConstant(), Zp("b_zp", ElementType.Int8, D(3), 0),
                    Scalar("y_scale", ElementType.Float, 0.11), Zp("y_zp", ElementType.UInt8, D(), 128) }, new[] { ElementType.UInt8 });
            set.Node("quantization", "QLinearMatMul", ElementType.Int8, "int8 × constant int8, [3,21,203] × [203,40], per-tensor",
                new[] { Full(set, ElementType.Int8, D(3, 21, 203), "a"), Scalar("a_scale", ElementType.Float, 0.02), Zp("a_zp", ElementType.Int8, D(), 5),
                    Full(set, ElementType.Int8, D(203, 40), "b").AsConstant(), Scalar("b_scale", ElementType.Float, 0.01), Zp("b_zp", ElementType.Int8, D(), 3),
                    Scalar("y_scale", ElementType.Float, 4.5), Zp("y_zp", ElementType.Int8, D(), -7) }, new[] { ElementType.Int8 });
        }

        private static void ConvInteger(CaseSet set)
        {
            foreach (var tx in TypesOf("ConvInteger"))
            {
                foreach (var tw in TypesOf("ConvInteger", "T2"))
                {
                    string name = ElementTypes.OnnxName(tx) + " x, " + ElementTypes.OnnxName(tw) + " w";
                    set.Node("quantization", "ConvInteger", tx, name + ", [1,3,9,8] * [4,3,3,2], pads [1,0,1,1], strides [2,1], zero points",
                        new[] { Full(set, tx, D(1, 3, 9, 8)), Full(set, tw, D(4, 3, 3, 2), "w").AsConstant(), Zp("x_zp", tx, D(), 9), Zp("w_zp", tw, D(), 2) },
                        new[] { ElementType.Int32 }, a => a.Ints("pads", 1, 0, 1, 1).Ints("strides", 2, 1));
                    if (tx != tw) continue;
                    set.Node("quantization", "ConvInteger", tx, name + ", group=2, dilations 2, no zero points",
                        new[] { Full(set, tx, D(2, 4, 7, 7)), Full(set, tw, D(4, 2, 2, 2), "w").AsConstant() }, new[] { ElementType.Int32 }, a => a.Int("group", 2).Ints("dilations", 2, 2));
                }
            }
        }

        private static void QLinearConv(CaseSet set)
        {
            foreach (var tx in TypesOf("QLinearConv"))
            {
                foreach (var tw in TypesOf("QLinearConv", "T2"))
                {
                    string name = ElementTypes.OnnxName(tx) + " x, " + ElementTypes.OnnxName(tw) + " w";
                    set.Node("quantization", "QLinearConv", tx, name + ", [1,3,9,8] * [4,3,3,3], pads 1, per-tensor, int32 bias",
                        new[] { Full(set, tx, D(1, 3, 9, 8)), Scalar("x_scale", ElementType.Float, 0.05), Zp("x_zp", tx, D(), 5),
                            Full(set, tw, D(4, 3, 3, 3), "w").AsConstant(), Scalar("w_scale", ElementType.Float, 0.01), Zp("w_zp", tw, D(), tw == ElementType.Int8 ? 0 : 3),
                            Scalar("y_scale", ElementType.Float, 0.4), Zp("y_zp", tx, D(), 7), RandomTensors.Of("b", ElementType.Int32, D(4), 100, -250, 0, 1999).AsConstant() },
                        new[] { tx }, a => a.Ints("pads", 1, 1, 1, 1));
                    if (tw != ElementType.Int8) continue;
                    set.Node("quantization", "QLinearConv", tx, name + ", group=2, strides 2, per-channel w_scale [6]",
                        new[] { Full(set, tx, D(1, 4, 8, 7)), Scalar("x_scale", ElementType.Float, 0.02), Zp("x_zp", tx, D(), 1),
                            Full(set, tw, D(6, 2, 3, 2), "w").AsConstant(), RandomTensors.Of("w_scale", ElementType.Float, D(6), 0.01, 0.02, 0.005, 0.03, 0.015, 0.008).AsConstant(),
                            Zp("w_zp", tw, D(6), 0), Scalar("y_scale", ElementType.Float, 0.25), Zp("y_zp", tx, D(), 100) },
                        new[] { tx }, a => a.Int("group", 2).Ints("strides", 2, 2));
                }
            }
        }
    }
}
