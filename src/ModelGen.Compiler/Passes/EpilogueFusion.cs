using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Fused;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// Moves the elementwise ops that follow a Conv, ConvTranspose, Gemm or MatMul into the product's kernel, which
    /// applies them to each block of its output while the block is still in cache (<see cref="FusedProduct"/>):
    /// // Relu(Conv(x, W, B))                 -> FusedConv(x, W, B) {epilogue = "max(acc, 0)"}
    /// // Relu(Add(Conv(x, W, B), r))         -> FusedConv(x, W, B, r) {epilogue = "max(acc + r, 0)"}    (ResNet)
    /// // Clip(Conv(x, W, B), 0, 6)           -> FusedConv(x, W, B) {epilogue = "min(max(acc, 0), 6)"}   (MobileNet)
    /// // Gelu(Gemm(A, B, C))                 -> FusedGemm(A, B, C) {epilogue = gelu's expression over acc}
    /// // Relu(ConvTranspose(x, W, B))        -> FusedConvTranspose(x, W, B) {epilogue = "max(acc, 0)"}
    /// // Add(MatMul(A, B), bias)             -> FusedMatMul(A, B, bias) {epilogue = "acc"}     bias [n], [1, n]...: per column
    /// // Mul(c, Sigmoid(c)), c = Conv(x, W, B) -> FusedConv(x, W, B) {epilogue = "acc*(1/(1 + exp(-acc)))"}   (Swish/SiLU)
    /// The Swish reads the product twice; elementwise fusion first makes it one FusedElementwise node reading it once,
    /// which this pass then takes like any elementwise op (on the pass manager's next round).
    /// The bias Add is the BERT projection ([B,S,H] × [H,H] + bias[H]; a rank-2 one became a Gemm in
    /// <see cref="ScaleIntoProducer"/>): the kernel starts y from the bias, so only a MatMul without an epilogue yet takes one.
    /// One op is absorbed per step, so a chain composes: each elementwise op whose operands are the product (acc),
    /// scalar constants (which become literals) and at most one residual tensor of exactly the product's shape
    /// (r) replaces its arguments by those, its expression becoming the new epilogue. Per-channel constants were
    /// already folded into the weights by <see cref="ScaleIntoProducer"/>. Only when the product has one reader
    /// and is not a graph output, for float, double and float16, and where the op computes in the product's type.
    /// </summary>
    internal sealed class EpilogueFusion : IPass
    {
        /// <summary>An epilogue larger than this many sub-expressions is left as it is (a generated struct per chain).</summary>
        private const int MaxTerms = 96;

        private readonly ProblemBag _problems;

        public EpilogueFusion(ProblemBag problems) { _problems = problems; }

        public string Name => "epilogue-fusion";

        public bool IsRequired => false;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            foreach (var scope in g.Scopes().ToList())
                foreach (var n in scope.Nodes.ToList())
                {
                    var producer = n;
                    while (scope.Nodes.Contains(producer))
                    {
                        var (fused, kind) = Absorb(scope, producer);
                        if (fused == null) break;
                        changed++;
                        log.Fused(kind);
                        producer = fused;
                    }
                }
            return changed;
        }

        private static bool IsFloat(ElementType t) => t == ElementType.Float || t == ElementType.Double || t == ElementType.Float16;

        /// <summary>The product op a node computes (Conv, Gemm, MatMul, or a fused one's inner op), or null.</summary>
        private static OpDefinition? ProductOf(Node n)
        {
            if (n.Op is FusedProduct f) return f.Inner;
            if (n.Domain.Length == 0 && n.Op != null && n.Plan != null && FusedProduct.Takes(n.OpType)) return n.Op;
            return null;
        }

        /// <summary>Fuses the elementwise op reading <paramref name="producer"/> into it; the new node and the fusion's kind ("conv+relu"), or null.</summary>
        private (Node? Fused, string Kind) Absorb(Graph scope, Node producer)
        {
            var inner = ProductOf(producer);
            if (inner == null || producer.Outputs.Count != 1 || producer.Output(0) == null) return (null, "");
            var y = producer.Output(0)!;
            if (y.Shape == null || !IsFloat(y.Type) || y.Consumers.Count != 1 || y.IsGraphOutput || scope.Outputs.Contains(y)) return (null, "");
            var op = y.Consumers[0];
            if (op.Scope != scope || op.Outputs.Count != 1 || op.Output(0) == null) return (null, "");
            var ep = Pointwise(op);
            if (ep == null) return (null, "");
            var z = op.Output(0)!;
            var type = y.Type;
            // One type throughout: the op computes in the product's type and writes it; no broadcasting widens the product.
            if (z.Type != type || ep.Expr.Type != type || ep.Expr.Arguments().Any(a => a.Type != type) || !ep.Output.Equals(y.Shape)) return (null, "");
            var bias = MatMulBias(producer, inner, op, y);
            if (bias != null) return (Replace(scope, producer, inner, op, z, BoundExpr.Argument(0, "acc", type), bias, null), "matmul+bias");

            int residualIndex = FusedProduct.ResidualIndex(inner.OpType);
            var current = producer.Op is FusedProduct f ? f.Epilogue : BoundExpr.Argument(0, "acc", type);
            var residual = producer.Op is FusedProduct ? producer.Input(residualIndex) : null;
            var args = new Dictionary<int, BoundExpr>();
            for (int i = 0; i < ep.Operands.Count; i++)
            {
                var v = op.Input(ep.Operands[i]);
                if (v == null) return (null, "");
                if (v == y) args[i] = current;
                else if (v.Data != null && v.Data.ElementCount == 1 && v.Type == type) args[i] = BoundExpr.LiteralOf(v.Data.AsDouble()[0], type);
                else if (v.Type == type && v.Shape != null && v.Shape.Equals(y.Shape) && (residual == null || residual == v))
                {
                    residual = v;
                    args[i] = BoundExpr.Argument(1, "r", type);
                }
                else return (null, "");
            }
            var epilogue = ep.Expr.Substitute(a => args.TryGetValue(a.ArgIndex, out var e) ? e : a);
            if (epilogue.Walk().Count() > MaxTerms) return (null, "");
            string what = op.Op is FusedElementwiseOp ? "elementwise" : op.OpType.ToLowerInvariant();
            return (Replace(scope, producer, inner, op, z, epilogue, null, residual), inner.OpType.ToLowerInvariant() + "+" + what);
        }

        /// <summary>
        /// What a pointwise node computes: an elementwise op's plan, or that of a one-output FusedElementwise group
        /// (elementwise fusion merges Mul(x, Sigmoid(x)), the Swish/SiLU, into one node reading x once) whose every
        /// operand reads its input as it is (no view-fusion views, and the operand's shape is its value's); else null.
        /// </summary>
        private static ElementwisePlan? Pointwise(Node op)
        {
            if (op.Op is ElementwiseOp && op.Plan is ElementwisePlan ep) return ep;
            if (!(op.Op is FusedElementwiseOp) || !(op.Plan is FusedElementwisePlan f) || f.Exprs.Count != 1 || f.HasViews) return null;
            // The group writes its one output whole (not into a part of a larger tensor).
            if (op.Output(0)?.Shape == null || !op.Output(0)!.Shape!.Equals(f.Output)) return null;
            for (int i = 0; i < f.Operands.Count; i++)
            {
                var v = op.Input(f.Operands[i]);
                if (v == null || v.Shape == null || !(f.Inputs[i].Equals(v.Shape) || (v.Data != null && v.Data.ElementCount == 1))) return null;
            }
            return new ElementwisePlan(f.Exprs[0], f.Output, f.Inputs, f.Operands);
        }

        /// <summary>
        /// The bias b of Add(MatMul(A, B), b) or Add(b, MatMul(A, B)) when b adds one value per column of the product in
        /// its type, and the MatMul has no bias, epilogue or residual yet (the bias is where the product starts); else null.
        /// </summary>
        private static Value? MatMulBias(Node producer, OpDefinition inner, Node op, Value y)
        {
            if (inner.OpType != "MatMul" || op.OpType != "Add" || op.Domain.Length != 0 || op.Inputs.Count != 2) return null;
            // A 1-D B drops the column axis: the product's last axis is then A's rows, which a bias row cannot start.
            if (producer.Input(1)?.Shape == null || producer.Input(1)!.Shape!.Rank < 2) return null;
            if (producer.Op is FusedProduct f && (!f.Epilogue.IsArg || producer.Inputs.Count > FusedProduct.MatMulBiasIndex)) return null;
            var b = op.Input(0) == y ? op.Input(1) : op.Input(1) == y ? op.Input(0) : null;
            if (b == null || b == y || b.Type != y.Type || b.Shape == null || !FusedProduct.IsPerColumn(b.Shape, y.Shape!)) return null;
            return b;
        }

        /// <summary>
        /// Erases the product and the op; the fused node takes the product's name, inputs, the bias (FusedMatMul) and
        /// the residual, and writes the op's output, which keeps its name.
        /// </summary>
        private Node Replace(Graph scope, Node producer, OpDefinition inner, Node op, Value z, BoundExpr epilogue, Value? bias, Value? residual)
        {
            int residualIndex = FusedProduct.ResidualIndex(inner.OpType);
            var inputs = Enumerable.Range(0, residualIndex).Select(producer.Input).ToList();
            if (bias != null) inputs[FusedProduct.MatMulBiasIndex] = bias;
            if (residual != null) inputs.Add(residual);
            while (inputs.Count > 0 && inputs[inputs.Count - 1] == null) inputs.RemoveAt(inputs.Count - 1);
            var attributes = producer.Attributes.Values.Where(a => a.Name != "epilogue").ToList();
            var y = producer.Output(0)!;
            string name = producer.Name;
            scope.Erase(producer);
            var fused = new Node(name, "Fused" + inner.OpType, FusedProduct.DomainName, producer.OpsetVersion) { Revision = producer.Revision };
            foreach (var a in attributes) fused.Attributes[a.Name] = a;
            fused.Attributes["epilogue"] = new NodeAttribute("epilogue", AttributeKind.String) { String = epilogue.Text };
            scope.InsertNode(fused, inputs, new[] { z }, op);
            fused.Op = new FusedProduct(inner, epilogue);
            scope.Erase(op);
            scope.RemoveValue(y);
            if (!Shapes.ShapeInference.InferNode(fused, _problems))
                _problems.Add(DiagnosticIds.InternalError, "epilogue fusion made a " + fused.OpType + " node that does not infer.", fused.Name, fused.OpType);
            return fused;
        }
    }
}
