using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// The pool of n-grams as a trie flattened for the kernel: node k's edges are FirstEdge[k]..FirstEdge[k+1], sorted
    /// by key (split into low and high 32 bits), each leading to Target; Column is the output column a node's n-gram
    /// counts into, or -1. Weights are float bits, empty when the model gives none.
    /// </summary>
    internal sealed record TfIdfVectorizerPlan(Dim Rows, Dim Columns, int OutputSize, int MinGram, int MaxGram, int MaxSkip, int Mode,
        ValueList<long> FirstEdge, ValueList<long> KeyLow, ValueList<long> KeyHigh, ValueList<long> Target, ValueList<long> Column, ValueList<long> WeightBits) : OpPlan;

    /// <summary>
    /// ONNX TfIdfVectorizer over integer tokens: counts, in each row of X ([C] or [N, C]), the pool's n-grams of
    /// min_gram_length..max_gram_length tokens taken every 1..max_skip_count+1 positions (unigrams once), then weighs
    /// the counts (TF: the counts; IDF: the weight, or 1, where the count is not zero; TFIDF: weight times count). The
    /// pool becomes a trie at build time. String tokens (pool_strings) are not supported: string tensors come with the
    /// breadth issue. Spec: https://onnx.ai/onnx/operators/onnx__TfIdfVectorizer.html
    /// </summary>
    internal sealed class TfIdfVectorizer : Op<TfIdfVectorizerPlan>
    {
        private static readonly Attr<long?> MaxGramLength = Attr.OptionalInt("max_gram_length").Required();
        private static readonly Attr<long?> MinGramLength = Attr.OptionalInt("min_gram_length").Required();
        private static readonly Attr<long?> MaxSkipCount = Attr.OptionalInt("max_skip_count").Required();
        private static readonly Attr<string> ModeAttr = Attr.String("mode", "").Required();
        private static readonly Attr<long[]?> NgramCounts = Attr.Ints("ngram_counts").Required();
        private static readonly Attr<long[]?> NgramIndexes = Attr.Ints("ngram_indexes").Required();
        private static readonly Attr<long[]?> PoolInt64s = Attr.Ints("pool_int64s");
        private static readonly Attr<string[]?> PoolStrings = Attr.Strings("pool_strings");
        private static readonly Attr<float[]?> Weights = Attr.Floats("weights");

        public override OpSchema Schema { get; } = new OpSchema("TfIdfVectorizer", new[] { 9 })
            .Input("X", "T").Output("Y", "T1").Types("T", TypeSets.Indices).Types("T1", new[] { ElementType.Float })
            .WithAttributes(MaxGramLength, MinGramLength, MaxSkipCount, ModeAttr, NgramCounts, NgramIndexes, PoolInt64s, PoolStrings, Weights);

        public override string Summary => "n-gram counts of int32/int64 tokens against a pool compiled into a trie, with skips, in TF, IDF or TFIDF mode (string tokens are not supported).";

        protected override TfIdfVectorizerPlan? Infer(InferContext c)
        {
            if (c.Get(PoolStrings) != null)
                return c.Reject<TfIdfVectorizerPlan>(DiagnosticIds.UnsupportedElementType, "pool_strings holds string tokens; string tensors are not supported, only int32/int64 tokens with pool_int64s.");
            var pool = c.Get(PoolInt64s) ?? new long[0];
            var counts = c.Get(NgramCounts)!;
            var indexes = c.Get(NgramIndexes)!;
            var weights = c.Get(Weights);
            long min = c.Get(MinGramLength)!.Value, max = c.Get(MaxGramLength)!.Value, skip = c.Get(MaxSkipCount)!.Value;
            int mode = c.Get(ModeAttr) switch { "TF" => 1, "IDF" => 2, "TFIDF" => 3, _ => 0 };
            if (mode == 0) return c.Reject<TfIdfVectorizerPlan>(DiagnosticIds.UnsupportedAttribute, "mode='" + c.Get(ModeAttr) + "'; it must be TF, IDF or TFIDF.");
            if (min < 1 || max < min || max > int.MaxValue) return c.Reject<TfIdfVectorizerPlan>(DiagnosticIds.UnsupportedAttribute, "min_gram_length=" + min + ", max_gram_length=" + max + "; they need 1 <= min <= max.");
            if (skip < 0 || skip > int.MaxValue - 1) return c.Reject<TfIdfVectorizerPlan>(DiagnosticIds.UnsupportedAttribute, "max_skip_count=" + skip + " must be at least 0.");
            if (indexes.Length == 0 || indexes.Any(i => i < 0 || i >= int.MaxValue))
                return c.Reject<TfIdfVectorizerPlan>(DiagnosticIds.UnsupportedAttribute, "ngram_indexes must be non-empty output columns of at least 0.");
            for (int i = 0; i < counts.Length; i++)
                if (counts[i] < 0 || counts[i] > pool.Length || (i > 0 && counts[i] < counts[i - 1]))
                    return c.Reject<TfIdfVectorizerPlan>(DiagnosticIds.UnsupportedAttribute, "ngram_counts must be ascending starts within the pool of " + pool.Length + " tokens.");
            int outputSize = (int)indexes.Max() + 1;
            if (weights != null && weights.Length > 0 && weights.Length < outputSize)
                return c.Reject<TfIdfVectorizerPlan>(DiagnosticIds.UnsupportedAttribute, "weights has " + weights.Length + " entries for " + outputSize + " output columns.");

            var root = new TrieNode();
            long id = 1;
            for (int i = 0; i < counts.Length; i++)
            {
                long start = counts[i], end = i + 1 < counts.Length ? counts[i + 1] : pool.Length;
                int size = i + 1;
                long grams = (end - start) / size;
                if (size < min || size > max)
                {
                    id += grams;
                    continue;
                }
                for (long g = 0; g < grams; g++, id++)
                {
                    var node = root;
                    for (int j = 0; j < size; j++) node = node.Child(pool[start + g * size + j]);
                    if (id > indexes.Length) return c.Reject<TfIdfVectorizerPlan>(DiagnosticIds.UnsupportedAttribute, "ngram_indexes has " + indexes.Length + " entries for more n-grams.");
                    node.Column = indexes[id - 1];
                }
            }

            var x = c.InShape(0);
            if (x.Rank != 1 && x.Rank != 2) return c.Reject<TfIdfVectorizerPlan>(DiagnosticIds.ShapeMismatch, "X " + x + " must be [C] or [N, C].");
            var rows = x.Rank == 2 ? x[0] : Dim.One;
            c.SetOutput(0, ElementType.Float, x.Rank == 2 ? new Shape(new[] { rows, Dim.Of(outputSize) }) : Shape.Of(outputSize));

            var (first, low, high, target, column) = Flatten(root);
            var bits = (weights ?? new float[0]).Select(w => (long)System.BitConverter.ToInt32(System.BitConverter.GetBytes(w), 0));
            return new TfIdfVectorizerPlan(rows, x[x.Rank - 1], outputSize, (int)min, (int)max, (int)skip, mode,
                first.ToValueList(), low.ToValueList(), high.ToValueList(), target.ToValueList(), column.ToValueList(), bits.ToValueList());
        }

        /// <summary>Breadth-first numbering (the root is node 0); each node's edges in key order.</summary>
        private static (List<long>, List<long>, List<long>, List<long>, List<long>) Flatten(TrieNode root)
        {
            var order = new List<TrieNode> { root };
            var number = new Dictionary<TrieNode, int> { [root] = 0 };
            for (int k = 0; k < order.Count; k++)
                foreach (var child in order[k].Children.Values)
                {
                    number[child] = order.Count;
                    order.Add(child);
                }
            List<long> first = new List<long>(), low = new List<long>(), high = new List<long>(), target = new List<long>(), column = new List<long>();
            foreach (var node in order)
            {
                first.Add(low.Count);
                column.Add(node.Column);
                foreach (var edge in node.Children)
                {
                    low.Add(unchecked((int)edge.Key));
                    high.Add((int)(edge.Key >> 32));
                    target.Add(number[edge.Value]);
                }
            }
            first.Add(low.Count);
            return (first, low, high, target, column);
        }

        private sealed class TrieNode
        {
            public SortedDictionary<long, TrieNode> Children { get; } = new SortedDictionary<long, TrieNode>();

            /// <summary>The output column of the n-gram ending here; -1 for a prefix only.</summary>
            public long Column { get; set; } = -1;

            public TrieNode Child(long key)
            {
                if (!Children.TryGetValue(key, out var child)) Children[key] = child = new TrieNode();
                return child;
            }
        }

        protected override void Lower(LowerContext c, TfIdfVectorizerPlan p) =>
            c.Call("tfidf_vectorizer", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0))
                .Dim("rows", p.Rows).Dim("columns", p.Columns).Dim("outputSize", Dim.Of(p.OutputSize))
                .Dim("minGram", Dim.Of(p.MinGram)).Dim("maxGram", Dim.Of(p.MaxGram)).Dim("maxSkip", Dim.Of(p.MaxSkip)).Dim("mode", Dim.Of(p.Mode))
                .Ints("firstEdge", p.FirstEdge).Ints("keyLow", p.KeyLow).Ints("keyHigh", p.KeyHigh).Ints("target", p.Target)
                .Ints("column", p.Column).Ints("weightBits", p.WeightBits).Emit();
    }
}
