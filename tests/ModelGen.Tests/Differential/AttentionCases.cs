using System.Linq;
using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// Attention and RotaryEmbedding (opset 23), and the activations Celu, Swish and SwiGLU: key and value head sizes
    /// that differ, grouped-query heads, float and bool masks that broadcast, causal masks with and without a past,
    /// softcap, the qk_matmul output, 3-D packed-head inputs; rotary with position ids, interleaving, partial rotation;
    /// CausalConvWithState and LinearAttention (opset 27) with and without carried state, every update rule, decay per
    /// key dim and per head, grouped-query heads.
    /// </summary>
    internal static class AttentionCases
    {
        public static void Add(CaseSet set)
        {
            Attention(set);
            Rotary(set);
            Activations(set);
        }

        /// <summary>
        /// CausalConvWithState and LinearAttention, added after every other family (see <see cref="DifferentialCases"/>)
        /// so the cases before them keep their seeded values.
        /// </summary>
        public static void AddOpset27(CaseSet set)
        {
            CausalConv(set);
            LinearAttention(set);
        }

        private static DiffTensor V(CaseSet set, string name, ElementType t, long[] dims) => set.Random.Uniform(name, t, dims, -1.5, 1.5);

        private static void Attention(CaseSet set)
        {
            foreach (var t in TypesOf("Attention"))
            {
                bool full = t == ElementType.Float;
                void Case(string variant, DiffTensor[] tensors, int outputs, System.Action<ModelGen.Compiler.Writing.OnnxAttributeBuilder>? at = null, string[]? names = null) =>
                    set.Node("attention", "Attention", t, variant, tensors, Enumerable.Repeat(t, outputs).ToArray(), at, opset: 23, nodeInputs: names, halfViaFloat: true);

                Case("4-D: Q [2,3,5,4], K [2,3,7,4], V [2,3,7,6], no mask",
                    new[] { V(set, "q", t, D(2, 3, 5, 4)), V(set, "k", t, D(2, 3, 7, 4)), V(set, "v", t, D(2, 3, 7, 6)) }, 1);
                Case("additive float mask [5,7] (broadcast), scale=0.3",
                    new[] { V(set, "q", t, D(2, 3, 5, 4)), V(set, "k", t, D(2, 3, 7, 4)), V(set, "v", t, D(2, 3, 7, 6)), set.Random.Uniform("mask", t, D(5, 7), -3, 0) }, 1,
                    a => a.Float("scale", 0.3f));
                Case("grouped-query: 4 query heads over 2 kv heads, is_causal=1, S=6",
                    new[] { V(set, "q", t, D(1, 4, 6, 8)), V(set, "k", t, D(1, 2, 6, 8)), V(set, "v", t, D(1, 2, 6, 8)) }, 1, a => a.Int("is_causal", 1));
                if (!full) continue;
                Case("bool mask [2,1,5,7] (broadcast over heads)",
                    new[] { V(set, "q", t, D(2, 3, 5, 4)), V(set, "k", t, D(2, 3, 7, 4)), V(set, "v", t, D(2, 3, 7, 6)), MaskWithOneTruePerRow(set, D(2, 1, 5, 7)) }, 1);
                Case("3-D packed heads: Q [2,5,8], K [2,7,8], V [2,7,6], q_num_heads=kv_num_heads=2",
                    new[] { V(set, "q", t, D(2, 5, 8)), V(set, "k", t, D(2, 7, 8)), V(set, "v", t, D(2, 7, 6)) }, 1, a => a.Int("q_num_heads", 2).Int("kv_num_heads", 2));
                Case("past_key/past_value [1,2,3,4] with present outputs, is_causal=1 (S_q=2 after a past of 3)",
                    new[] { V(set, "q", t, D(1, 2, 2, 4)), V(set, "k", t, D(1, 2, 2, 4)), V(set, "v", t, D(1, 2, 2, 4)), V(set, "past_key", t, D(1, 2, 3, 4)), V(set, "past_value", t, D(1, 2, 3, 4)) }, 3,
                    a => a.Int("is_causal", 1), new[] { "q", "k", "v", "", "past_key", "past_value" });
                Case("softcap=2.5, scale=1.0",
                    new[] { set.Random.Uniform("q", t, D(1, 2, 4, 4), -3, 3), set.Random.Uniform("k", t, D(1, 2, 6, 4), -3, 3), V(set, "v", t, D(1, 2, 6, 4)) }, 1,
                    a => a.Float("softcap", 2.5f).Float("scale", 1f));
                Case("qk_matmul_output_mode=1 (scaled and masked scores), with past",
                    new[] { V(set, "q", t, D(1, 2, 3, 4)), V(set, "k", t, D(1, 2, 3, 4)), V(set, "v", t, D(1, 2, 3, 4)), set.Random.Uniform("mask", t, D(3, 5), -2, 0),
                        V(set, "past_key", t, D(1, 2, 2, 4)), V(set, "past_value", t, D(1, 2, 2, 4)) }, 4, a => a.Int("qk_matmul_output_mode", 1));
            }
        }

        /// <summary>A random bool mask with at least one true per row (an all-false row has no defined softmax).</summary>
        private static DiffTensor MaskWithOneTruePerRow(CaseSet set, long[] dims)
        {
            var m = set.Random.Uniform("mask", ElementType.Bool, dims, 0, 1);
            var raw = (byte[])m.Raw.Clone();
            int row = (int)dims[dims.Length - 1];
            for (int i = 0; i < raw.Length; i += row) raw[i] = 1;
            return new DiffTensor(m.Name, m.Type, m.Dims, raw);
        }

        private static void Rotary(CaseSet set)
        {
            foreach (var t in TypesOf("RotaryEmbedding"))
            {
                DiffTensor Positions(long b, long s, long cache) => set.Random.Uniform("position_ids", ElementType.Int64, D(b, s), 0, cache - 1);
                set.Node("attention", "RotaryEmbedding", t, "4-D X [2,3,5,8], caches [16,4], position ids",
                    new[] { V(set, "x", t, D(2, 3, 5, 8)), V(set, "cos", t, D(16, 4)), V(set, "sin", t, D(16, 4)), Positions(2, 5, 16) }, new[] { t }, opset: 23);
                set.Node("attention", "RotaryEmbedding", t, "interleaved=1, 4-D X [1,2,3,6], caches [8,3], position ids",
                    new[] { V(set, "x", t, D(1, 2, 3, 6)), V(set, "cos", t, D(8, 3)), V(set, "sin", t, D(8, 3)), Positions(1, 3, 8) }, new[] { t }, a => a.Int("interleaved", 1), opset: 23);
                set.Node("attention", "RotaryEmbedding", t, "3-D X [2,5,12], num_heads=3, caches [2,5,2] (no position ids)",
                    new[] { V(set, "x", t, D(2, 5, 12)), V(set, "cos", t, D(2, 5, 2)), V(set, "sin", t, D(2, 5, 2)) }, new[] { t }, a => a.Int("num_heads", 3), opset: 23);
                set.Node("attention", "RotaryEmbedding", t, "rotary_embedding_dim=4 of head size 8, interleaved=1, caches [16,2]",
                    new[] { V(set, "x", t, D(1, 2, 4, 8)), V(set, "cos", t, D(16, 2)), V(set, "sin", t, D(16, 2)), Positions(1, 4, 16) }, new[] { t },
                    a => a.Int("rotary_embedding_dim", 4).Int("interleaved", 1), opset: 23);
            }
        }

        private static void Activations(CaseSet set)
        {
            long[] shape = { 2, 17, 33 };
            foreach (var t in TypesOf("Celu"))
            {
                set.Node("activations", "Celu", t, "[2,17,33], alpha=0.6", new[] { set.Random.Uniform("x", t, shape, -4, 4) }, new[] { t }, a => a.Float("alpha", 0.6f), opset: 12);
                set.Node("activations", "Celu", t, "[2,17,33], default alpha", new[] { set.Random.Uniform("x", t, shape, -4, 4) }, new[] { t });
            }
            foreach (var t in TypesOf("Swish"))
            {
                set.Node("activations", "Swish", t, "[2,17,33], default alpha", new[] { set.Random.Uniform("x", t, shape, -6, 6) }, new[] { t }, opset: 24);
                set.Node("activations", "Swish", t, "[2,17,33], alpha=1.702", new[] { set.Random.Uniform("x", t, shape, -6, 6) }, new[] { t }, a => a.Float("alpha", 1.702f), opset: 24);
            }
            foreach (var t in TypesOf("SwiGLU"))
                set.Node("activations", "SwiGLU", t, "A [3,1,7] ∘ B [2,7] (broadcast), alpha=1.3",
                    new[] { set.Random.Uniform("a", t, D(3, 1, 7), -5, 5), set.Random.Uniform("b", t, D(2, 7), -3, 3) }, new[] { t }, a => a.Float("alpha", 1.3f), opset: 28);
        }

        private static void CausalConv(CaseSet set)
        {
            foreach (var t in TypesOf("CausalConvWithState"))
            {
                set.Node("attention", "CausalConvWithState", t, "x [2,3,9], kernel 4, bias, past_state, activation=silu, with present_state",
                    new[] { V(set, "x", t, D(2, 3, 9)), V(set, "w", t, D(3, 1, 4)), V(set, "b", t, D(3)), V(set, "past", t, D(2, 3, 3)) }, new[] { t, t },
                    a => a.String("activation", "silu"), opset: 27);
                if (t != ElementType.Float) continue;
                set.Node("attention", "CausalConvWithState", t, "x [1,5,6], kernel 3, no bias, no past (zeros), activation none",
                    new[] { V(set, "x", t, D(1, 5, 6)), V(set, "w", t, D(5, 1, 3)) }, new[] { t, t }, opset: 27);
                set.Node("attention", "CausalConvWithState", t, "x [2,2,3] shorter than kernel 5, past_state, no bias, activation=swish",
                    new[] { V(set, "x", t, D(2, 2, 3)), V(set, "w", t, D(2, 1, 5)), V(set, "past", t, D(2, 2, 4)) }, new[] { t, t },
                    a => a.String("activation", "swish"), opset: 27, nodeInputs: new[] { "x", "w", "", "past" });
            }
        }

        private static void LinearAttention(CaseSet set)
        {
            foreach (var t in TypesOf("LinearAttention"))
            {
                // 4 query heads over 2 key/value heads, d_k 3, d_v 2; decay (log-space, ≤ 0) per key dim, beta per head in (0, 1).
                set.Node("attention", "LinearAttention", t, "gated_delta: Q [2,5,12], K [2,5,6], V [2,5,4], past_state, decay per key dim, beta per head",
                    new[] { V(set, "q", t, D(2, 5, 12)), V(set, "k", t, D(2, 5, 6)), V(set, "v", t, D(2, 5, 4)), V(set, "past", t, D(2, 2, 3, 2)),
                        set.Random.Uniform("decay", t, D(2, 5, 6), -1, 0), set.Random.Uniform("beta", t, D(2, 5, 2), 0.05, 0.95) }, new[] { t, t },
                    a => a.Int("q_num_heads", 4).Int("kv_num_heads", 2), opset: 27);
                if (t != ElementType.Float) continue;
                set.Node("attention", "LinearAttention", t, "linear: 2 heads, d_k 4, d_v 3, no past, scale 0.7",
                    new[] { V(set, "q", t, D(1, 6, 8)), V(set, "k", t, D(1, 6, 8)), V(set, "v", t, D(1, 6, 6)) }, new[] { t, t },
                    a => a.Int("q_num_heads", 2).Int("kv_num_heads", 2).String("update_rule", "linear").Float("scale", 0.7f), opset: 27);
                set.Node("attention", "LinearAttention", t, "gated: decay per head [1,4,3], past_state, 3 heads",
                    new[] { V(set, "q", t, D(1, 4, 9)), V(set, "k", t, D(1, 4, 9)), V(set, "v", t, D(1, 4, 6)), V(set, "past", t, D(1, 3, 3, 2)),
                        set.Random.Uniform("decay", t, D(1, 4, 3), -1, 0) }, new[] { t, t },
                    a => a.Int("q_num_heads", 3).Int("kv_num_heads", 3).String("update_rule", "gated"), opset: 27);
                set.Node("attention", "LinearAttention", t, "delta: one beta for all heads [2,3,1], 2 query heads over 1 kv head",
                    new[] { V(set, "q", t, D(2, 3, 8)), V(set, "k", t, D(2, 3, 4)), V(set, "v", t, D(2, 3, 5)), set.Random.Uniform("beta", t, D(2, 3, 1), 0.05, 0.95) }, new[] { t },
                    a => a.Int("q_num_heads", 2).Int("kv_num_heads", 1).String("update_rule", "delta"), opset: 27, nodeInputs: new[] { "q", "k", "v", "", "", "beta" });
            }
        }
    }
}
