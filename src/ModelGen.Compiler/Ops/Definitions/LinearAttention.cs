using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// The sizes of one LinearAttention node, which of decay (Gated; per key dim or per head) and beta (Delta; per
    /// head or one for all heads) it reads, and the output scale (0 for 1/√d_k).
    /// </summary>
    internal sealed record LinearAttentionPlan(
        Dim Batch, Dim Seq, Dim QHeads, Dim KvHeads, Dim KeySize, Dim ValueSize,
        bool Gated, bool DecayPerKey, bool Delta, bool BetaPerHead, float Scale) : OpPlan;

    /// <summary>
    /// ONNX LinearAttention: a recurrent state S [d_k, d_v] per key/value head, updated token by token — decayed by
    /// exp(decay) ("gated", "gated_delta"), then S += k ⊗ v, where the delta rules write β·(v − Sᵀk) instead of v — and
    /// read after each update as o = scale·qᵀS by the query heads sharing that head (grouped-query). Q, K, V, decay and
    /// beta are 3-D [batch, seq, heads·size]; past_state and present_state are [batch, kv_heads, d_k, d_v].
    /// chunk_size only tunes chunked algorithms and does not change results. float16 computes in float.
    /// Spec: https://onnx.ai/onnx/operators/onnx__LinearAttention.html
    /// </summary>
    internal sealed class LinearAttention : Op<LinearAttentionPlan>
    {
        private static readonly Attr<long> ChunkSize = Attr.Int("chunk_size", 64).Ignored("a tuning hint for chunk-parallel prefill; the recurrence gives the same results");
        private static readonly Attr<long> KvNumHeads = Attr.Int("kv_num_heads", 0).Required();
        private static readonly Attr<long> QNumHeads = Attr.Int("q_num_heads", 0).Required();
        private static readonly Attr<float> Scale = Attr.Float("scale", 0f);
        private static readonly Attr<string> UpdateRule = Attr.String("update_rule", "gated_delta");

        public override OpSchema Schema { get; } = new OpSchema("LinearAttention", new[] { 27 })
            .Input("query", "T").Input("key", "T").Input("value", "T").Input("past_state", "S", optional: true)
            .Input("decay", "T", optional: true).Input("beta", "T", optional: true)
            .Output("output", "T").Output("present_state", "S", optional: true)
            .Types("T", new[] { ElementType.Float, ElementType.Float16 }).Types("S", new[] { ElementType.Float, ElementType.Float16 })
            .WithAttributes(ChunkSize, KvNumHeads, QNumHeads, Scale, UpdateRule);

        public override string Summary =>
            "recurrent linear attention over packed 3-D Q/K/V: update rules linear, gated (decay per key dim or per head), delta and gated_delta (beta per head or shared), " +
            "grouped-query heads, past/present state, scale; one kernel walks the tokens per key/value head, float16 in float.";

        protected override LinearAttentionPlan? Infer(InferContext c)
        {
            Shape q = c.InShape(0), k = c.InShape(1), v = c.InShape(2);
            if (q.Rank != 3 || k.Rank != 3 || v.Rank != 3)
                return c.Reject<LinearAttentionPlan>(DiagnosticIds.ShapeMismatch, "query " + q + ", key " + k + " and value " + v + " must all be 3-D [batch, seq, heads·size].");
            long qh = c.Get(QNumHeads), kvh = c.Get(KvNumHeads);
            if (qh <= 0 || kvh <= 0 || qh % kvh != 0)
                return c.Reject<LinearAttentionPlan>(DiagnosticIds.UnsupportedAttribute, "q_num_heads=" + qh + " must be a positive multiple of kv_num_heads=" + kvh + ".");
            Dim batch = q[0], seq = q[1];
            Dim? keySize = q[2].TryDivide(qh), valueSize = v[2].TryDivide(kvh);
            if (keySize == null || valueSize == null || !k[2].Equals(Dim.Of(kvh) * keySize))
                return c.Reject<LinearAttentionPlan>(DiagnosticIds.ShapeMismatch, "query " + q + ", key " + k + " and value " + v + " do not split into " + qh + " query and " + kvh + " key/value heads of one key size.");
            if (!k[0].Equals(batch) || !v[0].Equals(batch) || !k[1].Equals(seq) || !v[1].Equals(seq))
                return c.Reject<LinearAttentionPlan>(DiagnosticIds.ShapeMismatch, "query " + q + ", key " + k + " and value " + v + " disagree on batch or sequence length.");

            string rule = c.Get(UpdateRule);
            if (rule != "linear" && rule != "gated" && rule != "delta" && rule != "gated_delta")
                return c.Reject<LinearAttentionPlan>(DiagnosticIds.UnsupportedAttribute, "update_rule=\"" + rule + "\" is none of linear, gated, delta, gated_delta.");
            bool gated = rule == "gated" || rule == "gated_delta", delta = rule == "delta" || rule == "gated_delta";
            if (c.HasInput(4) != gated)
                return c.Reject<LinearAttentionPlan>(DiagnosticIds.InvalidGraph, "update_rule \"" + rule + "\" " + (gated ? "needs" : "forbids") + " the decay input.");
            if (c.HasInput(5) != delta)
                return c.Reject<LinearAttentionPlan>(DiagnosticIds.InvalidGraph, "update_rule \"" + rule + "\" " + (delta ? "needs" : "forbids") + " the beta input.");

            Dim heads = Dim.Of(kvh);
            bool decayPerKey = false, betaPerHead = false;
            if (gated)
            {
                var d = c.InShape(4);
                decayPerKey = d.Rank == 3 && d[2].Equals(heads * keySize) && !keySize.Equals(Dim.One);
                if (!d.Equals(new Shape(new[] { batch, seq, heads * keySize })) && !d.Equals(new Shape(new[] { batch, seq, heads })))
                    return c.Reject<LinearAttentionPlan>(DiagnosticIds.ShapeMismatch, "decay " + d + " must be [" + batch + "," + seq + "," + heads * keySize + "] or [" + batch + "," + seq + "," + heads + "].");
            }
            if (delta)
            {
                var b = c.InShape(5);
                betaPerHead = b.Rank == 3 && b[2].Equals(heads);
                if (!b.Equals(new Shape(new[] { batch, seq, heads })) && !b.Equals(new Shape(new[] { batch, seq, Dim.One })))
                    return c.Reject<LinearAttentionPlan>(DiagnosticIds.ShapeMismatch, "beta " + b + " must be [" + batch + "," + seq + "," + heads + "] or [" + batch + "," + seq + ",1].");
            }
            var state = new Shape(new[] { batch, heads, keySize, valueSize });
            if (c.HasInput(3))
            {
                if (!c.InShape(3).Equals(state))
                    return c.Reject<LinearAttentionPlan>(DiagnosticIds.ShapeMismatch, "past_state " + c.InShape(3) + " must be " + state + ".");
                if (c.InType(3) != c.InType(0))
                    return c.Reject<LinearAttentionPlan>(DiagnosticIds.UnsupportedElementType, "past_state is " + c.InType(3) + " and query " + c.InType(0) + "; a state type other than the activations' is not supported.");
            }
            c.SetOutput(0, new Shape(new[] { batch, seq, Dim.Of(qh) * valueSize }));
            c.SetOutput(1, state);
            return new LinearAttentionPlan(batch, seq, Dim.Of(qh), heads, keySize, valueSize, gated, decayPerKey, delta, betaPerHead, c.Get(Scale));
        }

        // float16 runs in float: the state accumulates over every token and must not round to float16 in between.
        protected override void Lower(LowerContext c, LinearAttentionPlan p)
        {
            if (!HalfInFloat.TryLower(c, (ins, outs) => Emit(c, p, ins, outs)))
                Emit(c, p, c.Node.Inputs.ToArray(), c.Node.Outputs.ToArray());
        }

        private static void Emit(LowerContext c, LinearAttentionPlan p, Value?[] ins, Value?[] outs)
        {
            Value? In(int i) => i < ins.Length ? ins[i] : null;
            var type = ins[0]!.Type;
            c.Call("linear_attention", type).In("query", ins[0]!).In("key", ins[1]!).In("value", ins[2]!)
                .InOrNone("pastState", In(3)).InOrNone("decay", In(4)).InOrNone("beta", In(5))
                .Out("output", outs[0]!).OutOrNone("presentState", outs.Length > 1 ? outs[1] : null)
                .Scratch("state", type, p.KeySize * p.ValueSize + p.ValueSize)
                .Dim("batch", p.Batch).Dim("seq", p.Seq).Dim("qHeads", p.QHeads).Dim("kvHeads", p.KvHeads).Dim("keySize", p.KeySize).Dim("valueSize", p.ValueSize)
                .Bool("decayPerKey", p.DecayPerKey).Bool("betaPerHead", p.BetaPerHead).Scalar("scale", ElementType.Float, p.Scale).Emit();
        }
    }
}
