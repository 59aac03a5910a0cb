using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Microsoft.ML.OnnxRuntime;
using ModelGen.Cli;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Runtime;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>
    /// Checks random graphs against ONNX Runtime: ORT first (a graph it refuses is the generator's fault), then all
    /// the rest through ModelCompiler and ONE in-memory Roslyn compilation per batch (<see cref="ModelBatch"/>), then
    /// each generated model runs on the same inputs and its outputs are compared (<see cref="GraphTolerance"/>).
    /// </summary>
    internal static class GraphChecker
    {
        public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);

        public static IReadOnlyList<GraphVerdict> Check(IReadOnlyList<GenGraph> graphs, IReadOnlyList<bool> optimize, string workDirectory)
        {
            var verdicts = new GraphVerdict?[graphs.Count];
            var references = new Dictionary<string, OrtTensor>?[graphs.Count];
            Parallel.For(0, graphs.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                try
                {
                    references[i] = OrtProbe.Run(graphs[i]);
                }
                catch (OnnxRuntimeException e)
                {
                    verdicts[i] = new GraphVerdict(graphs[i], optimize[i], GraphOutcome.OrtRejected, FirstLine(e.Message));
                }
            });
            Directory.CreateDirectory(workDirectory);
            foreach (bool on in new[] { true, false })
            {
                var picked = Enumerable.Range(0, graphs.Count).Where(i => verdicts[i] == null && optimize[i] == on).ToList();
                if (picked.Count == 0) continue;
                var paths = picked.Select(i =>
                {
                    string path = Path.Combine(workDirectory, "g" + i.ToString(CultureInfo.InvariantCulture) + (on ? "" : "-noopt") + ".onnx");
                    File.WriteAllBytes(path, graphs[i].ToBytes());
                    return path;
                }).ToList();
                var batch = ModelBatch.Compile(paths, new ModelBatchSettings { Optimize = on, NamespacePrefix = "RandomGraphs" + (on ? "" : "NoOpt"), ChunkSize = 100 });
                Parallel.For(0, picked.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
                {
                    int i = picked[k];
                    verdicts[i] = Judge(graphs[i], on, batch.Models[k], references[i]!);
                });
            }
            return verdicts.Select(v => v!).ToList();
        }

        private static GraphVerdict Judge(GenGraph graph, bool optimize, BatchedModel m, Dictionary<string, OrtTensor> reference)
        {
            if (m.CompileCrash != null) return new GraphVerdict(graph, optimize, GraphOutcome.Failed, m.CompileCrash);
            var compiled = m.Compiled!;
            if (!compiled.Success)
            {
                var errors = compiled.Problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
                string text = string.Join(" | ", errors.Select(p => p.ToString()));
                if (errors.Count == 0 || errors.Any(p => p.Id == DiagnosticIds.InternalError.Id))
                    return new GraphVerdict(graph, optimize, GraphOutcome.Failed, "internal error: " + text);
                return new GraphVerdict(graph, optimize, GraphOutcome.Diagnosed, text, errors[0].Id);
            }
            if (m.CSharpErrors != null) return new GraphVerdict(graph, optimize, GraphOutcome.Failed, "the generated C# does not compile: " + m.CSharpErrors);

            if (!Bounded.TryRun(() => RunModel(m.Load(), graph), RunTimeout, out var ours, out var thrown))
                return new GraphVerdict(graph, optimize, GraphOutcome.Failed, "the generated model did not finish within " + RunTimeout.TotalSeconds + " s");
            if (thrown != null) return new GraphVerdict(graph, optimize, GraphOutcome.Failed, "the generated model threw: " + thrown);
            if (ours.Count != graph.Outputs.Count)
                return new GraphVerdict(graph, optimize, GraphOutcome.Miscompiled, "ModelGen gives " + ours.Count + " outputs, the graph has " + graph.Outputs.Count);

            double worst = 0;
            string? detail = null;
            for (int o = 0; o < graph.Outputs.Count; o++)
            {
                string name = graph.Outputs[o];
                var expected = reference[name];
                var (dims, values) = ours[o];
                if (!dims.SequenceEqual(expected.Dims))
                    return new GraphVerdict(graph, optimize, GraphOutcome.Miscompiled, "output " + name + ": ModelGen gives shape [" + string.Join(",", dims) +
                                                                                         "], ONNX Runtime [" + string.Join(",", expected.Dims) + "]", null, double.PositiveInfinity);
                double atol = GraphTolerance.ATol(graph, name, reference);
                var (ratio, at) = GraphTolerance.Worst(values, expected.Values, atol);
                if (ratio > worst)
                {
                    worst = ratio;
                    detail = "output " + name + " [" + at + "]: ModelGen " + G(values[at]) + ", ONNX Runtime " + G(expected.Values[at]) +
                             " (atol " + G(atol) + ", " + G(ratio) + "× the tolerance)";
                }
            }
            return worst <= 1
                ? new GraphVerdict(graph, optimize, GraphOutcome.Agreed, "", null, worst)
                : new GraphVerdict(graph, optimize, GraphOutcome.Miscompiled, detail!, null, worst);
        }

        /// <summary>Binds "N" from the inputs (as the CLI does) and runs the allocating overload, which reports every output's dims.</summary>
        private static List<(long[] Dims, float[] Values)> RunModel(ICompiledModel model, GenGraph graph) =>
            RunModel(model, graph.Inputs.Select((t, i) => (t.Name, t.Dims.Select(d => (long)d).ToArray(), graph.InputValues[i])).ToList());

        internal static List<(long[] Dims, float[] Values)> RunModel(ICompiledModel model, IReadOnlyList<(string Name, long[] Dims, float[] Values)> given)
        {
            var info = model.Info;
            var inputs = given.Select(t => new TensorFileData(t.Name, ElementType.Float, t.Dims, MemoryMarshal.AsBytes(t.Values.AsSpan()).ToArray())).ToList();
            var errors = new List<string>();
            var symbols = DimBinder.Bind(info, inputs, errors);
            if (errors.Count > 0) throw new InvalidOperationException("the inputs do not fit: " + string.Join("; ", errors));
            int[] dims = info.SymbolicDims.Select(d => checked((int)symbols[d])).ToArray();
            var results = model.Run(dims, inputs.Select(t => new ReadOnlyMemory<byte>(t.Raw)).ToArray());
            return results.Select(r => (r.Dims.Select(d => (long)d).ToArray(), MemoryMarshal.Cast<byte, float>(r.Bytes.AsSpan()).ToArray())).ToList();
        }

        private static string G(double v) => v.ToString("G7", CultureInfo.InvariantCulture);

        private static string FirstLine(string text)
        {
            int end = text.IndexOf('\n');
            return end < 0 ? text : text.Substring(0, end);
        }
    }
}
