using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// The sequence ops and OptionalHasElement/OptionalGetElement. ModelGen resolves sequences at build time and only
    /// tensors may be graph inputs or outputs, so each case is a small graph from tensor inputs through a sequence to
    /// tensor outputs: SequenceConstruct → SequenceInsert/SequenceErase at constant positions → SequenceAt,
    /// ConcatFromSequence (joined and stacked) and SequenceLength; SplitToSequence → ConcatFromSequence; SequenceEmpty
    /// filled by inserts; the optional ops on a plain tensor input and on a missing one.
    /// </summary>
    internal static class SequenceCases
    {
        public static void Add(CaseSet set)
        {
            Sequences(set);
            Optionals(set);
        }

        private static void Sequences(CaseSet set)
        {
            var i64 = ElementType.Int64;
            foreach (var t in TypesOf("SequenceConstruct"))
            {
                // [a, b, c] → at 1, joined along axis 1, length.
                set.Graph("sequence", "SequenceConstruct", t, "[a,b,c] of [2,3],[2,1],[2,4] → SequenceAt 1, ConcatFromSequence axis 1, SequenceLength",
                    new[] { Small(set, "a", t, D(2, 3)), Small(set, "b", t, D(2, 1)), Small(set, "c", t, D(2, 4)), Scalar("one", i64, 1) },
                    new[] { ("y0", t), ("y1", t), ("y2", i64) },
                    b => b.Node("SequenceConstruct", new[] { "a", "b", "c" }, new[] { "s" }, name: "construct")
                          .Node("SequenceAt", new[] { "s", "one" }, new[] { "y0" }, name: "at")
                          .Node("ConcatFromSequence", new[] { "s" }, new[] { "y1" }, name: "concat", attributes: a => a.Int("axis", 1))
                          .Node("SequenceLength", new[] { "s" }, new[] { "y2" }, name: "length"));
                if (t != ElementType.Float && t != ElementType.Int64) continue;
                // [a, b] → insert c at -1 (before b) → [a, c, b]; erase 0 → [c, b]; stack along a new last axis.
                set.Graph("sequence", "SequenceInsert", t, "[a,b] + c at -1 (int32) → [a,c,b], stacked along new axis -1; ConcatFromSequence axis 0",
                    new[] { Small(set, "a", t, D(3, 2)), Small(set, "b", t, D(3, 2)), Small(set, "c", t, D(3, 2)), Scalar("pos", ElementType.Int32, -1) },
                    new[] { ("y0", t), ("y1", t) },
                    b => b.Node("SequenceConstruct", new[] { "a", "b" }, new[] { "s" }, name: "construct")
                          .Node("SequenceInsert", new[] { "s", "c", "pos" }, new[] { "s2" }, name: "insert")
                          .Node("ConcatFromSequence", new[] { "s2" }, new[] { "y0" }, name: "stack", attributes: a => a.Int("axis", -1).Int("new_axis", 1))
                          .Node("ConcatFromSequence", new[] { "s2" }, new[] { "y1" }, name: "join", attributes: a => a.Int("axis", 0)));
                set.Graph("sequence", "SequenceErase", t, "[a,b,c,d] erase 1, then erase the last (default) → [a,c]; SequenceAt -1, SequenceLength, ConcatFromSequence axis -1",
                    new[] { Small(set, "a", t, D(2, 2, 3)), Small(set, "b", t, D(2, 2, 1)), Small(set, "c", t, D(2, 2, 5)), Small(set, "d", t, D(2, 2, 2)),
                        Scalar("one", i64, 1), Scalar("last", i64, -1) },
                    new[] { ("y0", t), ("y1", i64), ("y2", t) },
                    b => b.Node("SequenceConstruct", new[] { "a", "b", "c", "d" }, new[] { "s" }, name: "construct")
                          .Node("SequenceErase", new[] { "s", "one" }, new[] { "s2" }, name: "erase1")
                          .Node("SequenceErase", new[] { "s2" }, new[] { "s3" }, name: "erase_last")
                          .Node("SequenceAt", new[] { "s3", "last" }, new[] { "y0" }, name: "at")
                          .Node("SequenceLength", new[] { "s3" }, new[] { "y1" }, name: "length")
                          .Node("ConcatFromSequence", new[] { "s3" }, new[] { "y2" }, name: "concat", attributes: a => a.Int("axis", -1)));
                set.Graph("sequence", "SplitToSequence", t, "[5,6] split [2,4] along axis 1 → SequenceAt 1, SequenceLength; no split, keepdims=0 along axis 0 → stacked along new axis 1",
                    new[] { Small(set, "x", t, D(5, 6)), Int64s("split", 2, 4), Scalar("one", i64, 1) },
                    new[] { ("y0", t), ("y1", i64), ("y2", t) },
                    b => b.Node("SplitToSequence", new[] { "x", "split" }, new[] { "s" }, name: "split", attributes: a => a.Int("axis", 1))
                          .Node("SequenceAt", new[] { "s", "one" }, new[] { "y0" }, name: "at")
                          .Node("SequenceLength", new[] { "s" }, new[] { "y1" }, name: "length")
                          .Node("SplitToSequence", new[] { "x" }, new[] { "rows" }, name: "rows", attributes: a => a.Int("keepdims", 0))
                          .Node("ConcatFromSequence", new[] { "rows" }, new[] { "y2" }, name: "stack", attributes: a => a.Int("axis", 1).Int("new_axis", 1)));
                if (t != ElementType.Float) continue;
                set.Graph("sequence", "SplitToSequence", t, "[7,3] split by scalar 3 along axis -2 (parts 3,3,1) → ConcatFromSequence axis 0 (the input again), SequenceAt -1",
                    new[] { Small(set, "x", t, D(7, 3)), Scalar("split", i64, 3), Scalar("last", i64, -1) },
                    new[] { ("y0", t), ("y1", t) },
                    b => b.Node("SplitToSequence", new[] { "x", "split" }, new[] { "s" }, name: "split", attributes: a => a.Int("axis", -2))
                          .Node("ConcatFromSequence", new[] { "s" }, new[] { "y0" }, name: "concat", attributes: a => a.Int("axis", 0))
                          .Node("SequenceAt", new[] { "s", "last" }, new[] { "y1" }, name: "at"));
                set.Graph("sequence", "SequenceAt", t, "[a,b,c] → SequenceAt -2 (int32) and 2 (int64)",
                    new[] { Small(set, "a", t, D(4)), Small(set, "b", t, D(2)), Small(set, "c", t, D(3)), Scalar("p", ElementType.Int32, -2), Scalar("q", i64, 2) },
                    new[] { ("y0", t), ("y1", t) },
                    b => b.Node("SequenceConstruct", new[] { "a", "b", "c" }, new[] { "s" }, name: "construct")
                          .Node("SequenceAt", new[] { "s", "p" }, new[] { "y0" }, name: "at_p")
                          .Node("SequenceAt", new[] { "s", "q" }, new[] { "y1" }, name: "at_q"));
                set.Graph("sequence", "ConcatFromSequence", t, "[a,b,c] of [2,3,4] stacked along new axis 3 (= rank) and joined along axis -2",
                    new[] { Small(set, "a", t, D(2, 3, 4)), Small(set, "b", t, D(2, 3, 4)), Small(set, "c", t, D(2, 3, 4)) },
                    new[] { ("y0", t), ("y1", t) },
                    b => b.Node("SequenceConstruct", new[] { "a", "b", "c" }, new[] { "s" }, name: "construct")
                          .Node("ConcatFromSequence", new[] { "s" }, new[] { "y0" }, name: "stack", attributes: a => a.Int("axis", 3).Int("new_axis", 1))
                          .Node("ConcatFromSequence", new[] { "s" }, new[] { "y1" }, name: "join", attributes: a => a.Int("axis", -2)));
                set.Graph("sequence", "SequenceLength", t, "SequenceConstruct of 5 tensors → SequenceLength, beside Add(a, e)",
                    new[] { Small(set, "a", t, D(3)), Small(set, "b", t, D(1)), Small(set, "c", t, D(2)), Small(set, "d", t, D(4)), Small(set, "e", t, D(3)) },
                    new[] { ("y0", i64), ("y1", t) },
                    b => b.Node("SequenceConstruct", new[] { "a", "b", "c", "d", "e" }, new[] { "s" }, name: "construct")
                          .Node("SequenceLength", new[] { "s" }, new[] { "y0" }, name: "length")
                          .Node("Add", new[] { "a", "e" }, new[] { "y1" }, name: "add"));
                set.Graph("sequence", "SequenceEmpty", t, "SequenceEmpty(dtype float) + a + b at 0 → [b,a]; ConcatFromSequence axis 0, SequenceLength",
                    new[] { Small(set, "a", t, D(2, 3)), Small(set, "b", t, D(1, 3)), Scalar("zero", i64, 0) },
                    new[] { ("y0", t), ("y1", i64) },
                    b => b.Node("SequenceEmpty", new string[0], new[] { "e" }, name: "empty", attributes: a => a.Int("dtype", (long)ElementType.Float))
                          .Node("SequenceInsert", new[] { "e", "a" }, new[] { "s1" }, name: "insert_a")
                          .Node("SequenceInsert", new[] { "s1", "b", "zero" }, new[] { "s2" }, name: "insert_b")
                          .Node("ConcatFromSequence", new[] { "s2" }, new[] { "y0" }, name: "concat", attributes: a => a.Int("axis", 0))
                          .Node("SequenceLength", new[] { "s2" }, new[] { "y1" }, name: "length"));
            }
        }

        private static void Optionals(CaseSet set)
        {
            foreach (var t in TypesOf("OptionalGetElement"))
            {
                set.Graph("sequence", "OptionalGetElement", t, "a plain tensor [3,4] (opset 18): the tensor itself, then Identity",
                    new[] { Small(set, "x", t, D(3, 4)) }, new[] { ("y0", t) },
                    b => b.Node("OptionalGetElement", new[] { "x" }, new[] { "v" }, name: "get").Node("Identity", new[] { "v" }, new[] { "y0" }, name: "copy"), opset: 18);
                if (t != ElementType.Float && t != ElementType.Int64) continue;
                set.Graph("sequence", "OptionalHasElement", t, "a plain tensor [2,5] (true) and no input (false), opset 18",
                    new[] { Small(set, "x", t, D(2, 5)) }, new[] { ("y0", ElementType.Bool), ("y1", ElementType.Bool), ("y2", t) },
                    b => b.Node("OptionalHasElement", new[] { "x" }, new[] { "y0" }, name: "has_x")
                          .Node("OptionalHasElement", new string[0], new[] { "y1" }, name: "has_none")
                          .Node("Identity", new[] { "x" }, new[] { "y2" }, name: "copy"), opset: 18);
            }
        }
    }
}
