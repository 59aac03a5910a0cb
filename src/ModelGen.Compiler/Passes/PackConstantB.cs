using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Definitions;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Fused;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// A float MatMul or Gemm (or their fused forms) whose B is a 2-D weight reads B packed once at load time into the
    /// GEMM kernels' panels, instead of packing it again on every call:
    /// // MatMul(A, W) -> PackedMatMul(A, PackMatMulB(W))       Gemm(A, W, C) {transB} -> PackedGemm(A, PackMatMulB(W) {transposed = transB}, C)
    /// The packing reads only a weight, so the load-time stage moves it out of the run. Left alone: products of a few
    /// rows (the GEMV path streams B once without packing it), narrow or shallow B (under 32 columns or rows), and
    /// a B with batch dims.
    /// </summary>
    internal sealed class PackConstantB : IPass
    {
        /// <summary>Rows below which the product streams B instead of packing it (ModelGen.Runtime.Kernels.Gemm's SmallM).</summary>
        private const int FewRows = 4;

        private readonly ProblemBag _problems;

        public PackConstantB(ProblemBag problems) { _problems = problems; }

        public string Name => "pack-constant-b";

        public bool IsRequired => false;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            foreach (var scope in g.Scopes().ToList())
                foreach (var n in scope.Nodes.ToList())
                {
                    bool rewritten;
                    if (Takes(n) is PackedMatMulPlan matmul) rewritten = Rewrite(scope, n, matmul);
                    else if (TakesGemm(n) is PackedGemmPlan gemm) rewritten = Rewrite(scope, n, gemm);
                    else continue;
                    if (!rewritten) return changed;
                    changed++;
                    log.Fused("packed-b");
                }
            return changed;
        }

        /// <summary>The plan of the PackedMatMul a node becomes, or null when it stays.</summary>
        private static PackedMatMulPlan? Takes(Node n)
        {
            MatMulPlan? m;
            BoundExpr? epilogue = null;
            int bias = -1, residual = -1;
            if (n.OpType == "MatMul" && n.Domain.Length == 0) m = n.Plan as MatMulPlan;
            else if (n.Op is FusedProduct f && f.Inner.OpType == "MatMul" && n.Plan is FusedProductPlan { Inner: MatMulPlan inner } fp)
            {
                m = inner;
                // A FusedMatMul that only took a bias has the epilogue "acc": no epilogue pass at all.
                epilogue = fp.Epilogue.IsArg && fp.ResidualInput < 0 ? null : fp.Epilogue;
                bias = fp.BiasInput;
                residual = fp.ResidualInput;
            }
            else return null;
            var a = n.Input(0);
            var b = n.Input(1);
            var y = n.Output(0);
            if (m == null || a?.Type != ElementType.Float || a.Shape == null || a.Shape.Rank < 2 || b == null || !b.IsWeightLike || y?.Shape == null) return null;
            if (b.Shape == null || b.Shape.Rank != 2 || !b.Shape.IsStatic || m.BBatch.Rank != 0) return null;
            if (b.Shape[0].Value < PackMatMulB.Panel || b.Shape[1].Value < PackMatMulB.Panel) return null;
            var plan = new PackedMatMulPlan(m, y.Shape, epilogue, bias, residual);
            return plan.Rows.IsStatic && plan.Rows.Value < FewRows ? null : plan;
        }

        /// <summary>The plan of the PackedGemm a Gemm or FusedGemm becomes (rows of A known to be many, B a 2-D weight), or null when it stays.</summary>
        private static PackedGemmPlan? TakesGemm(Node n)
        {
            GemmPlan? g;
            BoundExpr? epilogue = null;
            int residual = -1;
            if (n.OpType == "Gemm" && n.Domain.Length == 0) g = n.Plan as GemmPlan;
            else if (n.Op is FusedProduct f && f.Inner.OpType == "Gemm" && n.Plan is FusedProductPlan { Inner: GemmPlan inner } fp)
            {
                g = inner;
                epilogue = fp.Epilogue.IsArg && fp.ResidualInput < 0 ? null : fp.Epilogue;
                residual = fp.ResidualInput;
            }
            else return null;
            var b = n.Input(1);
            var y = n.Output(0);
            if (g == null || n.Input(0)?.Type != ElementType.Float || b == null || !b.IsWeightLike || b.Shape == null || !b.Shape.IsStatic || y?.Shape == null) return null;
            if (!g.N.IsStatic || !g.K.IsStatic || g.N.Value < PackMatMulB.Panel || g.K.Value < PackMatMulB.Panel || (g.M.IsStatic && g.M.Value < FewRows)) return null;
            return new PackedGemmPlan(g, y.Shape, epilogue, n.Input(2) != null ? 2 : -1, residual);
        }

        private bool Rewrite(Graph scope, Node n, PackedGemmPlan plan)
        {
            var c = plan.CInput >= 0 ? n.Input(plan.CInput) : null;
            var residual = plan.ResidualInput >= 0 ? n.Input(plan.ResidualInput) : null;
            var packed = Pack(scope, n, plan.Gemm.TransB, out var next, out var name, out var attributes);
            if (packed == null) return false;
            var inputs = new List<Value?> { n.Input(0), packed };
            if (c != null || residual != null) inputs.Add(c);
            if (residual != null) inputs.Add(residual);
            var rewritten = plan with { CInput = c != null ? 2 : -1, ResidualInput = residual != null ? 3 : -1 };
            return InternalNodes.Insert(scope, name, PackedGemm.Instance, inputs, new[] { n.Output(0) }, next, _problems, Name, rewritten, attributes) != null;
        }

        private bool Rewrite(Graph scope, Node n, PackedMatMulPlan plan)
        {
            var bias = plan.BiasInput >= 0 ? n.Input(plan.BiasInput) : null;
            var residual = plan.ResidualInput >= 0 ? n.Input(plan.ResidualInput) : null;
            var packed = Pack(scope, n, transposed: false, out var next, out var name, out var attributes);
            if (packed == null) return false;
            // Inputs A, packed B, then the bias and the residual where present (an empty slot before a residual without a bias).
            var inputs = new List<Value?> { n.Input(0), packed };
            if (bias != null || residual != null) inputs.Add(bias);
            if (residual != null) inputs.Add(residual);
            var rewritten = plan with { BiasInput = bias != null ? 2 : -1, ResidualInput = residual != null ? 3 : -1 };
            return InternalNodes.Insert(scope, name, PackedMatMul.Instance, inputs, new[] { n.Output(0) }, next, _problems, Name, rewritten, attributes) != null;
        }

        /// <summary>
        /// Erases the product node (its inputs and output stay, read by the caller's new node) and adds the packing of its
        /// B in its place; the packed value, or null when the packing does not infer.
        /// </summary>
        private Value? Pack(Graph scope, Node n, bool transposed, out Node? next, out string name, out List<NodeAttribute> attributes)
        {
            var b = n.Input(1)!;
            attributes = n.Attributes.Values.ToList();
            int at = scope.Nodes.IndexOf(n);
            next = at + 1 < scope.Nodes.Count ? scope.Nodes[at + 1] : null;
            name = n.Name;
            scope.Erase(n);
            var packed = scope.AddFreshValue(name + "_packed_b", ValueKind.Computed);
            var flag = new NodeAttribute(PackMatMulB.Transposed.Name, AttributeKind.Int) { Int = transposed ? 1 : 0 };
            return InternalNodes.Insert(scope, scope.FreshNodeName(name + "_pack"), PackMatMulB.Instance, new[] { b }, new[] { packed }, next, _problems, Name,
                attributes: transposed ? new[] { flag } : null) == null ? null : packed;
        }
    }
}
