using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The cache viewed as [batch, middle, maxLength, inner] and the update as [batch, middle, length, inner].</summary>
    internal sealed record TensorScatterPlan(Dim Batch, Dim Middle, Dim MaxLength, Dim Length, Dim Inner, bool Circular) : OpPlan;

    /// <summary>
    /// ONNX TensorScatter: a KV-cache update. present = past_cache with update's sequence rows written from
    /// write_indices[b] on (0 without the input) along 'axis' (default -2, never the batch axis); 'mode' circular wraps
    /// the row index, linear requires it to fit (a run-time error otherwise). Spec: https://onnx.ai/onnx/operators/onnx__TensorScatter.html
    /// </summary>
    internal sealed class TensorScatter : Op<TensorScatterPlan>
    {
        private static readonly Attr<long> Axis = Attr.Int("axis", -2);
        private static readonly Attr<string> Mode = Attr.String("mode", "linear");

        public override OpSchema Schema { get; } = new OpSchema("TensorScatter", new[] { 24 })
            .Input("past_cache", "T").Input("update", "T").Input("write_indices", "I", optional: true).Output("present_cache", "T")
            .Types("T", TypeSets.Any).Types("I", TypeSets.Int64).WithAttributes(Axis, Mode);

        public override string Summary => "writes update's sequence rows into the cache at write_indices, linear or circular, along any axis but the batch axis.";

        protected override TensorScatterPlan? Infer(InferContext c)
        {
            var cache = c.InShape(0);
            var update = c.InShape(1);
            if (cache.Rank < 2 || update.Rank != cache.Rank)
                return c.Reject<TensorScatterPlan>(DiagnosticIds.ShapeMismatch, "cache " + cache + " and update " + update + " need one rank of at least 2.");
            if (!c.Axis(c.Get(Axis), cache.Rank, "axis", out int axis)) return null;
            if (axis == 0) return c.Reject<TensorScatterPlan>(DiagnosticIds.UnsupportedAttribute, "axis may not be the batch axis 0.");
            for (int i = 0; i < cache.Rank; i++)
                if (i != axis && !cache[i].Equals(update[i]))
                    return c.Reject<TensorScatterPlan>(DiagnosticIds.ShapeMismatch, "update " + update + " differs from cache " + cache + " outside axis " + axis + ".");
            string mode = c.Get(Mode);
            if (mode != "linear" && mode != "circular")
                return c.Reject<TensorScatterPlan>(DiagnosticIds.UnsupportedAttribute, "mode=\"" + mode + "\" is neither \"linear\" nor \"circular\".");
            c.SetOutput(0, cache);
            return new TensorScatterPlan(cache[0], cache.Product(1, axis), cache[axis], update[axis], cache.Product(axis + 1, cache.Rank), mode == "circular");
        }

        protected override void Lower(LowerContext c, TensorScatterPlan p) =>
            c.Call("tensor_scatter", c.InType(0)).In("cache", c.In(0)).In("update", c.In(1)).InOrNone("writeIndices", c.Node.Input(2)).Out("present", c.Out(0))
                .Dim("batch", p.Batch).Dim("middle", p.Middle).Dim("maxLength", p.MaxLength).Dim("length", p.Length).Dim("inner", p.Inner)
                .Bool("circular", p.Circular).Emit();
    }
}
