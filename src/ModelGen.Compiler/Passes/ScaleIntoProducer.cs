using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Definitions;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// Folds a Mul or an Add by a constant into the Conv, ConvTranspose (group 1), Gemm or MatMul before it, when the
    /// constant is per output channel (Conv, ConvTranspose) or per column (Gemm, MatMul), or a scalar:
    /// // Mul(Conv(x, W, B), c)            -> Conv(x, W·c, B·c)          c: [C,1,1], [1,C,1,1] or a scalar; c broadcast over W's other axes
    /// // Add(Conv(x, W, B), c)            -> Conv(x, W, B + c)
    /// // Mul(ConvTranspose(x, W, B), c)   -> ConvTranspose(x, W·c, B·c) W is [Cin, Cout, k...]: c runs along W's axis 1 (group 1 only)
    /// // Add(ConvTranspose(x, W, B), c)   -> ConvTranspose(x, W, B + c)
    /// // Mul(Gemm(A, B, C), c)            -> Gemm(A, B·c, C·c)          c: [N], [1,N] or a scalar; scales op(B)'s columns
    /// // Add(Gemm(A, B, C), c)            -> Gemm(A, B, C + c/beta)     since alpha·AB + beta·C + c = alpha·AB + beta·(C + c/beta)
    /// // Mul(MatMul(A, B), c)             -> MatMul(A, B·c)             B a rank-2 weight, c per column
    /// // Add(MatMul(A, B), c)             -> Gemm(A, B, c)              A and B matrices, c per column
    /// The new weight computations are ordinary nodes over weights (like <see cref="BatchNormIntoConv"/>'s): constant
    /// folding evaluates the small ones and the load-time stage the rest. Only when the product has one reader and is
    /// not a graph output, and only for float, double and float16.
    /// </summary>
    internal sealed class ScaleIntoProducer : IPass
    {
        private readonly ProblemBag _problems;

        public ScaleIntoProducer(ProblemBag problems) { _problems = problems; }

        public string Name => "scale-into-producer";

        public bool IsRequired => false;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            foreach (var scope in g.Scopes().ToList())
                foreach (var n in scope.Nodes.Where(n => (n.OpType == "Mul" || n.OpType == "Add") && n.Domain.Length == 0).ToList())
                {
                    if (!scope.Nodes.Contains(n)) continue;
                    string? kind = Fold(scope, n);
                    if (kind == null) continue;
                    changed++;
                    log.Fused(kind);
                }
            return changed;
        }

        /// <summary>Folds <paramref name="op"/> into its producer; the fusion kind ("mul-into-conv"), or null when it does not apply.</summary>
        private string? Fold(Graph scope, Node op)
        {
            if (op.Inputs.Count != 2 || op.Input(0) == null || op.Input(1) == null || op.Output(0) == null) return null;
            for (int side = 0; side < 2; side++)
            {
                var y = op.Input(side)!;
                var c = op.Input(1 - side)!;
                var producer = y.Producer;
                if (producer == null || producer.Domain.Length != 0 || producer.Scope != scope || producer.Plan == null) continue;
                if (y.Consumers.Count != 1 || y.IsGraphOutput || scope.Outputs.Contains(y) || op.Inputs.Count(i => i == y) != 1) continue;
                if (!IsFromWeights(c) || c.Shape == null || !c.Shape.IsStatic || c.Type != y.Type || !IsFloat(y.Type) || y.Shape == null) continue;
                if (producer.Outputs.Count != 1 || op.Output(0)!.Type != y.Type) continue;
                bool mul = op.OpType == "Mul";
                switch (producer.Plan)
                {
                    case ConvPlan conv when producer.OpType == "Conv":
                        if (FoldConv(scope, producer, op, y, c, mul, conv.OutChannels, weightAxis: 0)) return (mul ? "mul" : "add") + "-into-conv";
                        break;
                    case ConvTransposePlan t when producer.OpType == "ConvTranspose" && t.Group == 1:
                        if (FoldConv(scope, producer, op, y, c, mul, t.OutChannels, weightAxis: 1)) return (mul ? "mul" : "add") + "-into-convtranspose";
                        break;
                    case GemmPlan gemm when producer.OpType == "Gemm":
                        if (FoldGemm(scope, producer, op, y, c, mul, gemm)) return (mul ? "mul" : "add") + "-into-gemm";
                        break;
                    case MatMulPlan mm when producer.OpType == "MatMul":
                        if (FoldMatMul(scope, producer, op, y, c, mul, mm)) return (mul ? "mul" : "add") + "-into-matmul";
                        break;
                }
            }
            return null;
        }

        /// <summary>
        /// A weight, or computed from weights alone (a weight an earlier fold made, which folding has not evaluated
        /// yet): what the folded computation may read without running per call.
        /// </summary>
        private static bool IsFromWeights(Value? v, int depth = 0) =>
            v != null && (v.IsWeightLike || (depth < 8 && v.Producer != null && !v.Producer.Subgraphs.Any() && v.Producer.Inputs.Any(i => i != null) &&
                                             v.Producer.Inputs.All(i => i == null || IsFromWeights(i, depth + 1))));

        private static bool IsFloat(ElementType t) => t == ElementType.Float || t == ElementType.Double || t == ElementType.Float16;

        /// <summary>
        /// How many elements c has along <paramref name="axis"/> of y once aligned to y's rank (numpy: trailing axes
        /// line up): 1 or <paramref name="extent"/>, or -1 when c has more than one element along any other axis, or
        /// would widen y.
        /// </summary>
        private static long AlongAxis(Shape c, int yRank, int axis, long extent)
        {
            if (c.Rank > yRank) return -1;
            long k = 1;
            for (int d = 0; d < c.Rank; d++)
            {
                long size = c[d].Value;
                int yAxis = yRank - c.Rank + d;
                if (size == 1) continue;
                if (yAxis != axis || size != extent) return -1;
                k = size;
            }
            return k;
        }

        private static Value Ints(GraphBuilder build, string hint, params long[] values) =>
            build.Constant(hint, TensorData.FromInt64(new long[] { values.Length }, values));

        /// <summary>c as [k, 1, ...] (or [1, k, 1...] when the channel is W's axis 1), rank <paramref name="rank"/>.</summary>
        private static Value Reshaped(GraphBuilder build, string stem, Value c, long k, int rank, int axis)
        {
            var dims = Enumerable.Repeat(1L, rank).ToArray();
            dims[axis] = k;
            return build.Node("Reshape", stem + "_shape", new[] { c, Ints(build, stem + "_dims", dims) });
        }

        private bool FoldConv(Graph scope, Node conv, Node op, Value y, Value c, bool mul, int channels, int weightAxis)
        {
            var w = conv.Input(1);
            var b = conv.Input(2);
            if (w == null || !IsFromWeights(w) || (b != null && !IsFromWeights(b)) || w.Shape == null) return false;
            long k = AlongAxis(c.Shape!, y.Shape!.Rank, 1, channels);
            if (k < 0) return false;
            var build = new GraphBuilder(scope, conv, _problems);
            string stem = conv.Name + (mul ? "_mul" : "_add");
            var column = build.Node("Reshape", stem + "_c", new[] { c, Ints(build, stem + "_c_dims", k) });
            if (mul)
            {
                // y·c = Σ (W·c)·x + B·c, c broadcast over W's input-channel and kernel axes.
                var foldedW = build.Node("Mul", stem + "_weight", new[] { w, Reshaped(build, stem + "_w", c, k, w.Shape.Rank, weightAxis) });
                Graph.SetInput(conv, 1, foldedW);
                if (b != null) Graph.SetInput(conv, 2, build.Node("Mul", stem + "_bias", new[] { b, column }));
            }
            else
            {
                // y + c = Σ W·x + (B + c); without B, B := 0 + c (a scalar c is spread over every channel).
                var baseBias = b ?? build.Constant(stem + "_zero", TensorData.FromDoubleValues(y.Type, new long[] { channels }, new double[channels]));
                if (conv.Inputs.Count < 3) conv.Inputs.Add(null);
                Graph.SetInput(conv, 2, build.Node("Add", stem + "_bias", new[] { baseBias, column }));
            }
            return Rewire(scope, conv, op, y);
        }

        private bool FoldGemm(Graph scope, Node gemm, Node op, Value y, Value c, bool mul, GemmPlan p)
        {
            var b = gemm.Input(1);
            var addend = gemm.Input(2);
            if (b == null || !IsFromWeights(b) || (addend != null && !IsFromWeights(addend)) || !p.N.IsStatic) return false;
            long k = AlongAxis(c.Shape!, 2, 1, p.N.Value);
            if (k < 0 || (!mul && p.Beta == 0)) return false;
            var build = new GraphBuilder(scope, gemm, _problems);
            string stem = gemm.Name + (mul ? "_mul" : "_add");
            var row = build.Node("Reshape", stem + "_c", new[] { c, Ints(build, stem + "_c_dims", 1, k) });
            if (mul)
            {
                // (alpha·A·op(B) + beta·C)·c = alpha·A·op(B·c) + beta·(C·c): c scales op(B)'s columns, which are B's rows when transB.
                var scale = p.TransB ? build.Node("Reshape", stem + "_col", new[] { c, Ints(build, stem + "_col_dims", k, 1) }) : row;
                Graph.SetInput(gemm, 1, build.Node("Mul", stem + "_weight", new[] { b, scale }));
                if (addend != null) Graph.SetInput(gemm, 2, build.Node("Mul", stem + "_bias", new[] { addend, row }));
            }
            else
            {
                // alpha·A·op(B) + beta·C + c = alpha·A·op(B) + beta·(C + c/beta) (beta = 0 was ruled out: no room for c).
                var shift = p.Beta == 1 ? row : build.Node("Div", stem + "_scaled", new[] { row, build.Constant(stem + "_beta", TensorData.FromDoubleValues(y.Type, new long[0], new double[] { p.Beta })) });
                var folded = addend != null ? build.Node("Add", stem + "_bias", new[] { addend, shift }) : shift;
                if (gemm.Inputs.Count < 3) gemm.Inputs.Add(null);
                Graph.SetInput(gemm, 2, folded);
            }
            return Rewire(scope, gemm, op, y);
        }

        private bool FoldMatMul(Graph scope, Node matmul, Node op, Value y, Value c, bool mul, MatMulPlan p)
        {
            var a = matmul.Input(0)!;
            var b = matmul.Input(1)!;
            if (b.Shape == null || b.Shape.Rank != 2 || !p.N.IsStatic || y.Shape!.Rank < 1) return false;
            long k = AlongAxis(c.Shape!, y.Shape.Rank, y.Shape.Rank - 1, p.N.Value);
            // Mul needs B to be a weight; Add becomes a Gemm, which takes matrices only (other ranks stay for the epilogue pass).
            if (k < 0 || (mul ? !IsFromWeights(b) : a.Shape == null || a.Shape.Rank != 2)) return false;
            var result = op.Output(0)!;
            if (!mul && result.Consumers.Count == 0 && !result.IsGraphOutput) return false; // dead: dead-node elimination takes it
            var build = new GraphBuilder(scope, matmul, _problems);
            string stem = matmul.Name + (mul ? "_mul" : "_add");
            var row = build.Node("Reshape", stem + "_c", new[] { c, Ints(build, stem + "_c_dims", 1, k) });
            if (mul)
            {
                // (A·B)·c = A·(B·c), c scaling B's columns.
                Graph.SetInput(matmul, 1, build.Node("Mul", stem + "_weight", new[] { b, row }));
                return Rewire(scope, matmul, op, y);
            }
            // A·B + c = Gemm(A, B, c) for matrices (alpha = beta = 1). The Gemm takes the MatMul's name, writes the Add's output
            // (its name kept, a graph output's included) and goes where the Add was.
            var z = op.Output(0)!;
            int at = scope.Nodes.IndexOf(op);
            var next = at + 1 < scope.Nodes.Count ? scope.Nodes[at + 1] : null;
            scope.Erase(op);
            scope.Erase(matmul);
            return new GraphBuilder(scope, next!, _problems).TryAdd("Gemm", matmul.Name, new[] { a, b, row }, new[] { z }) != null;
        }

        /// <summary>The producer now writes the Mul/Add's output (which keeps its name, a graph output's included); y goes.</summary>
        private bool Rewire(Graph scope, Node producer, Node op, Value y)
        {
            var z = op.Output(0)!;
            scope.Erase(op);
            producer.Outputs[0] = z;
            z.Producer = producer;
            y.Producer = null;
            scope.RemoveValue(y);
            return Shapes.ShapeInference.InferNode(producer, _problems);
        }
    }
}
