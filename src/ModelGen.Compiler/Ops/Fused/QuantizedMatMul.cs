using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Definitions;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Fused
{
    /// <summary>
    /// The product a <see cref="QuantizedMatMul"/> computes (its plan as inferred with the plain B), its output's shape
    /// and type, and for a QLinearMatMul its requantisation's [outer, channels, inner] (null Requantize: the int32
    /// product is the output, as MatMulInteger's).
    /// </summary>
    internal sealed record QuantizedMatMulPlan(MatMulPlan MatMul, Shape Output, ElementType OutputType, QLinearMatMulPlan? Requantize) : OpPlan
    {
        /// <summary>Rows of the one tall product: every batch's m rows (B is 2-D, so A's batches are contiguous).</summary>
        public Dim Rows => MatMul.Batch.Dims.Aggregate(MatMul.M, (a, d) => a * d);
    }

    /// <summary>
    /// ai.modelgen::QuantizedMatMul, made by <see cref="Passes.PackQuantizedProducts"/> and never read from a model: a
    /// MatMulInteger or QLinearMatMul whose B is 2-D, multiplying the 8-bit operands as they are (VNNI, AVX2 or scalar
    /// tiles of ModelGen.Runtime.Kernels.QuantizedGemm) with B as <see cref="PackQuantizedB"/> packed it, at load time
    /// when B is a weight. Inputs: A, packed B, B's column terms, a_zero_point, then for a QLinearMatMul a_scale,
    /// b_scale, y_scale and y_zero_point.
    /// // MatMulInteger(A, B, za, zb) -> QuantizedMatMul(A, PackQuantizedB(B, zb), za)
    /// // QLinearMatMul(a, sa, za, b, sb, zb, sy, zy) -> QuantizedMatMul(a, PackQuantizedB(b, zb), za, sa, sb, sy, zy)
    /// </summary>
    internal sealed class QuantizedMatMul : Op<QuantizedMatMulPlan>
    {
        public const string OpName = "QuantizedMatMul";

        public static readonly QuantizedMatMul Instance = new QuantizedMatMul();

        public override OpSchema Schema { get; } = new OpSchema(OpName, new[] { 1 }, FusedProduct.DomainName)
            .Input("A", "T1").Input("packed", "TP").Input("terms", "TI").Input("a_zero_point", "T1", optional: true)
            .Input("a_scale", "TS", optional: true).Input("b_scale", "TS", optional: true).Input("y_scale", "TS", optional: true)
            .Input("y_zero_point", "T3", optional: true).Output("Y", "T3")
            .Types("T1", Common.QuantTypes.EightBit).Types("TP", new[] { ElementType.UInt8 }).Types("TI", new[] { ElementType.Int32 })
            .Types("TS", Common.QuantTypes.Scale).Types("T3", Common.QuantTypes.EightBit.Append(ElementType.Int32).ToArray());

        public override string Summary => "an 8-bit MatMulInteger or QLinearMatMul over B packed for the int8 tiles (at load time for a weight).";

        protected override QuantizedMatMulPlan? Infer(InferContext c)
        {
            if (!(c.Node.Plan is QuantizedMatMulPlan p)) return null;
            c.SetOutput(0, p.OutputType, p.Output);
            return p;
        }

        protected override void Lower(LowerContext c, QuantizedMatMulPlan p)
        {
            var y = p.Requantize == null ? c.Out(0) : c.Temporary("acc.i32", ElementType.Int32, c.OutShape(0));
            c.Call("quant.matmul", c.InType(0)).In("a", c.In(0)).InOrNone("zeroPoint", c.Node.Input(3)).In("packed", c.In(1)).In("terms", c.In(2))
                .Out("y", y).Dim("rows", p.Rows).Dim("n", p.MatMul.N).Dim("k", p.MatMul.K).Threads().Emit();
            if (p.Requantize != null) QLinearMatMul.Requantize(c, p.Requantize, y, c.In(4), c.In(5), c.In(6), c.In(7), c.Out(0));
        }
    }

    /// <summary>The depth and width of the B a node packs.</summary>
    internal sealed record PackQuantizedBPlan(int K, int N) : OpPlan;

    /// <summary>
    /// ai.modelgen::PackQuantizedB: an 8-bit B [k, n] and its zero point (absent, per tensor or per column) → the
    /// panels of 16 columns × 4 k that the int8 tiles read (ModelGen.Runtime.Kernels.QuantizedGemm.PackB, as int16 pairs
    /// or, where the CPU has AVX-VNNI, as bytes in the first half), and the int32
    /// column terms [2n]. Over a weight, the load-time stage runs it once per process.
    /// </summary>
    internal sealed class PackQuantizedB : Op<PackQuantizedBPlan>
    {
        public const string OpName = "PackQuantizedB";

        /// <summary>ModelGen.Runtime.Kernels.QuantizedGemm.Panel (the compiler does not reference the runtime).</summary>
        private const int Panel = 16;

        public static readonly PackQuantizedB Instance = new PackQuantizedB();

        public override OpSchema Schema { get; } = new OpSchema(OpName, new[] { 1 }, FusedProduct.DomainName)
            .Input("B", "T").Input("b_zero_point", "T", optional: true).Output("packed", "TP").Output("terms", "TI")
            .Types("T", Common.QuantTypes.EightBit).Types("TP", new[] { ElementType.UInt8 }).Types("TI", new[] { ElementType.Int32 });

        public override string Summary => "an 8-bit MatMul's B packed into the int8 tiles' panels, with its column terms.";

        protected override PackQuantizedBPlan? Infer(InferContext c)
        {
            var b = c.InShape(0);
            if (b.Rank != 2 || !b.IsStatic) return null;
            int k = (int)b[0].Value, n = (int)b[1].Value;
            // Per group of 4 k, 16 columns × 4 k as int16 (the runtime's pair layout; its byte layout uses the first half).
            c.SetOutput(0, ElementType.UInt8, Shape.Of((n + Panel - 1) / Panel, (k + 3) / 4, Panel * 4 * 2));
            c.SetOutput(1, ElementType.Int32, Shape.Of(2 * n));
            return new PackQuantizedBPlan(k, n);
        }

        protected override void Lower(LowerContext c, PackQuantizedBPlan p) =>
            c.Call("quant.pack_b", c.InType(0)).In("b", c.In(0)).InOrNone("zeroPoint", c.Node.Input(1)).Out("packed", c.Out(0)).Out("terms", c.Out(1))
                .Dim("k", p.K).Dim("n", p.N).Emit();
    }
}
