using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// The input as [batch, heads, seq, head_size] rows (Packed: 3-D [batch, seq, heads·head_size]), the rotated
    /// width, and the caches' row count when position_ids index them.
    /// </summary>
    internal sealed record RotaryEmbeddingPlan(Dim Batch, Dim Heads, Dim Seq, Dim HeadSize, long RotaryDim, Dim CacheRows, bool Packed, bool Interleaved) : OpPlan;

    /// <summary>
    /// ONNX RotaryEmbedding: the first rotary_embedding_dim elements (default: all) of each head's row are taken as
    /// pairs (x1, x2), the two halves or adjacent elements (interleaved=1), and rotated to (cos·x1 − sin·x2,
    /// sin·x1 + cos·x2); cos and sin are rows of the caches picked by position_ids, or the caches' own
    /// [batch, seq] rows without them. Input 4-D [batch, heads, seq, head_size] or 3-D with num_heads.
    /// Spec: https://onnx.ai/onnx/operators/onnx__RotaryEmbedding.html
    /// </summary>
    internal sealed class RotaryEmbedding : Op<RotaryEmbeddingPlan>
    {
        private static readonly Attr<long> Interleaved = Attr.Int("interleaved", 0);
        private static readonly Attr<long?> NumHeads = Attr.OptionalInt("num_heads");
        private static readonly Attr<long> RotaryEmbeddingDim = Attr.Int("rotary_embedding_dim", 0);

        public override OpSchema Schema { get; } = new OpSchema("RotaryEmbedding", new[] { 23 })
            .Input("X", "T").Input("cos_cache", "T").Input("sin_cache", "T").Input("position_ids", "M", optional: true)
            .Output("Y", "T")
            .Types("T", new[] { ElementType.Float, ElementType.Float16 }).Types("M", TypeSets.Int64)
            .WithAttributes(Interleaved, NumHeads, RotaryEmbeddingDim);

        public override string Summary =>
            "rotates the first rotary_embedding_dim elements of each head (halves, or interleaved pairs) by cos/sin caches, indexed by position_ids or per [batch, seq]; 3-D (num_heads) or 4-D input; float16 in float.";

        protected override RotaryEmbeddingPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            Dim batch, heads, seq, headSize;
            if (x.Rank == 4)
            {
                batch = x[0]; heads = x[1]; seq = x[2]; headSize = x[3];
            }
            else if (x.Rank == 3)
            {
                if (!(c.Get(NumHeads) is long n) || n <= 0)
                    return c.Reject<RotaryEmbeddingPlan>(DiagnosticIds.UnsupportedAttribute, "a 3-D input needs a positive num_heads attribute.");
                var size = x[2].TryDivide(n);
                if (size == null) return c.Reject<RotaryEmbeddingPlan>(DiagnosticIds.ShapeMismatch, "the hidden size " + x[2] + " is not a multiple of num_heads=" + n + ".");
                batch = x[0]; heads = Dim.Of(n); seq = x[1]; headSize = size;
            }
            else return c.Reject<RotaryEmbeddingPlan>(DiagnosticIds.ShapeMismatch, "the input " + x + " must be 3-D or 4-D.");

            long rotary = c.Get(RotaryEmbeddingDim);
            if (rotary == 0)
            {
                if (!c.Static(headSize, "the head size")) return null;
                rotary = headSize.Value;
            }
            if (rotary < 0 || rotary % 2 != 0 || (headSize.IsStatic && rotary > headSize.Value))
                return c.Reject<RotaryEmbeddingPlan>(DiagnosticIds.UnsupportedAttribute, "the rotated width " + rotary + " must be even and at most the head size " + headSize + ".");

            Shape cos = c.InShape(1), sin = c.InShape(2);
            Dim half = Dim.Of(rotary / 2), cacheRows = Dim.Zero;
            if (!sin.Equals(cos)) return c.Reject<RotaryEmbeddingPlan>(DiagnosticIds.ShapeMismatch, "cos_cache " + cos + " and sin_cache " + sin + " differ.");
            if (c.HasInput(3))
            {
                if (!c.InShape(3).Equals(new Shape(new[] { batch, seq })) || cos.Rank != 2 || !cos[1].Equals(half))
                    return c.Reject<RotaryEmbeddingPlan>(DiagnosticIds.ShapeMismatch, "position_ids " + c.InShape(3) + " and the caches " + cos + " must be [" + batch + "," + seq + "] and [positions," + half + "].");
                cacheRows = cos[0];
            }
            else if (!cos.Equals(new Shape(new[] { batch, seq, half })))
                return c.Reject<RotaryEmbeddingPlan>(DiagnosticIds.ShapeMismatch, "without position_ids the caches " + cos + " must be [" + batch + "," + seq + "," + half + "].");

            c.SetOutput(0, x);
            return new RotaryEmbeddingPlan(batch, heads, seq, headSize, rotary, cacheRows, x.Rank == 3, c.Get(Interleaved) != 0);
        }

        protected override void Lower(LowerContext c, RotaryEmbeddingPlan p) =>
            c.Call("rotary_embedding", c.InType(0)).In("x", c.In(0)).In("cos", c.In(1)).In("sin", c.In(2)).InOrNone("positionIds", c.Node.Input(3))
                .Out("y", c.Out(0)).Dim("batch", p.Batch).Dim("heads", p.Heads).Dim("seq", p.Seq).Dim("headSize", p.HeadSize)
                .Integer("rotaryDim", ElementType.Int32, p.RotaryDim).Dim("cacheRows", p.CacheRows).Bool("interleaved", p.Interleaved).Bool("packed", p.Packed).Emit();
    }
}
