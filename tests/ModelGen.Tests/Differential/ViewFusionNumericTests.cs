using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler;
using ModelGen.Compiler.Inspection;
using Xunit;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// The <see cref="ViewFusionCases"/> models, compiled with the optimizer on: every Slice and Concat went into the
    /// fused loops (no "slice" or "concat.block" call is left, and nothing but fused loops runs), and the results agree
    /// with ONNX Runtime's.
    /// </summary>
    public sealed class ViewFusionNumericTests
    {
        [Fact]
        public void Slices_and_concats_become_views_of_fused_loops_that_agree_with_OnnxRuntime()
        {
            var results = DifferentialRun.Instance.Results.Where(r => r.Case.Family == ViewFusionCases.Family).ToList();
            Assert.Equal(3, results.Count);
            foreach (var r in results)
            {
                var report = ModelInspector.Inspect(r.Case.Model, new CompileOptions("Model", "Views.Check", null, "ModelGen.case.onnx", new Dictionary<string, long>()));
                var calls = report.Stats!.KernelCalls.ToDictionary(k => k.Key, k => k.Value);
                string seen = r.Case.Name + ": " + string.Join(", ", calls.Select(k => k.Key + "=" + k.Value));
                // Box decoding is two loops (the second reads what the first stored); the others are one.
                int expected = r.Case.Op == "Slice" ? 2 : 1;
                Assert.True(calls.TryGetValue("elementwise.fused", out int fused) && fused == expected, seen);
                Assert.True(calls.Keys.All(k => k == "elementwise.fused"), seen);
                Assert.True(r.Status == DiffStatus.Agreed, r.ToString());
            }
        }
    }
}
