using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Definitions;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Fused
{
    /// <summary>The Gemm a <see cref="PackedGemm"/> computes (its plan with the plain B), its output shape, its epilogue (null: none) and which inputs hold C and the residual (-1: none).</summary>
    internal sealed record PackedGemmPlan(GemmPlan Gemm, Shape Output, BoundExpr? Epilogue, int CInput, int ResidualInput) : OpPlan;

    /// <summary>
    /// ai.modelgen::PackedGemm, made by <see cref="Passes.PackConstantB"/> and never read from a model: a float Gemm (or
    /// FusedGemm) whose B is a 2-D weight, reading B as the load-time stage packed it (transB folded into the packing):
    /// // Gemm(A, W, C) {transB} -> PackedGemm(A, PackMatMulB(W) {transposed = transB}, C)
    /// The plan is the pass's (B's packed shape is not one Gemm's inference reads).
    /// </summary>
    internal sealed class PackedGemm : Op<PackedGemmPlan>
    {
        public const string OpName = "PackedGemm";

        public static readonly PackedGemm Instance = new PackedGemm();

        public override OpSchema Schema { get; } = new OpSchema(OpName, new[] { 1 }, FusedProduct.DomainName)
            .Input("A", "T").Input("B", "T").Input("C", "T", optional: true).Input("R", "T", optional: true).Output("Y", "T")
            .Types("T", new[] { ElementType.Float });

        public override string Summary => "a float Gemm by a weight that the load-time stage packed into the GEMM kernels' panels.";

        protected override PackedGemmPlan? Infer(InferContext c)
        {
            if (!(c.Node.Plan is PackedGemmPlan p)) return null;
            c.SetOutput(0, ElementType.Float, p.Output);
            return p;
        }

        protected override void Lower(LowerContext c, PackedGemmPlan p)
        {
            var g = p.Gemm;
            var epilogue = p.Epilogue == null ? null : new Epilogue(p.Epilogue, p.ResidualInput >= 0 ? c.Node.Input(p.ResidualInput) : null);
            Epilogue.Add(c.Call("gemm.packed", ElementType.Float).In("a", c.In(0)).In("packedB", c.In(1))
                    .InOrNone("c", p.CInput >= 0 ? c.Node.Input(p.CInput) : null), epilogue)
                .Out("y", c.Out(0)).Dim("m", g.M).Dim("n", g.N).Dim("k", g.K).Bool("transA", g.TransA)
                .Scalar("alpha", ElementType.Float, g.Alpha).Scalar("beta", ElementType.Float, g.Beta)
                .Dim("cRowStride", g.CRowStride).Dim("cColStride", g.CColStride).Threads().Emit();
        }
    }
}
