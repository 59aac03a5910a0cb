using System;
using System.IO;
using System.Linq;
using ModelGen.Fuzzing.Generation;
using Xunit;

namespace ModelGen.Tests.Reliability
{
    /// <summary>The generator, the tolerance and the minimiser of the generation campaign, each on its own.</summary>
    public sealed class RandomGraphGeneratorTests
    {
        [Fact]
        public void The_same_seed_gives_the_same_graph_and_inputs()
        {
            for (long seed = 1; seed <= 50; seed++)
            {
                var a = RandomGraphGenerator.Generate(seed);
                var b = RandomGraphGenerator.Generate(seed);
                Assert.Equal(a.ToBytes(), b.ToBytes());
                Assert.Equal(a.InputValues.SelectMany(v => v), b.InputValues.SelectMany(v => v));
            }
            Assert.NotEqual(RandomGraphGenerator.Generate(1).ToBytes(), RandomGraphGenerator.Generate(2).ToBytes());
        }

        [Fact]
        public void Graphs_stay_in_the_node_range_and_the_op_registry()
        {
            for (long seed = 100; seed < 400; seed++)
            {
                var g = RandomGraphGenerator.Generate(seed);
                Assert.InRange(g.Nodes.Count, 1, RandomGraphGenerator.MaxNodes + 8); // a pattern may finish past the target
                Assert.InRange(g.Outputs.Count, 1, 3);
                Assert.InRange(g.Inputs.Count, 1, 3);
                foreach (var n in g.Nodes)
                {
                    var op = ModelGen.Compiler.Ops.OpRegistry.Find("", n.Op);
                    Assert.True(op != null && op.Schema.Revisions.Any(r => r <= g.Opset), n.Op + " is not claimed at opset " + g.Opset);
                }
            }
        }

        [Fact]
        public void The_tolerance_passes_rounding_and_catches_a_wrong_value()
        {
            var expected = new[] { 1f, -2.5f, 1000f, 0f, float.NaN };
            var oneUlp = expected.Select(v => float.IsNaN(v) ? v : MathF.BitIncrement(v)).ToArray();
            Assert.True(GraphTolerance.Worst(oneUlp, expected, 1e-5).Ratio <= 1);
            var wrong = expected.ToArray();
            wrong[2] = 1000.5f; // 5e-4 relative: ten times rtol
            var (ratio, index) = GraphTolerance.Worst(wrong, expected, 1e-5);
            Assert.True(ratio > 1);
            Assert.Equal(2, index);
            var nan = expected.ToArray();
            nan[0] = float.NaN;
            Assert.True(GraphTolerance.Worst(nan, expected, 1e-5).Ratio > 1);
        }

        /// <summary>
        /// A planted failure ("any graph holding a Conv fails") must shrink to a graph whose every node the failure needs:
        /// the Conv and what feeds it, not the rest.
        /// </summary>
        [Fact]
        public void The_minimiser_keeps_only_what_the_failure_needs()
        {
            var graph = Enumerable.Range(1, 500).Select(s => RandomGraphGenerator.Generate(s))
                .First(g => g.Nodes.Count >= 8 && g.Nodes.Any(n => n.Op == "Conv") && g.Live().Count > 8 &&
                            g.Outputs.Any(o => g.Nodes.Any(n => n.Op == "Conv" && g.Ancestors(o).Contains(n.Outputs[0]))));
            GraphVerdict Judge(GenGraph g)
            {
                var live = g.Live();
                bool fails = g.Nodes.Any(n => n.Op == "Conv" && live.Contains(n.Outputs[0]));
                return new GraphVerdict(g, true, fails ? GraphOutcome.Miscompiled : GraphOutcome.Agreed, fails ? "planted" : "");
            }
            var start = Judge(graph);
            Assert.Equal(GraphOutcome.Miscompiled, start.Outcome);
            var minimal = GraphMinimiser.Minimise(start, Judge, TextWriter.Null);
            Assert.Equal(GraphOutcome.Miscompiled, minimal.Outcome);
            Assert.Single(minimal.Graph.Outputs);
            var kept = minimal.Graph.Nodes.Where(n => n.Outputs.Any(minimal.Graph.Live().Contains)).ToList();
            Assert.Equal("Conv", kept.Last().Op);
            Assert.True(kept.Count < graph.Nodes.Count, kept.Count + " of " + graph.Nodes.Count + " nodes kept");
        }
    }
}
