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
    /// A build-time algorithm choice: a float 3×3 stride-1 convolution with enough channels and tiles runs by Winograd
    /// F(4×4, 3×3), a quarter of the multiplications of the direct form, from filters transformed once at load time:
    /// // Conv(x, W, B) -> WinogradConv(x, WinogradWeights(W), B)       FusedConv(x, W, B, r) {f} -> WinogradConv(x, WinogradWeights(W), B, r) {f}
    /// The transform reads only a weight, so the load-time stage moves it out of the run. It runs before the blocked
    /// chains, which then leave these convolutions out.
    /// </summary>
    internal sealed class WinogradConvolution : IPass
    {
        // The thresholds, measured in one process on an AMD EPYC (Zen 4, AVX-512, one thread), Winograd against the
        // shifted GEMM the Conv lowering picks otherwise (time ratios): 64→64 at 56×56 0.51, at 224×224 0.45, 64→32 at
        // 224×224 0.53, 32→9 0.73, 24→24 and 16→16 at 56×56 0.78, 16→32 at 60×80 0.64, 128→128 and 256→256 at 28×28
        // (49 tiles: one block and one tile) 0.59 and 0.68. It lost or tied with fewer channels (8→8 at 56×56 1.31,
        // 16→8 1.01, 12→12 at 112×112 0.97, 3→64 1.25), on 49 tiles with few channels (16→16 at 28×28 1.23, 32→32
        // 0.99), and on fewer tiles than one block (64→64 at 14×14 1.28, 128→128 1.13, 512→512 at 7×7 2.75).

        /// <summary>Fewest input channels: below them the tile transforms cost more than the products save.</summary>
        public const int MinInChannels = 16;

        /// <summary>Fewest output channels with <see cref="MinInChannels"/> input channels (with twice those, half as many).</summary>
        public const int MinOutChannels = 16;

        /// <summary>Fewest 4×4 output tiles per image: one block of the kernel's (ModelGen.Runtime.Kernels.Conv.WinogradBlock).</summary>
        public const int MinTiles = 48;

        /// <summary>Fewest channel pairs when there are fewer than two blocks of tiles: the second block is mostly empty lanes.</summary>
        public const int MinChannelPairsOnFewTiles = 64 * 64;

        /// <summary>Most input × output channels: the transformed filters (36 floats a pair) are read once per block.</summary>
        public const int MaxChannelPairs = 256 * 256;

        private readonly ProblemBag _problems;

        public WinogradConvolution(ProblemBag problems) { _problems = problems; }

        public string Name => "winograd-convolution";

        public bool IsRequired => false;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            foreach (var scope in g.Scopes().ToList())
                foreach (var n in scope.Nodes.ToList())
                {
                    if (!(Takes(n) is WinogradConvPlan plan)) continue;
                    if (!Rewrite(scope, n, plan)) return changed;
                    changed++;
                    log.Fused("winograd-conv");
                }
            return changed;
        }

        /// <summary>The plan of the WinogradConv a Conv or FusedConv becomes, or null when it stays.</summary>
        internal static WinogradConvPlan? Takes(Node n)
        {
            ConvPlan? conv;
            BoundExpr? epilogue = null;
            int residual = -1;
            if (n.OpType == "Conv" && n.Domain.Length == 0) conv = n.Plan as ConvPlan;
            else if (n.Op is FusedProduct f && f.Inner.OpType == "Conv" && f.Inner.Domain.Length == 0 && n.Plan is FusedProductPlan { Inner: ConvPlan inner } fp)
            {
                conv = inner;
                epilogue = fp.Epilogue.IsArg && fp.ResidualInput < 0 ? null : fp.Epilogue;
                residual = fp.ResidualInput;
            }
            else return null;
            var w = n.Input(1);
            if (conv == null || n.Input(0)?.Type != ElementType.Float || n.Input(0)!.Shape == null || n.Outputs.Count != 1 || n.Output(0) == null) return null;
            if (w == null || !w.IsWeightLike || w.Shape == null || !w.Shape.IsStatic) return null;
            var s = conv.Spatial;
            if (conv.Group != 1 || s.Kernel.Count != 2 || s.Kernel.Any(k => k != 3) || s.Strides.Any(v => v != 1) || s.Dilations.Any(d => d != 1)) return null;
            if (!s.PadsBegin.All(d => d.IsStatic) || !s.Output.All(d => d.IsStatic)) return null;
            int c = conv.InChannels, k = conv.OutChannels;
            if (c < MinInChannels || k * (c >= 2 * MinInChannels ? 2 : 1) < MinOutChannels || (long)c * k > MaxChannelPairs) return null;
            long tiles = ((s.Output[0].Value + 3) / 4) * ((s.Output[1].Value + 3) / 4);
            if (tiles < MinTiles || (tiles < 2 * MinTiles && (long)c * k < MinChannelPairsOnFewTiles)) return null;
            return new WinogradConvPlan(conv, epilogue, residual);
        }

        private bool Rewrite(Graph scope, Node conv, WinogradConvPlan plan)
        {
            var w = conv.Input(1)!;
            var bias = conv.Input(2);
            var residual = plan.ResidualInput >= 0 ? conv.Input(plan.ResidualInput) : null;
            var attributes = conv.Attributes.Values.ToList();
            int at = scope.Nodes.IndexOf(conv);
            var next = at + 1 < scope.Nodes.Count ? scope.Nodes[at + 1] : null;
            string name = conv.Name;
            var x = conv.Input(0)!;
            var y = conv.Output(0)!;
            scope.Erase(conv);
            var u = scope.AddFreshValue(name + "_winograd_weights", ValueKind.Computed);
            if (InternalNodes.Insert(scope, scope.FreshNodeName(name + "_transform"), WinogradWeights.Instance, new[] { w }, new[] { u }, next, _problems, Name) == null)
                return false;
            // Inputs x, u, then the bias and the residual where present (an empty slot before a residual without a bias).
            var inputs = new List<Value?> { x, u };
            if (bias != null || residual != null) inputs.Add(bias);
            if (residual != null) inputs.Add(residual);
            return InternalNodes.Insert(scope, name, WinogradConv.Instance, inputs, new[] { y }, next, _problems, Name,
                plan with { ResidualInput = residual != null ? 3 : -1 }, attributes) != null;
        }
    }
}
