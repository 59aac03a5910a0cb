using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Compiler;
using ModelGen.Compiler.Inspection;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Planning;
using ModelGen.Tests.Infrastructure;
using Xunit;
using static ModelGen.Tests.Passes.PassTestHost;

namespace ModelGen.Tests.Planning
{
    /// <summary>
    /// The memory plan: offset packing never lets two buffers live at one step share a byte, in-place elementwise fires
    /// only where legal, and on the real models the arena stays within 10% of the live lower bound. (The pipeline also
    /// runs <see cref="PlanChecker"/> on every plan, so every conformance and differential model checks it too.)
    /// </summary>
    public sealed class MemoryPlanTests
    {
        [Fact]
        public void PackerReusesTheBytesOfBuffersThatAreDead()
        {
            // a and c are never live at once, so c takes a's bytes; b sits beside whichever is live with it.
            var spans = new[] { new OffsetPacker.Span(128, 0, 1), new OffsetPacker.Span(64, 1, 2), new OffsetPacker.Span(128, 2, 3) };
            var offsets = OffsetPacker.Pack(spans);
            Assert.Equal(offsets[0], offsets[2]);
            Assert.Equal(192, Extent(spans, offsets));
            Assert.Equal(192, OffsetPacker.LiveBytes(spans));
        }

        [Fact]
        public void PackerFillsGapsBetweenPlacedBuffers()
        {
            // Big buffers at 0 and 256 live over all steps leave a 128-byte hole between them at steps 0..1 (a dies at 1).
            var spans = new[]
            {
                new OffsetPacker.Span(256, 0, 9), new OffsetPacker.Span(128, 0, 1), new OffsetPacker.Span(256, 0, 9), new OffsetPacker.Span(128, 2, 5),
            };
            var offsets = OffsetPacker.Pack(spans);
            Assert.Equal(offsets[1], offsets[3]);
            Assert.Equal(640, Extent(spans, offsets));
            Assert.Equal(640, OffsetPacker.LiveBytes(spans));
        }

        [Fact]
        public void RandomLifetimesNeverShareBytesWhileLive()
        {
            var random = new Random(7);
            for (int round = 0; round < 200; round++)
            {
                var spans = Enumerable.Range(0, random.Next(1, 60)).Select(_ =>
                {
                    int start = random.Next(0, 40);
                    return new OffsetPacker.Span(64L * random.Next(0, 20), start, start + random.Next(0, 10));
                }).ToList();
                var offsets = OffsetPacker.Pack(spans);
                for (int i = 0; i < spans.Count; i++)
                {
                    Assert.Equal(0, offsets[i] % MemoryPlan.Alignment);
                    for (int j = i + 1; j < spans.Count; j++)
                        if (spans[i].LiveWith(spans[j]) && spans[i].Bytes > 0 && spans[j].Bytes > 0)
                            Assert.True(offsets[i] + spans[i].Bytes <= offsets[j] || offsets[j] + spans[j].Bytes <= offsets[i],
                                "round " + round + ": buffers " + i + " and " + j + " share bytes while both are live");
                }
                Assert.True(Extent(spans, offsets) >= OffsetPacker.LiveBytes(spans));
            }
        }

