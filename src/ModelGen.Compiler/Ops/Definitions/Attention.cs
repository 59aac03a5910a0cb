using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// The sizes of one Attention node (heads, sequence lengths, head sizes; Past is 0 without past_key), the
    /// layout (Packed: 3-D Q, K, V and Y), the mask as the kernel reads it (kind, last dim, strides along batch,
    /// query head and query row), and the attributes that shape the scores. Scale is null for 1/√head_size.
    /// </summary>
    internal sealed record AttentionPlan(
        Dim Batch, Dim QHeads, Dim KvHeads, Dim QSeq, Dim KvSeq, Dim Past, Dim HeadSize, Dim VHeadSize, bool Packed,
        int MaskKind, Dim MaskLength, ValueList<Dim> MaskStrides,
        float? Scale, float Softcap, bool Causal, long LeftWindow, long RightWindow, long QkMode, bool FullyMaskedRowsNaN) : OpPlan
    {
        /// <summary>Keys each query sees: past_key's then K's.</summary>
        public Dim Total => Past + KvSeq;
    }

    /// <summary>
    /// ONNX Attention: softmax(Q·Kᵀ·scale (softcapped) + bias)·V per head, where the bias combines attn_mask (bool:
    /// false is −∞; float: added; a short last dim is padded with −∞), is_causal (query i sees keys j ≤ i + offset,
    /// bottom-right aligned), the sliding window (revision 25) and nonpad_kv_seqlen padding (revision 24 on). Inputs
    /// are 4-D [batch, heads, seq, head_size] or 3-D [batch, seq, heads·head_size] (q_num_heads and kv_num_heads);
    /// fewer key/value heads than query heads is grouped-query attention. past_key/past_value are concatenated
    /// before K/V into present_key/present_value. A fully masked row gives zeros (NaN when the attention pattern fused it from a Softmax). One fused kernel, one row of
    /// scores at a time; float16 computes in float. Spec: https://onnx.ai/onnx/operators/onnx__Attention.html
    /// </summary>
    internal sealed class Attention : Op<AttentionPlan>
    {
        private static readonly Attr<long> IsCausal = Attr.Int("is_causal", 0);
        private static readonly Attr<long?> QNumHeads = Attr.OptionalInt("q_num_heads");
        private static readonly Attr<long?> KvNumHeads = Attr.OptionalInt("kv_num_heads");
        private static readonly Attr<long> QkMatmulOutputMode = Attr.Int("qk_matmul_output_mode", 0);
        // No default: absent means 1/√head_size, which only the shapes know.
        private static readonly Attr<float?> Scale = new Attr<float?>("scale", AttributeKind.Float, null, a => a.Float);
        private static readonly Attr<float> Softcap = Attr.Float("softcap", 0f);
        private static readonly Attr<long?> SoftmaxPrecision = Attr.OptionalInt("softmax_precision");
        private static readonly Attr<long> LeftWindowSize = Attr.Int("left_window_size", -1).Since(25);
        private static readonly Attr<long> RightWindowSize = Attr.Int("right_window_size", -1).Since(25);

        /// <summary>
        /// Not ONNX's: set by <see cref="Passes.Patterns.AttentionPattern"/> on the node it writes for a MatMul → Softmax →
        /// MatMul, so that a fully masked row gives NaN as that Softmax did, not Attention's zeros.
        /// </summary>
        public static readonly Attr<long> FullyMaskedRowsNaN = Attr.Int("modelgen_fully_masked_rows_nan", 0);

        // The kernel's mask kinds (ModelGen.Runtime.Kernels.Attention.NoMask, AdditiveMask, BoolMask).
        private const int NoMask = 0, AdditiveMask = 1, BoolMask = 2;

        // The softmax_precision values ONNX allows: FLOAT, FLOAT16, DOUBLE, BFLOAT16.
        private static readonly long[] Precisions = { 1, 10, 11, 16 };

        public override OpSchema Schema { get; } = new OpSchema("Attention", new[] { 23, 24, 25 })
            .Input("Q", "T1").Input("K", "T1").Input("V", "T2")
            .Input("attn_mask", "U", optional: true).Input("past_key", "T1", optional: true).Input("past_value", "T2", optional: true)
            .Input("nonpad_kv_seqlen", "I", optional: true, from: 24)
            .Output("Y", "T1").Output("present_key", "T1", optional: true).Output("present_value", "T2", optional: true)
            .Output("qk_matmul_output", "T1", optional: true)
            .Types("T1", TypeSets.Float).Types("T2", TypeSets.Float)
            .Types("U", TypeSets.Float.Concat(TypeSets.Bool).ToArray()).Types("I", TypeSets.Int64)
            .WithAttributes(IsCausal, QNumHeads, KvNumHeads, QkMatmulOutputMode, Scale, Softcap, SoftmaxPrecision, LeftWindowSize, RightWindowSize, FullyMaskedRowsNaN);

        public override string Summary =>
            "scaled dot-product attention over 3-D or 4-D Q/K/V: grouped-query heads, bool or additive attn_mask (broadcast, short last dim padded), " +
            "is_causal (offset-aware), past/present KV cache, nonpad_kv_seqlen, sliding window (25), scale, softcap, qk_matmul_output modes 0–3; " +
            "one fused kernel (a row of scores at a time), softmax in float (double for double) whatever softmax_precision says.";

        protected override AttentionPlan? Infer(InferContext c)
        {
            Shape q = c.InShape(0), k = c.InShape(1), v = c.InShape(2);
            if (q.Rank != k.Rank || q.Rank != v.Rank || (q.Rank != 3 && q.Rank != 4))
                return c.Reject<AttentionPlan>(DiagnosticIds.ShapeMismatch, "Q " + q + ", K " + k + " and V " + v + " must all be 3-D or all 4-D.");
            if (c.InType(2) != c.InType(0))
                return c.Reject<AttentionPlan>(DiagnosticIds.UnsupportedElementType, "V is " + c.InType(2) + " and Q is " + c.InType(0) + "; mixed Q/V types are not supported.");
            var heads = q.Rank == 3 ? PackedHeads(c, q, k, v) : Heads(c, q, k, v);
            if (heads == null) return null;
            var (qHeads, kvHeads, qSeq, kvSeq, headSize, vHeadSize) = heads.Value;
            Dim batch = q[0];
            if (!k[0].Equals(batch) || !v[0].Equals(batch))
                return c.Reject<AttentionPlan>(DiagnosticIds.ShapeMismatch, "Q " + q + ", K " + k + " and V " + v + " disagree on the batch size.");
            if (qHeads.IsStatic && kvHeads.IsStatic && (kvHeads.Value <= 0 || qHeads.Value % kvHeads.Value != 0))
                return c.Reject<AttentionPlan>(DiagnosticIds.ShapeMismatch, "the " + qHeads + " query heads are not a multiple of the " + kvHeads + " key/value heads.");

            Dim past = Dim.Zero;
            if (c.HasInput(4) != c.HasInput(5))
                return c.Reject<AttentionPlan>(DiagnosticIds.ShapeMismatch, "past_key and past_value must be given together.");
            if (c.HasInput(4))
            {
                past = c.InShape(4).Rank == 4 ? c.InShape(4)[2] : Dim.Zero;
                if (!c.InShape(4).Equals(new Shape(new[] { batch, kvHeads, past, headSize })) || !c.InShape(5).Equals(new Shape(new[] { batch, kvHeads, past, vHeadSize })))
                    return c.Reject<AttentionPlan>(DiagnosticIds.ShapeMismatch, "past_key " + c.InShape(4) + " and past_value " + c.InShape(5) + " must be [" + batch + "," + kvHeads + ",past," + headSize + "] and [" + batch + "," + kvHeads + ",past," + vHeadSize + "].");
            }
            if (c.HasInput(6))
            {
                if (c.HasInput(4))
                    return c.Reject<AttentionPlan>(DiagnosticIds.ShapeMismatch, "nonpad_kv_seqlen cannot be combined with past_key/past_value.");
                if (!c.InShape(6).Equals(new Shape(new[] { batch })))
                    return c.Reject<AttentionPlan>(DiagnosticIds.ShapeMismatch, "nonpad_kv_seqlen " + c.InShape(6) + " must be [" + batch + "].");
            }
            Dim total = past + kvSeq;

            int maskKind = NoMask;
            Dim maskLength = Dim.Zero;
            var strides = new List<Dim> { Dim.Zero, Dim.Zero, Dim.Zero };
            if (c.HasInput(3))
            {
                if (c.InType(3) == ElementType.Bool) maskKind = BoolMask;
                else if (c.InType(3) == c.InType(0)) maskKind = AdditiveMask;
                else return c.Reject<AttentionPlan>(DiagnosticIds.UnsupportedElementType, "attn_mask is " + c.InType(3) + "; it must be bool or Q's type " + c.InType(0) + ".");
                if (!MaskStrides(c, c.InShape(3), new[] { batch, qHeads, qSeq }, total, strides, out maskLength)) return null;
            }

            // Mode 0 is the scaled Q·Kᵀ before softcap, as the spec and its function body define it (ONNX's numpy
            // reference returns the softcapped scores there; no backend test sets mode 0 with a softcap).
            long mode = c.Get(QkMatmulOutputMode);
            if (mode < 0 || mode > 3)
                return c.Reject<AttentionPlan>(DiagnosticIds.UnsupportedAttribute, "qk_matmul_output_mode=" + mode + " is not 0, 1, 2 or 3.");
            if (c.Get(SoftmaxPrecision) is long precision && !Precisions.Contains(precision))
                return c.Reject<AttentionPlan>(DiagnosticIds.UnsupportedAttribute, "softmax_precision=" + precision + " is none of 1 (FLOAT), 10 (FLOAT16), 11 (DOUBLE), 16 (BFLOAT16).");
            long left = c.Get(LeftWindowSize), right = c.Get(RightWindowSize);
            if (left < -1 || right < -1)
                return c.Reject<AttentionPlan>(DiagnosticIds.UnsupportedAttribute, "left_window_size=" + left + " and right_window_size=" + right + " must be -1 or non-negative.");

            c.SetOutput(0, q.Rank == 3 ? new Shape(new[] { batch, qSeq, qHeads * vHeadSize }) : new Shape(new[] { batch, qHeads, qSeq, vHeadSize }));
            c.SetOutput(1, new Shape(new[] { batch, kvHeads, total, headSize }));
            c.SetOutput(2, new Shape(new[] { batch, kvHeads, total, vHeadSize }));
            c.SetOutput(3, new Shape(new[] { batch, qHeads, qSeq, total }));
            return new AttentionPlan(batch, qHeads, kvHeads, qSeq, kvSeq, past, headSize, vHeadSize, q.Rank == 3,
                maskKind, maskLength, strides.ToValueList(), c.Get(Scale), c.Get(Softcap), c.Get(IsCausal) != 0, left, right, mode, c.Get(FullyMaskedRowsNaN) != 0);
        }

        /// <summary>3-D inputs: the heads come from q_num_heads and kv_num_heads, which must divide the hidden sizes.</summary>
        private static (Dim, Dim, Dim, Dim, Dim, Dim)? PackedHeads(InferContext c, Shape q, Shape k, Shape v)
        {
            long? qh = c.Get(QNumHeads), kvh = c.Get(KvNumHeads);
            if (qh == null || kvh == null || qh <= 0 || kvh <= 0)
            {
                c.Fail(DiagnosticIds.UnsupportedAttribute, "3-D Q, K and V need positive q_num_heads and kv_num_heads attributes.");
                return null;
            }
            Dim? headSize = q[2].TryDivide(qh.Value), kHeadSize = k[2].TryDivide(kvh.Value), vHeadSize = v[2].TryDivide(kvh.Value);
            if (headSize == null || kHeadSize == null || vHeadSize == null || !kHeadSize.Equals(headSize) || !v[1].Equals(k[1]))
            {
                c.Fail(DiagnosticIds.ShapeMismatch, "Q " + q + ", K " + k + " and V " + v + " do not split into " + qh + " query and " + kvh + " key/value heads of one head size.");
                return null;
            }
            return (Dim.Of(qh.Value), Dim.Of(kvh.Value), q[1], k[1], headSize, vHeadSize);
        }

        /// <summary>4-D inputs carry their heads; q_num_heads and kv_num_heads, if set, must agree (revision 25 forbids them).</summary>
        private static (Dim, Dim, Dim, Dim, Dim, Dim)? Heads(InferContext c, Shape q, Shape k, Shape v)
        {
            long? qh = c.Get(QNumHeads), kvh = c.Get(KvNumHeads);
            if (c.Revision >= 25 && (qh != null || kvh != null))
            {
                c.Fail(DiagnosticIds.UnsupportedAttribute, "q_num_heads and kv_num_heads must not be set for 4-D inputs (Attention-25).");
                return null;
            }
            if ((qh != null && !q[1].Equals(Dim.Of(qh.Value))) || (kvh != null && !k[1].Equals(Dim.Of(kvh.Value))))
            {
                c.Fail(DiagnosticIds.UnsupportedAttribute, "q_num_heads=" + qh + " and kv_num_heads=" + kvh + " disagree with Q " + q + " and K " + k + ".");
                return null;
            }
            if (!v[1].Equals(k[1]) || !v[2].Equals(k[2]) || !k[3].Equals(q[3]))
            {
                c.Fail(DiagnosticIds.ShapeMismatch, "Q " + q + ", K " + k + " and V " + v + " must be [b,h,s,d], [b,kv_h,kv_s,d] and [b,kv_h,kv_s,v_d].");
                return null;
            }
            return (q[1], k[1], q[2], k[2], q[3], v[3]);
        }

        /// <summary>
        /// The mask broadcasts (right-aligned) to [batch, q_heads, q_seq, keys], except that its last dim may be shorter
        /// than the keys (the rest count as −∞). Fills its element strides along the first three axes (0 where it
        /// broadcasts or lacks the axis) and its last dim.
        /// </summary>
        private static bool MaskStrides(InferContext c, Shape mask, Dim[] leading, Dim total, List<Dim> strides, out Dim length)
        {
            length = Dim.Zero;
            if (mask.Rank < 1 || mask.Rank > 4)
                return c.Fail(DiagnosticIds.ShapeMismatch, "attn_mask " + mask + " must have rank 1 to 4.");
            length = mask[mask.Rank - 1];
            if (!Dim.ProvablyLessOrEqual(length, total))
                return c.Fail(DiagnosticIds.ShapeMismatch, "attn_mask " + mask + " has a last dim that is not provably at most the " + total + " keys.");
            Dim stride = length;
            for (int axis = 2, m = mask.Rank - 2; m >= 0; axis--, m--)
            {
                Dim d = mask[m];
                if (d.Equals(Dim.One)) strides[axis] = Dim.Zero;
                else if (d.Equals(leading[axis])) strides[axis] = stride;
                else return c.Fail(DiagnosticIds.ShapeMismatch, "attn_mask " + mask + " does not broadcast to [" + string.Join(",", leading.Select(x => x.ToString())) + "," + total + "].");
                stride *= d;
            }
            return true;
        }

        // float16 runs in float: float16 sums of exponentials and of weighted values round at every add.
        protected override void Lower(LowerContext c, AttentionPlan p)
        {
            if (!HalfInFloat.TryLower(c, (ins, outs) => Emit(c, p, ins, outs)))
                Emit(c, p, c.Node.Inputs.ToArray(), c.Node.Outputs.ToArray());
        }

        private static void Emit(LowerContext c, AttentionPlan p, Value?[] ins, Value?[] outs)
        {
            Value? In(int i) => i < ins.Length ? ins[i] : null;
            Value? Out(int i) => i < outs.Length ? outs[i] : null;
            var type = ins[0]!.Type;
            var call = c.Call("attention", type).In("q", ins[0]!).In("k", ins[1]!).In("v", ins[2]!)
                .InOrNone("mask", p.MaskKind == AdditiveMask ? In(3) : null)
                .InOrNone("boolMask", p.MaskKind == BoolMask ? In(3) : null)
                .InOrNone("pastKey", In(4)).InOrNone("pastValue", In(5)).InOrNone("nonpad", In(6))
                .Out("y", outs[0]!);
            OutOrNone(call, "presentKey", Out(1));
            OutOrNone(call, "presentValue", Out(2));
            OutOrNone(call, "qk", Out(3));
            // One block of query rows' scores (the kernel's blocked path; its row-by-row path uses the first row), at least one row.
            call.Scratch("scores", type, Dim.Min(Dim.Max(p.QSeq, 1), KernelBlockRows) * p.Total)
                .Dim("batch", p.Batch).Dim("qHeads", p.QHeads).Dim("kvHeads", p.KvHeads).Dim("qSeq", p.QSeq).Dim("kvSeq", p.KvSeq)
                .Dim("past", p.Past).Dim("headSize", p.HeadSize).Dim("vHeadSize", p.VHeadSize).Bool("packed", p.Packed)
                .Integer("maskKind", ElementType.Int32, p.MaskKind).Dim("maskLength", p.MaskLength).Dims("maskStrides", p.MaskStrides)
                .Bool("hasScale", p.Scale != null).Scalar("scale", ElementType.Float, p.Scale ?? 0f).Scalar("softcap", ElementType.Float, p.Softcap)
                .Bool("causal", p.Causal).Integer("leftWindow", ElementType.Int32, p.LeftWindow).Integer("rightWindow", ElementType.Int32, p.RightWindow)
                .Integer("qkMode", ElementType.Int32, p.QkMode).Bool("fullyMaskedRowsNaN", p.FullyMaskedRowsNaN).Threads().Emit();
        }

        /// <summary>ModelGen.Runtime.Kernels.Attention.BlockRows (the compiler does not reference the runtime).</summary>
        private const int KernelBlockRows = 64;

        /// <summary>An output operand, or an absent one (the kernel gets an empty span and skips that output).</summary>
        private static void OutOrNone(LowerContext.CallBuilder call, string name, Value? value)
        {
            if (value != null) call.Out(name, value);
            else call.InOrNone(name, null);
        }
    }
}
