using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Compiler;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Import;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Passes;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Shapes;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Conformance
{
    /// <summary>
    /// Build-time evaluation (what constant folding computes) against ONNX's expected outputs: every selected backend
    /// test made only of elementwise ops and reductions is imported with its test_data_set_0 inputs turned into constants, folded,
    /// and each folded output compared like the conformance run. The run-time path is the conformance theory's job;
    /// this checks that folding the same node gives ONNX's answer too.
    /// </summary>
    public sealed class BuildTimeEvaluationTests
    {
        private readonly ITestOutputHelper _output;

        public BuildTimeEvaluationTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [SharedDataFact]
        public void Folded_elementwise_and_reduction_backend_tests_match_the_expected_outputs()
        {
            var cases = BackendManifest.Selected.Where(c => c.SubgraphOpTypes.Count == 0 && c.OpTypes.All(IsFoldable)).ToList();
            var mismatches = new List<string>();
            var notFolded = new List<string>();
            int folded = 0;
            foreach (var c in cases)
            {
                var graph = ImportWithConstantInputs(c);
                if (graph == null) { notFolded.Add(c.Id + " (does not import)"); continue; }
                new ConstantFolding().Run(graph, new OptimizationLog());
                for (int k = 0; k < graph.Outputs.Count; k++)
                {
                    var actual = graph.Outputs[k].Data;
                    if (actual == null) { notFolded.Add(c.Id); break; }
                    var expected = TensorFile.Read(File.ReadAllBytes(Path.Combine(c.DataDir, "output_" + k + ".pb"))).ToTensorData();
                    string? difference = Compare(expected, actual);
                    if (difference != null) mismatches.Add(c.Id + " output " + k + ": " + difference);
                    else if (k == graph.Outputs.Count - 1) folded++;
                }
            }
            _output.WriteLine(cases.Count + " elementwise and reduction backend tests: " + folded + " folded and matched, " + mismatches.Count + " mismatched, " +
                              notFolded.Count + " not folded (over the folding size limits, functions evaluated only at run time: erf, asinh, acosh, atanh, or rejected by the compiler: see ConformanceExclusions)");
            foreach (var id in notFolded) _output.WriteLine("  not folded: " + id);
            Assert.True(mismatches.Count == 0, "build-time values differ from ONNX's:\n" + string.Join("\n", mismatches));
            Assert.True(folded >= 150, "only " + folded + " elementwise tests folded; the selection or the folding limits changed");
        }

        private static bool IsFoldable(string opType)
        {
            var op = OpRegistry.Find("", opType);
            return op is ElementwiseOp || op is VariadicElementwiseOp || op is ReduceOp || op is ArgReduceOp;
        }

        /// <summary>The imported, shape-inferred graph with every graph input replaced by a constant holding input_N.pb; null if it does not import.</summary>
        internal static Graph? ImportWithConstantInputs(BackendCase c)
        {
            var problems = new ProblemBag();
            byte[] bytes = File.ReadAllBytes(c.ModelPath);
            var model = OnnxReader.Read(bytes, problems);
            var graph = model == null ? null : GraphImporter.Import(model, bytes, CompileOptions.Default, problems);
            if (graph == null) return null;
            for (int i = 0; i < graph.Inputs.Count; i++)
            {
                var data = TensorFile.Read(File.ReadAllBytes(Path.Combine(c.DataDir, "input_" + i + ".pb"))).ToTensorData();
                graph.Inputs[i].Kind = ValueKind.Constant;
                graph.Inputs[i].Data = data;
                graph.Inputs[i].Shape = data.Shape;
            }
            graph.Inputs.Clear();
            OpResolution.Check(graph, problems);
            if (!problems.HasErrors) ShapeInference.Run(graph, problems);
            return problems.HasErrors ? null : graph;
        }

        /// <summary>Null when equal within the conformance tolerances (exactly for integers and bools; NaN matches NaN), else the first difference.</summary>
        internal static string? Compare(TensorData expected, TensorData actual)
        {
            if (expected.Type != actual.Type) return "type " + actual.Type + ", expected " + expected.Type;
            if (!expected.Dims.SequenceEqual(actual.Dims)) return "dims [" + string.Join(",", actual.Dims) + "], expected [" + string.Join(",", expected.Dims) + "]";
            bool exact = !ElementTypes.IsFloatingPoint(expected.Type);
            if (exact)
            {
                long[] e = expected.AsInt64(), a = actual.AsInt64();
                for (int i = 0; i < e.Length; i++)
                    if (e[i] != a[i]) return "element " + i + " is " + a[i] + ", expected " + e[i];
                return null;
            }
            double[] ef = expected.AsDouble(), af = actual.AsDouble();
            for (int i = 0; i < ef.Length; i++)
            {
                if (double.IsNaN(ef[i]) && double.IsNaN(af[i])) continue;
                if (ef[i] == af[i]) continue; // infinities
                if (!(Math.Abs(af[i] - ef[i]) <= ConformanceSuite.ATol + ConformanceSuite.RTol * Math.Abs(ef[i])))
                    return "element " + i + " is " + af[i] + ", expected " + ef[i];
            }
            return null;
        }
    }
}
