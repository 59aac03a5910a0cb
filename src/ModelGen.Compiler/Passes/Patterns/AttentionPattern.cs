using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Passes.Patterns
{
    /// <summary>
    /// Recognises scaled dot-product attention over 4-D [batch, heads, seq, head_size] tensors, as exports write it,
    /// and writes one Attention-23 node (one fused kernel call):
    /// // MatMul(Softmax(MatMul(Q, Kᵀ) / c + mask, axis = -1), V)   -> Attention(Q, K, V, mask) {scale = 1/c}
    /// // ... · c ...                                              -> {scale = c};   no Div/Mul: {scale = 1}
    /// Kᵀ is a Transpose swapping the last two axes of K, or any Transpose whose composition with that swap is the
    /// layout K needs (torch writes [0,2,3,1] from [batch, seq, heads, head_size]; K is then that source transposed
    /// [0,2,1,3]). The mask is optional and additive, of Q's type; its last dim must be the keys' (Attention pads a
    /// short mask with −∞ where Add would broadcast it), and it must not widen the scores' shape.
    /// </summary>
    internal sealed class AttentionPattern : PatternPass
    {
        private static readonly long[] SwapLast = { 0, 1, 3, 2 };

        public override string Name => "attention";

        protected override IReadOnlyCollection<string> Anchors { get; } = new[] { "Softmax" };

        protected override bool TryFuse(Graph scope, Node softmax)
        {
            var p = new Pattern(scope);
            var input = softmax.Input(0)!;
            if (input.Shape == null || input.Shape.Rank != 4 || !(softmax.Plan is SoftmaxPlan plan) || !plan.Inner.Equals(Dim.One) || !plan.Length.Equals(input.Shape[3])) return false;
            var output = p.OnlyReader(softmax.Output(0), "MatMul");
            if (output == null || output.Inputs[0] != softmax.Output(0)) return false;
            var v = output.Input(1)!;
            p.Add(softmax);
            p.Add(output);

            Value? mask = null;
            Node? qk = null;
            float scale = 1;
            if (p.Producer(input, "Add") is Node add && p.OnlyReader(input, "Softmax") == softmax)
            {
                for (int i = 0; i < 2 && qk == null; i++)
                {
                    qk = Scores(p, add.Inputs[i]!, add, out scale);
                    mask = add.Inputs[1 - i];
                }
                if (qk == null || mask == null || !MaskFits(mask, input, qk.Input(0)!.Type)) return false;
                p.Add(add);
            }
            else
            {
                qk = Scores(p, input, softmax, out scale);
                if (qk == null) return false;
            }
            var q = qk.Input(0)!;
            if (q.Shape?.Rank != 4 || v.Shape?.Rank != 4 || !Pattern.IsFusableType(q.Type)) return false;
            var k = Keys(p, qk, output);
            if (k == null) return false;
            var inputs = new List<Value?> { q, k, v };
            if (mask != null) inputs.Add(mask);
            return p.Replace(output.Output(0)!, 23, "Attention", softmax.Name + "_attention", inputs, Pattern.Float("scale", scale),
                Pattern.Int(Ops.Definitions.Attention.FullyMaskedRowsNaN.Name, 1));
        }

        /// <summary>
        /// MatMul(Q, Kᵀ) before the softmax: directly, or divided by a build-time scalar c (scale 1/c) or multiplied by
        /// one (scale c, either way round), read only by <paramref name="reader"/>. Adds the nodes to the match; null otherwise.
        /// </summary>
        private static Node? Scores(Pattern p, Value scores, Node reader, out float scale)
        {
            scale = 1;
            if (p.OnlyReader(scores, reader.OpType) != reader) return null;
            Value qk = scores;
            Node? scaling = null;
            if (p.Producer(scores, "Div") is Node div && Pattern.ScalarOf(div.Input(1)) is double c && c != 0)
            {
                scale = (float)(1 / c);
                qk = div.Input(0)!;
                scaling = div;
            }
            else if (p.Producer(scores, "Mul") is Node mul)
            {
                var s = Pattern.ScalarOf(mul.Input(1)) ?? Pattern.ScalarOf(mul.Input(0));
                if (s == null) return null;
                scale = (float)s.Value;
                qk = Pattern.ScalarOf(mul.Input(1)) != null ? mul.Input(0)! : mul.Input(1)!;
                scaling = mul;
            }
            var matmul = p.Producer(qk, "MatMul");
            if (matmul == null || qk.Shape?.Rank != 4) return null;
            if (scaling != null)
            {
                if (p.OnlyReader(qk, scaling.OpType) != scaling) return null;
                p.Add(scaling);
            }
            return p.Add(matmul);
        }

        /// <summary>
        /// K in [batch, kv_heads, kv_seq, head_size] from the MatMul's Kᵀ: the Transpose's source when the Transpose
        /// composed with swapping the last two axes is the identity, else that source through one new Transpose (the
        /// old one joins the match); Kᵀ swapped when it is no Transpose of this match's own.
        /// </summary>
        private static Value? Keys(Pattern p, Node qk, Node anchor)
        {
            var kt = qk.Input(1)!;
            if (kt.Shape?.Rank != 4) return null;
            var source = kt;
            long[] perm = SwapLast;
            if (p.Producer(kt, "Transpose") is Node transpose && p.OnlyReader(kt, "MatMul") == qk && transpose.Input(0)!.Shape?.Rank == 4)
            {
                var inner = transpose.Attributes.TryGetValue("perm", out var a) ? a.Ints.ToArray() : new long[] { 3, 2, 1, 0 };
                // K[j] = Kᵀ[SwapLast[j]] = source[inner[SwapLast[j]]].
                perm = SwapLast.Select(j => inner[j]).ToArray();
                source = transpose.Input(0)!;
                p.Add(transpose);
            }
            if (perm.Select((axis, i) => axis == i).All(same => same)) return source;
            return p.Helper(anchor, "Transpose", qk.Name + "_keys", new[] { source }, Pattern.Ints("perm", perm));
        }

        /// <summary>An additive mask that Attention reads as Add did: Q's type, rank at most 4, the keys' last dim, no widening of the scores.</summary>
        private static bool MaskFits(Value mask, Value sum, ElementType type)
        {
            var scores = sum.Producer!.Inputs.First(i => i != mask)!;
            return mask.Type == type && mask.Shape != null && mask.Shape.Rank >= 1 && mask.Shape.Rank <= 4 && scores.Shape != null &&
                   mask.Shape[mask.Shape.Rank - 1].Equals(scores.Shape[3]) && Pattern.SameTypeAndShape(sum, scores);
        }
    }
}
