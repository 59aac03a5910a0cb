using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Definitions;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Fused
{
    /// <summary>
    /// The product op's own plan, the epilogue over (acc) or (acc, r) it applies to each output block, the input
    /// that holds the residual r (-1 without one), and (FusedMatMul only) the input that holds a per-column bias that
    /// the product starts from (-1 without one).
    /// </summary>
    internal sealed record FusedProductPlan(OpPlan Inner, BoundExpr Epilogue, int ResidualInput, int BiasInput = -1) : OpPlan;

    /// <summary>
    /// The compiler's own Conv, ConvTranspose, Gemm and MatMul with an epilogue (ai.modelgen FusedConv,
    /// FusedConvTranspose, FusedGemm, FusedMatMul, made by <see cref="Passes.EpilogueFusion"/>, never read from a
    /// model): the inner op's inputs, attributes and plan, for FusedMatMul an optional per-column bias (like Gemm's C:
    /// the product starts from it), then an optional residual input of exactly the output's shape; the kernel applies
    /// the epilogue, e.g. max(acc + r, 0), to each block of its output while that block is still in cache. One
    /// instance per node: it carries the node's epilogue, so that inference can run again on the node.
    /// </summary>
    internal sealed class FusedProduct : Op<FusedProductPlan>
    {
        public const string DomainName = "ai.modelgen";

        private readonly OpDefinition _inner;
        private readonly BoundExpr _epilogue;

        public FusedProduct(OpDefinition inner, BoundExpr epilogue)
        {
            _inner = inner;
            _epilogue = epilogue;
            var schema = new OpSchema("Fused" + inner.OpType, new[] { 1 }, DomainName);
            foreach (var p in inner.Schema.Inputs.Where(p => p.AppliesTo(inner.Schema.Revisions[inner.Schema.Revisions.Count - 1])))
                schema.Input(p.Name, "T", optional: p.IsOptional);
            if (inner.OpType == "MatMul") schema.Input("Bias", "T", optional: true);
            Schema = schema.Input("R", "T", optional: true).Output("Y", "T").Types("T", TypeSets.Float);
        }

        /// <summary>The op types that take an epilogue.</summary>
        public static bool Takes(string opType) => opType == "Conv" || opType == "ConvTranspose" || opType == "Gemm" || opType == "MatMul";

        /// <summary>Where the residual goes: after the inner op's inputs (Conv and ConvTranspose X, W, B; Gemm A, B, C; MatMul A, B, Bias).</summary>
        public static int ResidualIndex(string innerOpType) => 3;

        /// <summary>Where FusedMatMul's per-column bias goes (the other products have a bias input of their own).</summary>
        public const int MatMulBiasIndex = 2;

        /// <summary>
        /// Whether <paramref name="bias"/> adds one value per column of <paramref name="output"/> (the last axis) and
        /// does not widen it: [n], [1, n], [1, 1, n]..., n being the output's last dim.
        /// </summary>
        public static bool IsPerColumn(Shape bias, Shape output) =>
            output.Rank >= 1 && bias.Rank >= 1 && bias.Rank <= output.Rank && bias[bias.Rank - 1].Equals(output[output.Rank - 1]) &&
            Enumerable.Range(0, bias.Rank - 1).All(d => bias[d].Equals(Dim.One));

        public OpDefinition Inner => _inner;

        public BoundExpr Epilogue => _epilogue;

        public override OpSchema Schema { get; }

        public override string Summary => _inner.OpType + " with an epilogue computed in its output loop.";

        public override string SpecUrl => _inner.SpecUrl;

        protected override FusedProductPlan? Infer(InferContext c)
        {
            var inner = _inner.InferPlan(c);
            if (inner == null) return null;
            var output = c.Node.Outputs[0]!.Shape!;
            int bias = -1;
            if (_inner.OpType == "MatMul" && c.HasInput(MatMulBiasIndex))
            {
                if (c.InShape(1).Rank < 2 || !IsPerColumn(c.InShape(MatMulBiasIndex), output))
                    return c.Reject<FusedProductPlan>(DiagnosticIds.InternalError, "the bias " + c.InShape(MatMulBiasIndex) + " is not one value per column of " + output + ".");
                bias = MatMulBiasIndex;
            }
            int r = ResidualIndex(_inner.OpType);
            if (!c.HasInput(r)) return new FusedProductPlan(inner, _epilogue, -1, bias);
            if (!c.InShape(r).Equals(output))
                return c.Reject<FusedProductPlan>(DiagnosticIds.InternalError, "the residual " + c.InShape(r) + " does not have the output's shape " + output + ".");
            return new FusedProductPlan(inner, _epilogue, r, bias);
        }

        protected override void Lower(LowerContext c, FusedProductPlan p)
        {
            // float16 runs in float (HalfInFloat widens the residual with the other inputs); so does its epilogue.
            var wide = p.Epilogue.Retyped(ElementType.Float16, ElementType.Float);
            if (!HalfInFloat.TryLower(c, (ins, outs) => LowerIn(c, p, wide, ins, outs[0]!)))
                LowerIn(c, p, p.Epilogue, c.Node.Inputs.ToArray(), c.Out(0));
        }

        private static void LowerIn(LowerContext c, FusedProductPlan p, BoundExpr epilogue, Value?[] ins, Value y)
        {
            Value? In(int i) => i < ins.Length ? ins[i] : null;
            // A FusedMatMul that only took a bias has the epilogue "acc": no epilogue pass at all.
            var e = epilogue.IsArg && p.ResidualInput < 0 ? null : new Epilogue(epilogue, p.ResidualInput >= 0 ? In(p.ResidualInput) : null);
            switch (p.Inner)
            {
                case ConvPlan conv:
                    Definitions.Conv.Lower(c, conv, In(0)!, In(1)!, In(2), y, e);
                    break;
                case GemmPlan gemm:
                    Definitions.Gemm.Lower(c, gemm, In(0)!, In(1)!, In(2), y, e);
                    break;
                case ConvTransposePlan transpose:
                    Definitions.ConvTranspose.Lower(c, transpose, In(0)!, In(1)!, In(2), y, e);
                    break;
                case MatMulPlan matmul:
                    Definitions.MatMul.Lower(c, matmul, In(0)!, In(1)!, y, e, p.BiasInput >= 0 ? In(p.BiasInput) : null);
                    break;
                default:
                    throw new System.InvalidOperationException("No fused form of " + p.Inner.GetType().Name + ".");
            }
        }
    }

    /// <summary>An epilogue for a product kernel's call: the function over (acc) or (acc, r) and the residual r, if any.</summary>
    internal sealed record Epilogue(BoundExpr Function, Value? Residual)
    {
        /// <summary>Adds the residual operand and the function to a call, after the kernel's other inputs; nothing without an epilogue.</summary>
        public static LowerContext.CallBuilder Add(LowerContext.CallBuilder call, Epilogue? e) =>
            e == null ? call : call.InOrNone("residual", e.Residual).Expr("epilogue", e.Function);
    }
}
