using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Definitions;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Fused
{
    /// <summary>
    /// The MatMul a <see cref="PackedMatMul"/> computes (its plan as inferred with the plain B), its output shape, the
    /// epilogue it took from a FusedMatMul (null: none) and which inputs hold the bias row and the residual (-1: none).
    /// </summary>
    internal sealed record PackedMatMulPlan(MatMulPlan MatMul, Shape Output, BoundExpr? Epilogue, int BiasInput, int ResidualInput) : OpPlan
    {
        /// <summary>Rows of the one tall product: every batch's m rows (B is 2-D, so A's batches are contiguous).</summary>
        public Dim Rows => MatMul.Batch.Dims.Aggregate(MatMul.M, (a, d) => a * d);
    }

    /// <summary>
    /// ai.modelgen::PackedMatMul, made by <see cref="Passes.PackConstantB"/> and never read from a model: a float MatMul
    /// (or FusedMatMul) whose B is a 2-D weight, reading B as the load-time stage packed it
    /// (<see cref="PackMatMulB"/>), so that no call packs B again:
    /// // MatMul(A, W) -> PackedMatMul(A, PackMatMulB(W))      FusedMatMul(A, W, bias, R) -> PackedMatMul(A, PackMatMulB(W), bias, R)
    /// The plan is the pass's (B's packed shape is not one MatMul's inference reads).
    /// </summary>
    internal sealed class PackedMatMul : Op<PackedMatMulPlan>
    {
        public const string OpName = "PackedMatMul";

        public static readonly PackedMatMul Instance = new PackedMatMul();

        public override OpSchema Schema { get; } = new OpSchema(OpName, new[] { 1 }, FusedProduct.DomainName)
            .Input("A", "T").Input("B", "T").Input("Bias", "T", optional: true).Input("R", "T", optional: true).Output("Y", "T")
            .Types("T", new[] { ElementType.Float });

        public override string Summary => "a float MatMul by a weight that the load-time stage packed into the GEMM kernels' panels.";

        protected override PackedMatMulPlan? Infer(InferContext c)
        {
            if (!(c.Node.Plan is PackedMatMulPlan p)) return null;
            c.SetOutput(0, ElementType.Float, p.Output);
            return p;
        }

        protected override void Lower(LowerContext c, PackedMatMulPlan p)
        {
            var epilogue = p.Epilogue == null ? null : new Epilogue(p.Epilogue, p.ResidualInput >= 0 ? c.Node.Input(p.ResidualInput) : null);
            Epilogue.Add(c.Call("matmul.packed", ElementType.Float).In("a", c.In(0)).In("packedB", c.In(1))
                    .InOrNone("bias", p.BiasInput >= 0 ? c.Node.Input(p.BiasInput) : null), epilogue)
                .Out("y", c.Out(0)).Dim("rows", p.Rows).Dim("n", p.MatMul.N).Dim("k", p.MatMul.K).Threads().Emit();
        }
    }

    /// <summary>The depth and width of the B a node packs, and whether it is stored [n, k] (Gemm's transB).</summary>
    internal sealed record PackMatMulBPlan(int K, int N, bool Transposed) : OpPlan;

    /// <summary>
    /// ai.modelgen::PackMatMulB {transposed}: a weight B [k, n] (or [n, k]) → ⌈n/32⌉ panels of k × 32 (ModelGen.Runtime.Kernels.Gemm.PackB), the
    /// layout the GEMM micro-kernels stream. Its input is a weight, so the load-time stage runs it once per process.
    /// </summary>
    internal sealed class PackMatMulB : Op<PackMatMulBPlan>
    {
        public const string OpName = "PackMatMulB";

        /// <summary>ModelGen.Runtime.Kernels.Gemm.PackedPanel (the compiler does not reference the runtime).</summary>
        public const int Panel = 32;

        public static readonly PackMatMulB Instance = new PackMatMulB();

        /// <summary>1 when B is stored [n, k].</summary>
        public static readonly Attr<long> Transposed = Attr.Int("transposed", 0);

        public override OpSchema Schema { get; } = new OpSchema(OpName, new[] { 1 }, FusedProduct.DomainName)
            .Input("B", "T").Output("packed", "T").Types("T", new[] { ElementType.Float }).WithAttributes(Transposed);

        public override string Summary => "a MatMul's constant B packed into GEMM panels, at load time.";

        protected override PackMatMulBPlan? Infer(InferContext c)
        {
            var b = c.InShape(0);
            if (b.Rank != 2 || !b.IsStatic) return null;
            bool transposed = c.Get(Transposed) != 0;
            int k = (int)b[transposed ? 1 : 0].Value, n = (int)b[transposed ? 0 : 1].Value;
            c.SetOutput(0, ElementType.Float, Shape.Of((n + Panel - 1) / Panel, k, Panel));
            return new PackMatMulBPlan(k, n, transposed);
        }

        protected override void Lower(LowerContext c, PackMatMulBPlan p) =>
            c.Call("gemm.pack_b", ElementType.Float).In("b", c.In(0)).Out("packed", c.Out(0))
                .Dim("k", p.K).Dim("n", p.N).Bool("transposed", p.Transposed).Emit();
    }
}
