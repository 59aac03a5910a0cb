using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Definitions;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Fused
{
    /// <summary>The wrapped Conv's plan (a <see cref="ConvPlan"/>, or a <see cref="FusedProductPlan"/> over one) and that Conv's plan.</summary>
    internal sealed record ChannelsLastConvPlan(OpPlan Inner, ConvPlan Conv) : OpPlan;

    /// <summary>
    /// The compiler's own Conv writing its output channels-last (ai.modelgen ChannelsLastConv {layout = "channels-last"},
    /// made by <see cref="Passes.Layout.ChannelsLastConvOutput"/>, never read from a model):
    /// // Transpose(Conv(x, W, B), [0, 2, .., r-1, 1]) -> ChannelsLastConv(x, W, B)
    /// y[b, spatial..., oc] is the Conv's y[b, oc, spatial...]; the kernel writes each GEMM tile transposed, so no
    /// reorder runs. Wraps a Conv or a FusedConv without a residual (its epilogue is elementwise, so it applies in
    /// either layout); only the GEMM algorithms (<see cref="Definitions.Conv.WritesChannelsLast"/>).
    /// </summary>
    internal sealed class ChannelsLastConv : Op<ChannelsLastConvPlan>
    {
        public const string OpName = "ChannelsLastConv";

        private readonly OpDefinition _inner;

        public ChannelsLastConv(OpDefinition inner)
        {
            _inner = inner;
            var schema = new OpSchema(OpName, new[] { 1 }, FusedProduct.DomainName);
            foreach (var p in inner.Schema.Inputs.Where(p => p.AppliesTo(inner.Schema.Revisions[inner.Schema.Revisions.Count - 1])))
                schema.Input(p.Name, "T", optional: p.IsOptional);
            Schema = schema.Output("Y", "T").Types("T", TypeSets.Float);
        }

        /// <summary>The perm of a Transpose from channels-first to channels-last: [0, 2, .., rank-1, 1].</summary>
        public static int[] Perm(int rank) => new[] { 0 }.Concat(Enumerable.Range(2, rank - 2)).Concat(new[] { 1 }).ToArray();

        /// <summary>The Conv plan inside a Conv's or a FusedConv's plan, when that Conv can write channels-last; null otherwise.</summary>
        public static ConvPlan? Wrappable(OpPlan? plan) => plan switch
        {
            ConvPlan conv when Definitions.Conv.WritesChannelsLast(conv) => conv,
            FusedProductPlan { ResidualInput: < 0, Inner: ConvPlan conv } when Definitions.Conv.WritesChannelsLast(conv) => conv,
            _ => null,
        };

        public OpDefinition Inner => _inner;

        public override OpSchema Schema { get; }

        public override string Summary => _inner.OpType + " writing its output channels-last.";

        public override string SpecUrl => _inner.SpecUrl;

        protected override ChannelsLastConvPlan? Infer(InferContext c)
        {
            var inner = _inner.InferPlan(c);
            if (inner == null) return null;
            var conv = Wrappable(inner);
            if (conv == null) return c.Reject<ChannelsLastConvPlan>(DiagnosticIds.InternalError, "this " + _inner.OpType + " cannot write its output channels-last.");
            var y = c.Node.Outputs[0]!;
            var first = y.Shape!;
            c.SetOutput(0, y.Type, new Shape(Perm(first.Rank).Select(a => first[a])));
            return new ChannelsLastConvPlan(inner, conv);
        }

        protected override void Lower(LowerContext c, ChannelsLastConvPlan p)
        {
            var function = (p.Inner as FusedProductPlan)?.Epilogue;
            // float16 runs in float (HalfInFloat widens the inputs and narrows the channels-last output elementwise); so does its epilogue.
            var wide = function?.Retyped(ElementType.Float16, ElementType.Float);
            if (!HalfInFloat.TryLower(c, (ins, outs) => Definitions.Conv.Lower(c, p.Conv, ins[0]!, ins[1]!, ins.Length > 2 ? ins[2] : null, outs[0]!,
                    wide == null ? null : new Epilogue(wide, null), channelsLast: true)))
                Definitions.Conv.Lower(c, p.Conv, c.In(0), c.In(1), c.Node.Input(2), c.Out(0), function == null ? null : new Epilogue(function, null), channelsLast: true);
        }
    }
}
