using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// Transpose, Concat, Gather, Slice, Reshape, Flatten, Expand, Squeeze, Unsqueeze, Cast, and the small shape and
    /// identity ops, over every candidate element type: negative axes and indices, negative steps, clamped ends, run-time
    /// indices, and old attribute forms next to the input forms that replaced them.
    /// </summary>
    internal static class DataMovementCases
    {
        public static void Add(CaseSet set)
        {
            Layout(set);
            Indexing(set);
            Views(set);
            Casts(set);
            Small(set);
        }

        private static DiffTensor X(CaseSet set, ElementType t, long[] dims, string name = "x") => ElementwiseCases.Small(set.Random, name, t, dims);

        private static DiffTensor Int64s(string name, params long[] values) =>
            RandomTensors.Of(name, ElementType.Int64, D(values.Length), values.Select(v => (double)v).ToArray()).AsConstant();

        private static void Layout(CaseSet set)
        {
            foreach (var t in TypesOf("Transpose"))
            {
                set.Node("transpose", "Transpose", t, "[3,4,5,6], perm [2,0,3,1]", new[] { X(set, t, D(3, 4, 5, 6)) }, new[] { t }, a => a.Ints("perm", 2, 0, 3, 1));
                set.Node("transpose", "Transpose", t, "[3,5,7], default perm (reversed)", new[] { X(set, t, D(3, 5, 7)) }, new[] { t });
                set.Node("transpose", "Transpose", t, "[17,33]", new[] { X(set, t, D(17, 33)) }, new[] { t }, a => a.Ints("perm", 1, 0));
            }
            foreach (var t in TypesOf("Concat"))
            {
                set.Node("concat", "Concat", t, "[2,3,5] [2,1,5] [2,4,5], axis=-2",
                    new[] { X(set, t, D(2, 3, 5), "a"), X(set, t, D(2, 1, 5), "b"), X(set, t, D(2, 4, 5), "c") }, new[] { t }, a => a.Int("axis", -2));
                set.Node("concat", "Concat", t, "[1,4] and constant [3,4], axis=0",
                    new[] { X(set, t, D(1, 4), "a"), X(set, t, D(3, 4), "b").AsConstant() }, new[] { t }, a => a.Int("axis", 0));
            }
        }

        private static void Indexing(CaseSet set)
        {
            foreach (var t in TypesOf("Gather"))
            {
                var data = X(set, t, D(5, 7, 4), "data");
                set.Node("gather", "Gather", t, "data [5,7,4], int64 indices [2,3] with negatives, axis=-1",
                    new[] { data, set.Random.Uniform("i", ElementType.Int64, D(2, 3), -4, 3) }, new[] { t }, a => a.Int("axis", -1));
                set.Node("gather", "Gather", t, "int32 indices [4] with negatives, axis=0",
                    new[] { data, set.Random.Uniform("i", ElementType.Int32, D(4), -5, 4) }, new[] { t });
                set.Node("gather", "Gather", t, "scalar constant index, axis=1 (drops the axis)",
                    new[] { data, RandomTensors.Of("i", ElementType.Int64, D(), -2).AsConstant() }, new[] { t }, a => a.Int("axis", 1));
            }
            foreach (var t in TypesOf("Slice"))
            {
                var data = X(set, t, D(7, 9, 11), "data");
                set.Node("slice", "Slice", t, "[7,9,11]: axes [-1,0], starts [-2,1], ends [-100000,1000], steps [-3,2]",
                    new[] { data, Int64s("starts", -2, 1), Int64s("ends", -100000, 1000), Int64s("axes", -1, 0), Int64s("steps", -3, 2) }, new[] { t });
                set.Node("slice", "Slice", t, "starts [1,0,2], ends [6,9,-1], no axes or steps",
                    new[] { data, Int64s("starts", 1, 0, 2), Int64s("ends", 6, 9, -1) }, new[] { t });
                set.Node("slice", "Slice", t, "opset 9 attributes: axes [1], starts [-5], ends [8]", new[] { data }, new[] { t },
                    a => a.Ints("axes", 1).Ints("starts", -5).Ints("ends", 8), opset: 9);
            }
        }

        private static void Views(CaseSet set)
        {
            foreach (var t in TypesOf("Reshape"))
            {
                set.Node("reshape/views", "Reshape", t, "[4,6,5] to [0,-1,3]", new[] { X(set, t, D(4, 6, 5)), Int64s("shape", 0, -1, 3) }, new[] { t });
                set.Node("reshape/views", "Flatten", t, "[2,3,4,5], axis=-2", new[] { X(set, t, D(2, 3, 4, 5)) }, new[] { t }, a => a.Int("axis", -2));
                set.Node("reshape/views", "Flatten", t, "[3,4,5], axis=0", new[] { X(set, t, D(3, 4, 5)) }, new[] { t }, a => a.Int("axis", 0));
                set.Node("reshape/views", "Expand", t, "[3,1,5] to [2,1,4,1]", new[] { X(set, t, D(3, 1, 5)), Int64s("shape", 2, 1, 4, 1) }, new[] { t });
                set.Node("reshape/views", "Squeeze", t, "[1,3,1,5], axes [-2]", new[] { X(set, t, D(1, 3, 1, 5)), Int64s("axes", -2) }, new[] { t });
                set.Node("reshape/views", "Squeeze", t, "[1,3,1,5], no axes", new[] { X(set, t, D(1, 3, 1, 5)) }, new[] { t });
                set.Node("reshape/views", "Unsqueeze", t, "[3,5], axes [-1,0]", new[] { X(set, t, D(3, 5)), Int64s("axes", -1, 0) }, new[] { t });
            }
            set.Node("reshape/views", "Reshape", ElementType.Float, "[N,6,5] to [0,-1], N=3 at run time",
                new[] { X(set, ElementType.Float, D(3, 6, 5)).Declare("N", 6, 5), Int64s("shape", 0, -1) }, new[] { ElementType.Float });
            set.Node("reshape/views", "Squeeze", ElementType.Float, "opset 11 attribute axes [0,2]", new[] { X(set, ElementType.Float, D(1, 3, 1, 5)) }, new[] { ElementType.Float },
                a => a.Ints("axes", 0, 2), opset: 11);
            set.Node("reshape/views", "Unsqueeze", ElementType.Float, "opset 11 attribute axes [1,-1]", new[] { X(set, ElementType.Float, D(3, 5)) }, new[] { ElementType.Float },
                a => a.Ints("axes", 1, -1), opset: 11);
        }

        /// <summary>Every candidate type to every other, on values both types hold (ONNX leaves out-of-range casts undefined).</summary>
        private static void Casts(CaseSet set)
        {
            var types = TypesOf("Cast");
            var dims = D(3, 7, 5);
            foreach (var from in types)
            {
                foreach (var to in types)
                {
                    if (from == to) continue;
                    var (lo, hi) = Common(Range(from), Range(to));
                    bool floatSource = !ElementTypes.IsInteger(from) && from != ElementType.Bool;
                    // Halves from a float source put exact zeros (and ties) among the values, so casts to bool and to integers see both.
                    var x = floatSource && (to == ElementType.Bool || ElementTypes.IsInteger(to)) ? set.Random.Halves("x", from, dims, lo, hi) : set.Random.Uniform("x", from, dims, lo, hi);
                    set.Node("cast", "Cast", from, "to " + ElementTypes.OnnxName(to), new[] { x }, new[] { to }, a => a.Int("to", (long)to), tolerance: Tolerance.Exactly);
                }
            }
            set.Node("cast", "Cast", ElementType.Int64, "to float, values near 2^40 (rounding)", new[] { set.Random.Uniform("x", ElementType.Int64, dims, 1L << 40, (1L << 40) + 100000) },
                new[] { ElementType.Float }, a => a.Int("to", (long)ElementType.Float), tolerance: Tolerance.Exactly);
            set.Node("cast", "Cast", ElementType.Double, "to float16, values past its range (to ±Inf)", new[] { set.Random.Uniform("x", ElementType.Double, dims, -100000, 100000) },
                new[] { ElementType.Float16 }, a => a.Int("to", (long)ElementType.Float16), tolerance: Tolerance.Exactly);
        }

        private static (double Lo, double Hi) Range(ElementType t)
        {
            switch (t)
            {
                case ElementType.Bool: return (0, 1);
                case ElementType.UInt8: return (0, 255);
                case ElementType.Int8: return (-128, 127);
                case ElementType.Float16: return (-60000, 60000);
                default: return (-1e6, 1e6);
            }
        }

        private static (double Lo, double Hi) Common((double Lo, double Hi) a, (double Lo, double Hi) b) => (Math.Max(a.Lo, b.Lo), Math.Min(a.Hi, b.Hi));

        private static void Small(CaseSet set)
        {
            foreach (var t in TypesOf("Identity"))
                set.Node("identity/shape", "Identity", t, "[4,9]", new[] { X(set, t, D(4, 9)) }, new[] { t });
            foreach (var t in TypesOf("Dropout"))
                set.Node("identity/shape", "Dropout", t, "inference (no training_mode input)", new[] { X(set, t, D(4, 9)) }, new[] { t });
            set.Node("identity/shape", "Shape", ElementType.Float, "[N,3,5,7] start=-3 end=-1, N=2 at run time",
                new[] { X(set, ElementType.Float, D(2, 3, 5, 7)).Declare("N", 3, 5, 7) }, new[] { ElementType.Int64 }, a => a.Int("start", -3).Int("end", -1));
            set.Node("identity/shape", "Shape", ElementType.Int8, "[N,3], N=4 at run time", new[] { X(set, ElementType.Int8, D(4, 3)).Declare("N", 3) }, new[] { ElementType.Int64 });
            set.Node("identity/shape", "ConstantOfShape", ElementType.Int64, "run-time shape input [3], value 2.5 (float)",
                new[] { RandomTensors.Of("shape", ElementType.Int64, D(3), 2, 3, 4) }, new[] { ElementType.Float }, a => a.Tensor("value", new[] { 1 }, new[] { 2.5f }));
            foreach (var t in TypesOf("Range").Where(t => t != ElementType.Float16))
            {
                bool integral = ElementTypes.IsInteger(t);
                var inputs = integral
                    ? new[] { RandomTensors.Of("start", t, D(), 17), RandomTensors.Of("limit", t, D(), -9), RandomTensors.Of("delta", t, D(), -3) }
                    : new[] { RandomTensors.Of("start", t, D(), -2.5), RandomTensors.Of("limit", t, D(), 7.25), RandomTensors.Of("delta", t, D(), 0.75) };
                set.Node("identity/shape", "Range", t, integral ? "17 down to -9 by -3, run-time inputs" : "-2.5 to 7.25 by 0.75, run-time inputs", inputs, new[] { t });
            }
            foreach (var t in TypesOf("NonZero"))
            {
                var x = t == ElementType.Bool || ElementTypes.IsInteger(t) ? set.Random.Uniform("x", t, D(3, 4, 5), 0, 1) : set.Random.Halves("x", t, D(3, 4, 5), -0.5, 0.5);
                set.Node("identity/shape", "NonZero", t, "[3,4,5], about half zeros", new[] { x }, new[] { ElementType.Int64 });
            }
        }
    }
}
