using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// The sizes of one FlexAttention node, the type the scores and probabilities are computed in (float, or double
    /// for double inputs), the scale (null for 1/√head_size) and the modifier bodies, if any.
    /// </summary>
    internal sealed record FlexAttentionPlan(
        Dim Batch, Dim QHeads, Dim KvHeads, Dim QSeq, Dim KvSeq, Dim HeadSize, Dim VHeadSize,
        ElementType Compute, float? Scale, Graph? ScoreMod, Graph? ProbMod) : OpPlan
    {
        /// <summary>The [batch, q_heads, q_seq, kv_seq] scores and probabilities.</summary>
        public Shape ScoresShape => new Shape(new[] { Batch, QHeads, QSeq, KvSeq });
    }

    /// <summary>
    /// ONNX FlexAttention (ai.onnx.preview): Y = prob_mod(softmax(score_mod((Q·√s)·(K·√s)ᵀ)))·V over rank-4 inputs,
    /// s = scale or 1/√head_size, query head h reading key/value head h / (q_heads / kv_heads). The modifiers are
    /// graphs over the whole [batch, q_heads, q_seq, kv_seq] tensor (masking writes −∞, biases add, soft caps
    /// squash); they are inlined between the kernels that compute the scores, the softmax and the weighted sum.
    /// Scores and probabilities are float (double for double inputs), as softmax_precision's default says.
    /// Spec: https://onnx.ai/onnx/operators/onnx_aionnxpreview_FlexAttention.html
    /// </summary>
    internal sealed class FlexAttention : Op<FlexAttentionPlan>
    {
        public const string PreviewDomain = "ai.onnx.preview";

        // No default: absent means 1/√head_size, which only the shapes know.
        private static readonly Attr<float?> Scale = new Attr<float?>("scale", AttributeKind.Float, null, a => a.Float);
        private static readonly Attr<long?> SoftmaxPrecision = Attr.OptionalInt("softmax_precision");
        private static readonly Attr<Graph?> ScoreMod = Attr.Graph("score_mod");
        private static readonly Attr<Graph?> ProbMod = Attr.Graph("prob_mod");

        // TensorProto element types softmax_precision may name that ModelGen computes in.
        private const long FloatPrecision = 1, DoublePrecision = 11;

        public override OpSchema Schema { get; } = new OpSchema("FlexAttention", new[] { 1 }, PreviewDomain)
            .Input("Q", "T1").Input("K", "T1").Input("V", "T1").Output("Y", "T1")
            .Types("T1", TypeSets.Float)
            .WithAttributes(Scale, SoftmaxPrecision, ScoreMod, ProbMod);

        // onnx.ai names a non-default domain's pages after the domain.
        public override string SpecUrl => "https://onnx.ai/onnx/operators/onnx_aionnxpreview_FlexAttention.html";

        public override string Summary =>
            "attention over rank-4 Q/K/V with grouped-query heads, scale, and score_mod/prob_mod graphs over the whole score tensor (inlined between " +
            "the scores, softmax and weighted-sum kernels); scores and probabilities in float, or double (for double inputs or softmax_precision=11).";

        protected override FlexAttentionPlan? Infer(InferContext c)
        {
            Shape q = c.InShape(0), k = c.InShape(1), v = c.InShape(2);
            if (q.Rank != 4 || k.Rank != 4 || v.Rank != 4)
                return c.Reject<FlexAttentionPlan>(DiagnosticIds.ShapeMismatch, "Q " + q + ", K " + k + " and V " + v + " must all be 4-D.");
            if (c.InType(1) != c.InType(0) || c.InType(2) != c.InType(0))
                return c.Reject<FlexAttentionPlan>(DiagnosticIds.UnsupportedElementType, "Q, K and V must have one element type.");
            Dim batch = q[0], qHeads = q[1], qSeq = q[2], headSize = q[3], kvHeads = k[1], kvSeq = k[2], vHeadSize = v[3];
            if (!k[0].Equals(batch) || !v[0].Equals(batch) || !v[1].Equals(kvHeads) || !v[2].Equals(kvSeq) || !k[3].Equals(headSize))
                return c.Reject<FlexAttentionPlan>(DiagnosticIds.ShapeMismatch, "Q " + q + ", K " + k + " and V " + v + " must be [b,h,l,e], [b,kv_h,s,e] and [b,kv_h,s,v_e].");
            if (qHeads.IsStatic && kvHeads.IsStatic && (kvHeads.Value <= 0 || qHeads.Value % kvHeads.Value != 0))
                return c.Reject<FlexAttentionPlan>(DiagnosticIds.ShapeMismatch, "the " + qHeads + " query heads are not a multiple of the " + kvHeads + " key/value heads.");

            var compute = c.InType(0) == ElementType.Double ? ElementType.Double : ElementType.Float;
            if (c.Get(SoftmaxPrecision) is long precision)
            {
                if (precision == FloatPrecision) compute = ElementType.Float;
                else if (precision == DoublePrecision) compute = ElementType.Double;
                else return c.Reject<FlexAttentionPlan>(DiagnosticIds.UnsupportedAttribute, "softmax_precision=" + precision + " is not supported; ModelGen computes in 1 (FLOAT) or 11 (DOUBLE).");
            }

            var scores = new Shape(new[] { batch, qHeads, qSeq, kvSeq });
            var scoreMod = Modifier(c, c.Get(ScoreMod), compute, scores);
            if (!c.Ok) return null;
            var probMod = Modifier(c, c.Get(ProbMod), compute, scores);
            if (!c.Ok) return null;
            c.SetOutput(0, new Shape(new[] { batch, qHeads, qSeq, vHeadSize }));
            return new FlexAttentionPlan(batch, qHeads, kvHeads, qSeq, kvSeq, headSize, vHeadSize, compute, c.Get(Scale), scoreMod, probMod);
        }

        /// <summary>
        /// A modifier body takes the [batch, q_heads, q_seq, kv_seq] tensor of <paramref name="compute"/> and returns
        /// one of that type and shape. A body that returns its input unchanged is left out.
        /// </summary>
        private static Graph? Modifier(InferContext c, Graph? body, ElementType compute, Shape scores)
        {
            if (body == null) return null;
            if (body.Inputs.Count != 1 || body.Outputs.Count != 1)
            {
                c.Fail(DiagnosticIds.InvalidGraph, "modifier '" + body.Name + "' must take one tensor and return one; it takes " + body.Inputs.Count + " and returns " + body.Outputs.Count + ".");
                return null;
            }
            body.Inputs[0].Type = compute;
            body.Inputs[0].Shape = scores;
            if (!BodyInference.Infer(body, c)) return null;
            var result = body.Outputs[0];
            if (result.Type != compute || !result.Shape!.Equals(scores))
            {
                c.Fail(DiagnosticIds.InvalidGraph, "modifier '" + body.Name + "' returns " + ElementTypes.OnnxName(result.Type) + result.Shape + "; it must return " + ElementTypes.OnnxName(compute) + scores + ".");
                return null;
            }
            return ReferenceEquals(result, body.Inputs[0]) ? null : body;
        }

        protected override void Lower(LowerContext c, FlexAttentionPlan p)
        {
            var type = c.InType(0);
            var shape = p.ScoresShape;
            var scores = p.ScoreMod?.Inputs[0] ?? c.Temporary("scores", p.Compute, shape);
            c.Call("flex_attention.scores", type, p.Compute).In("q", c.In(0)).In("k", c.In(1)).Out("scores", scores)
                .Dim("batch", p.Batch).Dim("qHeads", p.QHeads).Dim("kvHeads", p.KvHeads).Dim("qSeq", p.QSeq).Dim("kvSeq", p.KvSeq).Dim("headSize", p.HeadSize)
                .Bool("hasScale", p.Scale != null).Scalar("scale", ElementType.Float, p.Scale ?? 0f).Emit();
            var modified = Inline(c, p.ScoreMod, scores);

            var probs = p.ProbMod?.Inputs[0] ?? c.Temporary("probs", p.Compute, shape);
            c.Call("softmax", p.Compute).In("x", modified).Out("y", probs)
                .Dim("outer", p.Batch * p.QHeads * p.QSeq).Dim("axisLength", p.KvSeq).Dim("inner", Dim.One).Emit();
            var weights = Inline(c, p.ProbMod, probs);

            c.Call("flex_attention.output", type, p.Compute).In("probs", weights).In("v", c.In(2)).Out("y", c.Out(0))
                .Dim("batch", p.Batch).Dim("qHeads", p.QHeads).Dim("kvHeads", p.KvHeads).Dim("qSeq", p.QSeq).Dim("kvSeq", p.KvSeq).Dim("vHeadSize", p.VHeadSize).Emit();
        }

        /// <summary>The body's calls, run in place as steps of this node (its input was written just before); returns its result.</summary>
        private static Value Inline(LowerContext c, Graph? body, Value input)
        {
            if (body == null) return input;
            foreach (var step in c.LowerBody(body).Nodes.SelectMany(n => n.Steps)) c.Add(step);
            return body.Outputs[0];
        }
    }
}