        [Fact]
        public void ElementwiseChainRunsInPlace()
        {
            // e dies at the Neg, n at the Sigmoid: each output takes its input's bytes, so the chain needs one buffer.
            var (g, program, plan) = Plan(@"
                graph chain(%x: float[4,16]) opset 13 {
                  %e: float[4,16] = Exp(%x) @exp
                  %n: float[4,16] = Neg(%e) @neg
                  %s: float[4,16] = Sigmoid(%n) @sigmoid
                  %y: float[4,16] = Relu(%s) @relu
                  return %y
                }");
            Assert.Equal(new[] { "n", "s" }, plan.InPlaceOf.Keys.Select(v => v.Name).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(plan.SlotOf[Value(plan, "e")], plan.SlotOf[Value(plan, "s")]);
            Assert.Equal(256, plan.ArenaBytes);
            Assert.Equal(256, plan.LiveLowerBoundBytes);
            Assert.Null(PlanChecker.Check(g, program, plan));
        }

        [Fact]
        public void InPlaceNeedsAnInputThatDiesAtTheCall()
        {
            // e is read again by the Add, so the Neg cannot overwrite it; both Add inputs die at the Add, so it may overwrite one.
            var (g, program, plan) = Plan(@"
                graph reread(%x: float[4,16]) opset 13 {
                  %e: float[4,16] = Exp(%x) @exp
                  %n: float[4,16] = Neg(%e) @neg
                  %a: float[4,16] = Add(%e, %n) @add
                  %y: float[4,16] = Relu(%a) @relu
                  return %y
                }");
            Assert.False(plan.InPlaceOf.ContainsKey(Value(plan, "n")));
            Assert.True(plan.InPlaceOf.ContainsKey(Value(plan, "a")));
            Assert.Null(PlanChecker.Check(g, program, plan));
        }

        [Fact]
        public void InPlaceNeverOverwritesGraphInputsOrBroadcastOperands()
        {
            // The Exp reads the graph input (read-only span); the Add's only arena operand (r) has fewer elements than its output.
            var (g, program, plan) = Plan(@"
                graph broadcast(%x: float[4,16], %z: float[16]) opset 13 {
                  %r: float[16] = Exp(%z) @exp_row
                  %e: float[4,16] = Exp(%x) @exp
                  %a: float[4,16] = Add(%r, %x) @add
                  %m: float[4,16] = Mul(%a, %e) @mul
                  return %m
                }");
            Assert.False(plan.InPlaceOf.ContainsKey(Value(plan, "e")));
            Assert.False(plan.InPlaceOf.ContainsKey(Value(plan, "r")));
            Assert.False(plan.InPlaceOf.ContainsKey(Value(plan, "a")));
            Assert.Null(PlanChecker.Check(g, program, plan));
        }

        [Fact]
        public void InPlaceNeedsTheOutputsType()
        {
            // Less writes bool over float inputs: different types never share a buffer in place.
            var (g, program, plan) = Plan(@"
                graph compare(%x: float[64]) opset 13 {
                  %e: float[64] = Exp(%x) @exp
                  %l: bool[64] = Less(%e, %x) @less
                  %n: bool[64] = Not(%l) @not
                  return %n
                }");
            Assert.False(plan.InPlaceOf.ContainsKey(Value(plan, "l")));
            Assert.Null(PlanChecker.Check(g, program, plan));
        }

        [Fact]
        public void CheckerFindsBuffersThatShareBytesWhileLive()
        {
            var (g, program, plan) = Plan(@"
                graph two(%x: float[4,16]) opset 13 {
                  %e: float[4,16] = Exp(%x) @exp
                  %n: float[4,16] = Neg(%x) @neg
                  %a: float[4,16] = Add(%e, %n) @add
                  return %a
                }");
            Assert.Null(PlanChecker.Check(g, program, plan));
            // e and n are both live at the Add: putting them at one offset must be caught.
            plan.Slots[plan.SlotOf[Value(plan, "n")]].Offset = plan.Slots[plan.SlotOf[Value(plan, "e")]].Offset;
            Assert.Contains("share bytes", PlanChecker.Check(g, program, plan), StringComparison.Ordinal);
        }

        [Fact]
        public void SymbolicSizesKeepSlotsAndNoBound()
        {
            var (g, program, plan) = Plan(@"
                graph symbolic(%x: float[N,16]) opset 13 {
                  %e: float[N,16] = Exp(%x) @exp
                  %n: float[N,16] = Neg(%e) @neg
                  %y: float[N,16] = Relu(%n) @relu
                  return %y
                }");
            Assert.Null(plan.ArenaBytes);
            Assert.Null(plan.LiveLowerBoundBytes);
            Assert.True(plan.InPlaceOf.ContainsKey(Value(plan, "n")));
            Assert.Single(plan.Slots);
            Assert.Null(PlanChecker.Check(g, program, plan));
        }

        public static IEnumerable<object[]> SharedModels => new[]
        {
            new object[] { "mnist-8", "" },
            new object[] { "super-resolution-10", "batch_size=1" },
            new object[] { "ultraface-version-RFB-320", "" },
            new object[] { "tflm-hello-world-sine", "N=1" },
        };

        [SharedDataTheory]
        [MemberData(nameof(SharedModels))]
        public void SharedModelArenaIsNearTheLiveLowerBound(string model, string dims)
        {
            var bindings = dims.Length == 0 ? new Dictionary<string, long>() :
                dims.Split(';').Select(d => d.Split('=')).ToDictionary(d => d[0], d => long.Parse(d[1], System.Globalization.CultureInfo.InvariantCulture));
            var options = new CompileOptions("Model", "", null, "ModelGen.model.onnx", bindings);
            var report = ModelInspector.Inspect(File.ReadAllBytes(Path.Combine(TestPaths.SharedModel(model), "model.onnx")), options);
            Assert.True(report.Result.Success, string.Join("\n", report.Result.Problems));
            var s = report.Stats!;
            Assert.NotNull(s.ArenaBytes);
            Assert.NotNull(s.LiveLowerBoundBytes);
            Assert.True(s.ArenaBytes <= s.LiveLowerBoundBytes * 1.10, model + ": arena " + s.ArenaBytes + " bytes, live lower bound " + s.LiveLowerBoundBytes);
            Assert.True(s.LiveLowerBoundBytes <= s.ArenaBytes && s.ArenaBytes <= s.NaiveBytes);
        }

        private static (Graph, LoweredProgram, MemoryPlan) Plan(string ir)
        {
            var g = Prepare(ir);
            var program = Lowerer.Lower(g);
            return (g, program, MemoryPlanner.Plan(g, program));
        }

        private static Value Value(MemoryPlan plan, string name) =>
            plan.SlotOf.Keys.Concat(plan.InPlaceOf.Keys).First(v => v.Name == name);

        private static long Extent(IReadOnlyList<OffsetPacker.Span> spans, long[] offsets) =>
            spans.Select((s, i) => offsets[i] + s.Bytes).DefaultIfEmpty(0).Max();
    }
}
