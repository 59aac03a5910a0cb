using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Definitions;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Fused;
using ModelGen.Compiler.Passes.Canonical;

namespace ModelGen.Compiler.Passes.Layout
{
    /// <summary>
    /// A build-time layout choice: chains of convolutions run in the channel-blocked layout NCHW16c, with no reorder
    /// between them. A convolution joins a chain when the blocked kernel pays for it (<see cref="Eligible"/>) and it
    /// reads, or is read by, another that does. The chain's first convolution reads its plain input as it is; each
    /// later one reads its producer's blocked output; one FromBlocked reorder serves the readers outside the chain.
    /// // Conv₂(Conv₁(x, W₁, B₁), W₂, B₂) -> FromBlocked(BlockedConv(BlockedConv(x, Pack(W₁), B₁), Pack(W₂), B₂))
    /// The weight packing reads only weights, so the load-time stage moves it out of the run. An epilogue the
    /// convolution took (a FusedConv without a residual) stays with it: it is elementwise, so either layout works.
    /// </summary>
    internal sealed class BlockedConvChains : IPass
    {
        /// <summary>
        /// Output columns below which the blocked kernel does not pay. Measured in one process on an AMD EPYC (AVX-512),
        /// blocked against im2col + GEMM: 64→64 3×3 at 224×224 0.88× the time, 64→32 0.72×, 1→64 5×5 0.82×; at 56×56
        /// 64→64 1.06× and at 8×8 1.3×. 1×1 convolutions stay GEMMs (2.7×), and so do fewer than 16 output channels.
        /// </summary>
        public const int MinOutputWidth = 112;

        private readonly ProblemBag _problems;

        public BlockedConvChains(ProblemBag problems) { _problems = problems; }

        public string Name => "blocked-conv-chains";

        public bool IsRequired => false;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            var returned = Rewiring.Returned(g);
            foreach (var scope in g.Scopes().ToList())
            {
                var eligible = new HashSet<Node>(scope.Nodes.Where(n => Eligible(n) != null));
                var chained = new HashSet<Node>(eligible.Where(n => ReadsChain(n, eligible) || eligible.Any(r => ReadsChain(r, n))));
                var blocked = new Dictionary<Value, Value>();
                foreach (var conv in scope.Nodes.Where(chained.Contains).ToList())
                {
                    if (!Rewrite(scope, conv, chained, blocked, returned)) return changed;
                    changed++;
                    log.Fused("blocked-conv");
                }
            }
            return changed;
        }

        /// <summary>
        /// The Conv plan and epilogue of a float 2-D Conv or FusedConv (no residual) the blocked kernel computes faster:
        /// group 1, no dilation, not 1×1, output channels a multiple of 16, a static output at least <see cref="MinOutputWidth"/> wide, static pads.
        /// </summary>
        private static (ConvPlan Conv, BoundExpr? Epilogue)? Eligible(Node n)
        {
            ConvPlan? conv;
            BoundExpr? epilogue = null;
            if (n.OpType == "Conv" && n.Domain.Length == 0) conv = n.Plan as ConvPlan;
            else if (n.Op is FusedProduct f && f.Inner.OpType == "Conv" && f.Inner.Domain.Length == 0 && n.Plan is FusedProductPlan { ResidualInput: < 0, Inner: ConvPlan inner } fp)
            {
                conv = inner;
                epilogue = fp.Epilogue;
            }
            else return null;
            if (conv == null || n.Input(0)?.Type != ElementType.Float || n.Input(0)!.Shape == null || n.Outputs.Count != 1 || n.Output(0) == null) return null;
            var s = conv.Spatial;
            if (conv.Group != 1 || s.Kernel.Count != 2 || s.Dilations.Any(d => d != 1) || s.Kernel.All(k => k == 1)) return null;
            if (conv.OutChannels % BlockedConv.Block != 0 || !s.PadsBegin.All(d => d.IsStatic) || !s.Output.All(d => d.IsStatic)) return null;
            if (s.Output[1].Value < MinOutputWidth) return null;
            return (conv, epilogue);
        }

        /// <summary>Whether <paramref name="reader"/> reads <paramref name="producer"/>'s output as its X, and nowhere else.</summary>
        private static bool ReadsChain(Node reader, Node producer)
        {
            var y = producer.Output(0);
            return y != null && reader.Input(0) == y && reader.Inputs.Skip(1).All(i => i != y);
        }

        private static bool ReadsChain(Node reader, HashSet<Node> eligible) =>
            reader.Input(0)?.Producer is Node p && p != reader && eligible.Contains(p) && ReadsChain(reader, p);

        private bool Rewrite(Graph scope, Node conv, HashSet<Node> chained, Dictionary<Value, Value> blocked, HashSet<Value> returned)
        {
            var (plan, epilogue) = Eligible(conv)!.Value;
            var x = conv.Input(0)!;
            bool inputBlocked = blocked.TryGetValue(x, out var blockedX);
            var w = conv.Input(1)!;
            var bias = conv.Input(2);
            var y = conv.Output(0)!;
            bool plainReaders = y.IsGraphOutput || returned.Contains(y) || y.Consumers.Any(r => !chained.Contains(r) || !ReadsChain(r, conv));
            var attributes = conv.Attributes.Values.ToList();
            int at = scope.Nodes.IndexOf(conv);
            var next = at + 1 < scope.Nodes.Count ? scope.Nodes[at + 1] : null;
            string name = conv.Name;
            scope.Erase(conv);
            if (inputBlocked && x.Producer == null && x.Consumers.Count == 0 && !x.IsGraphOutput) scope.RemoveValue(x);

            var packed = scope.AddFreshValue(name + "_packed_weights", ValueKind.Computed);
            if (InternalNodes.Insert(scope, scope.FreshNodeName(name + "_pack"), PackBlockedWeights.Instance, new[] { w }, new[] { packed }, next, _problems, Name) == null)
                return false;

            var yb = scope.AddFreshValue(y.Name + "_blocked", ValueKind.Computed);
            var inputs = new List<Value?> { inputBlocked ? blockedX : x, packed };
            if (bias != null) inputs.Add(bias);
            var layout = new NodeAttribute("input_layout", AttributeKind.String) { String = inputBlocked ? "nchw16c" : "nchw" };
            if (InternalNodes.Insert(scope, name, BlockedConv.Instance, inputs, new[] { yb }, next, _problems, Name,
                    new BlockedConvPlan(plan, epilogue, inputBlocked), attributes.Where(a => a.Name != layout.Name).Append(layout)) == null)
                return false;
            blocked[y] = yb;

            if (plainReaders)
            {
                var channels = new NodeAttribute("channels", AttributeKind.Int) { Int = plan.OutChannels };
                if (InternalNodes.Insert(scope, scope.FreshNodeName(name + "_from_blocked"), Ops.Fused.FromBlocked.Instance, new[] { yb }, new[] { y }, next,
                        _problems, Name, attributes: new[] { channels }) == null)
                    return false;
            }
            return true;
        }
    }
}
