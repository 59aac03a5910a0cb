using System.Linq;
using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// Split, Tile, Pad, DepthToSpace, SpaceToDepth, ReverseSequence, CenterCropPad, CastLike, BitCast, EyeLike, Size
    /// and Constant over every candidate type: uneven num_outputs, the three split forms by opset, every pad mode with
    /// negative pads and axes, DCR against CRD, a reversal along batch axis 0, a crop on one axis and a pad on another,
    /// and EyeLike off the diagonal.
    /// </summary>
    internal static class LayoutCases
    {
        public static void Add(CaseSet set)
        {
            SplitTile(set);
            Pads(set);
            Blocks(set);
            Types(set);
            Shapes(set);
        }

        private static DiffTensor X(CaseSet set, ElementType t, long[] dims, string name = "x") => Small(set, name, t, dims);

        private static void SplitTile(CaseSet set)
        {
            foreach (var t in TypesOf("Split"))
            {
                set.Node("split/tile", "Split", t, "[3,9,2], split [2,3,4] on axis=1", new[] { X(set, t, D(3, 9, 2)), Int64s("split", 2, 3, 4) }, new[] { t, t, t }, a => a.Int("axis", 1));
                if (t != ElementType.Float) continue;
                set.Node("split/tile", "Split", t, "[8,3], num_outputs=3 (3,3,2), axis=0", new[] { X(set, t, D(8, 3)) }, new[] { t, t, t }, a => a.Int("num_outputs", 3), opset: 18);
                set.Node("split/tile", "Split", t, "opset 11 attribute split [1,4] on axis=-1", new[] { X(set, t, D(2, 5)) }, new[] { t, t }, a => a.Int("axis", -1).Ints("split", 1, 4), opset: 11);
                set.Node("split/tile", "Split", t, "opset 13, no split: [6,4] in equal halves on axis 0", new[] { X(set, t, D(6, 4)) }, new[] { t, t }, opset: 13);
            }
            foreach (var t in TypesOf("Tile"))
            {
                set.Node("split/tile", "Tile", t, "[2,3,4], repeats [2,1,3]", new[] { X(set, t, D(2, 3, 4)), Int64s("repeats", 2, 1, 3) }, new[] { t });
                if (t != ElementType.Float) continue;
                set.Node("split/tile", "Tile", t, "[3,1], run-time repeats [1,5]", new[] { X(set, t, D(3, 1)), RandomTensors.Of("repeats", ElementType.Int64, D(2), 1, 5) }, new[] { t });
            }
        }

        private static void Pads(CaseSet set)
        {
            foreach (var t in TypesOf("Pad"))
            {
                var x = X(set, t, D(3, 4, 5));
                set.Node("pad", "Pad", t, "constant, pads [1,0,2,0,3,1], constant_value", new[] { x, Int64s("pads", 1, 0, 2, 0, 3, 1), Scalar("v", t, t == ElementType.Bool ? 1 : 7) }, new[] { t },
                    a => a.String("mode", "constant"));
                if (t != ElementType.Float && t != ElementType.Int32) continue;
                set.Node("pad", "Pad", t, "edge, pads [0,2,1,1,0,3]", new[] { x, Int64s("pads", 0, 2, 1, 1, 0, 3) }, new[] { t }, a => a.String("mode", "edge"));
                set.Node("pad", "Pad", t, "reflect, pads [2,1,3,1,2,3]", new[] { x, Int64s("pads", 2, 1, 3, 1, 2, 3) }, new[] { t }, a => a.String("mode", "reflect"));
                set.Node("pad", "Pad", t, "wrap, pads [1,3,2,2,1,4]", new[] { x, Int64s("pads", 1, 3, 2, 2, 1, 4) }, new[] { t }, a => a.String("mode", "wrap"));
                if (t != ElementType.Float) continue;
                set.Node("pad", "Pad", t, "constant, negative pads [-1,2,0,0,-2,1] (crops)", new[] { x, Int64s("pads", -1, 2, 0, 0, -2, 1) }, new[] { t });
                set.Node("pad", "Pad", t, "axes [-1,0], pads [2,1,0,3], constant_value -1.5",
                    new[] { x, Int64s("pads", 2, 1, 0, 3), Scalar("v", t, -1.5), Int64s("axes", -1, 0) }, new[] { t });
                set.Node("pad", "Pad", t, "run-time pads [0,1,1,0,0,2], reflect", new[] { x, RandomTensors.Of("pads", ElementType.Int64, D(6), 0, 1, 1, 0, 0, 2) }, new[] { t },
                    a => a.String("mode", "reflect"));
                set.Node("pad", "Pad", t, "opset 2 attribute pads [1,1,0,0,2,1], value 3.5", new[] { x }, new[] { t }, a => a.Ints("pads", 1, 1, 0, 0, 2, 1).Float("value", 3.5f), opset: 2);
            }
        }

        private static void Blocks(CaseSet set)
        {
            foreach (var t in TypesOf("DepthToSpace"))
            {
                set.Node("space/depth", "DepthToSpace", t, "[2,8,3,2], blocksize 2, DCR", new[] { X(set, t, D(2, 8, 3, 2)) }, new[] { t }, a => a.Int("blocksize", 2));
                if (t != ElementType.Float) continue;
                set.Node("space/depth", "DepthToSpace", t, "[1,18,2,3], blocksize 3, CRD", new[] { X(set, t, D(1, 18, 2, 3)) }, new[] { t }, a => a.Int("blocksize", 3).String("mode", "CRD"));
            }
            foreach (var t in TypesOf("SpaceToDepth"))
                set.Node("space/depth", "SpaceToDepth", t, "[2,3,4,6], blocksize 2", new[] { X(set, t, D(2, 3, 4, 6)) }, new[] { t }, a => a.Int("blocksize", 2));
            foreach (var t in TypesOf("ReverseSequence"))
            {
                set.Node("space/depth", "ReverseSequence", t, "[4,3,5] time-major, sequence_lens [4,1,3]",
                    new[] { X(set, t, D(4, 3, 5)), RandomTensors.Of("lens", ElementType.Int64, D(3), 4, 1, 3) }, new[] { t });
                if (t != ElementType.Float) continue;
                set.Node("space/depth", "ReverseSequence", t, "[3,6,2], batch_axis=0 time_axis=1, sequence_lens [6,2,5]",
                    new[] { X(set, t, D(3, 6, 2)), RandomTensors.Of("lens", ElementType.Int64, D(3), 6, 2, 5) }, new[] { t }, a => a.Int("batch_axis", 0).Int("time_axis", 1));
            }
            foreach (var t in TypesOf("CenterCropPad"))
            {
                set.Node("space/depth", "CenterCropPad", t, "[5,6,3] to [3,9,3] (crop one axis, pad another, odd differences)",
                    new[] { X(set, t, D(5, 6, 3)), Int64s("shape", 3, 9, 3) }, new[] { t });
                if (t != ElementType.Float) continue;
                set.Node("space/depth", "CenterCropPad", t, "[4,7,2], axes [0,-2] to [7,4]", new[] { X(set, t, D(4, 7, 2)), Int64s("shape", 7, 4) }, new[] { t }, a => a.Ints("axes", 0, -2));
            }
        }

        private static void Types(CaseSet set)
        {
            foreach (var t in TypesOf("CastLike"))
            {
                foreach (var to in new[] { t == ElementType.Float ? ElementType.Int32 : ElementType.Float })
                {
                    var x = ElementTypes.IsInteger(t) || t == ElementType.Bool ? X(set, t, D(3, 7)) : set.Random.Halves("x", t, D(3, 7), -100, 100);
                    set.Node("cast", "CastLike", t, "to " + ElementTypes.OnnxName(to) + " (target a constant [1])", new[] { x, RandomTensors.Of("like", to, D(1), 0).AsConstant() }, new[] { to },
                        tolerance: Tolerance.Exactly);
                }
            }
            set.Node("cast", "CastLike", ElementType.Int32, "to bool (target a run-time scalar)", new[] { X(set, ElementType.Int32, D(4, 5)), RandomTensors.Of("like", ElementType.Bool, D(), 1) },
                new[] { ElementType.Bool });
            var pairs = new (ElementType From, ElementType To, double Lo, double Hi)[]
            {
                (ElementType.Float, ElementType.Int32, -1e6, 1e6), (ElementType.Int32, ElementType.Float, 0, 1e9), (ElementType.Double, ElementType.Int64, -1e6, 1e6),
                (ElementType.Int8, ElementType.UInt8, -128, 127), (ElementType.Float16, ElementType.Int16, -100, 100),
            };
            foreach (var p in pairs)
                set.Node("cast", "BitCast", p.From, "to " + ElementTypes.OnnxName(p.To) + " (same width)", new[] { set.Random.Uniform("x", p.From, D(3, 5), p.Lo, p.Hi) }, new[] { p.To },
                    a => a.Int("to", (long)p.To), opset: 26, tolerance: Tolerance.Exactly);
        }

        private static void Shapes(CaseSet set)
        {
            foreach (var t in TypesOf("EyeLike"))
            {
                set.Node("identity/shape", "EyeLike", t, "[4,6], k=1, same type", new[] { X(set, t, D(4, 6)) }, new[] { t }, a => a.Int("k", 1));
                if (t != ElementType.Float) continue;
                set.Node("identity/shape", "EyeLike", t, "[5,3], k=-2, dtype float", new[] { X(set, t, D(5, 3)) }, new[] { ElementType.Float }, a => a.Int("k", -2).Int("dtype", (long)ElementType.Float));
            }
            foreach (var t in TypesOf("Size").Where(t => t == ElementType.Float || t == ElementType.Int8 || t == ElementType.Bool))
                set.Node("identity/shape", "Size", t, "[N,3,5], N=4 at run time", new[] { X(set, t, D(4, 3, 5)).Declare("N", 3, 5) }, new[] { ElementType.Int64 });
            var none = new DiffTensor[0];
            set.Node("identity/shape", "Constant", ElementType.Float, "value: float tensor [2,3]", none, new[] { ElementType.Float },
                a => a.Tensor("value", new[] { 2, 3 }, new[] { 1.5f, -2f, 0f, 3.25f, 1e-3f, -7f }));
            set.Node("identity/shape", "Constant", ElementType.Int64, "value_ints [4]", none, new[] { ElementType.Int64 }, a => a.Ints("value_ints", 3, -1, 0, 9));
            set.Node("identity/shape", "Constant", ElementType.Float, "value_float", none, new[] { ElementType.Float }, a => a.Float("value_float", 0.625f));
            set.Node("identity/shape", "Constant", ElementType.Int32, "value: int32 tensor [3]", none, new[] { ElementType.Int32 }, a => a.Tensor("value", new[] { 3 }, new[] { 5, -6, 7 }));
        }
    }
}
