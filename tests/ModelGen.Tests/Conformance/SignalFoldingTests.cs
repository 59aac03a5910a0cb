using System.Collections.Generic;
using System.IO;
using ModelGen.Compiler.Passes;
using ModelGen.Compiler.Reading;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Conformance
{
    /// <summary>
    /// The window ops and MelWeightMatrix fold to constants when their inputs are known at build time: each backend
    /// test's inputs made constants, folded, and compared with ONNX's expected output (the conformance run checks
    /// the run-time kernels on the same tests).
    /// </summary>
    public sealed class SignalFoldingTests
    {
        [SharedDataFact]
        public void Windows_and_mel_weights_fold_to_the_expected_outputs()
        {
            var problems = new List<string>();
            foreach (var test in new[] { "test_hannwindow", "test_hannwindow_symmetric", "test_hammingwindow", "test_hammingwindow_symmetric",
                                         "test_blackmanwindow", "test_blackmanwindow_symmetric", "test_melweightmatrix" })
            {
                var c = BackendManifest.Find("node/" + test);
                var graph = BuildTimeEvaluationTests.ImportWithConstantInputs(c);
                if (graph == null) { problems.Add(test + ": does not import"); continue; }
                new ConstantFolding().Run(graph, new OptimizationLog());
                var actual = graph.Outputs[0].Data;
                if (actual == null) { problems.Add(test + ": not folded"); continue; }
                var expected = TensorFile.Read(File.ReadAllBytes(Path.Combine(c.DataDir, "output_0.pb"))).ToTensorData();
                var difference = BuildTimeEvaluationTests.Compare(expected, actual);
                if (difference != null) problems.Add(test + ": " + difference);
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }
}
