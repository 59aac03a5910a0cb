using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler;
using ModelGen.Compiler.Inspection;
using Xunit;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// The <see cref="ReductionFusionCases"/> models, compiled with the optimizer on: each reduction and its producer became
    /// one generated loop (one "reduce.fused" call, no other call), and its results agree with ONNX Runtime's. Run the test
    /// process with DOTNET_EnableAVX512=0 or DOTNET_EnableAVX2=0 for the narrower widths and the scalar twins.
    /// </summary>
    public sealed class ReductionFusionNumericTests
    {
        [Fact]
        public void Each_reduction_and_its_producer_are_one_loop_that_agrees_with_OnnxRuntime()
        {
            var results = DifferentialRun.Instance.Results.Where(r => r.Case.Family == ReductionFusionCases.Family).ToList();
            Assert.NotEmpty(results);
            var problems = new List<string>();
            foreach (var r in results)
            {
                var report = ModelInspector.Inspect(r.Case.Model, new CompileOptions("Model", "Fusion.Check", null, "ModelGen.case.onnx", new Dictionary<string, long>()));
                var calls = report.Stats!.KernelCalls.ToDictionary(k => k.Key, k => k.Value);
                string listed = r.Case.Name + ": " + string.Join(", ", calls.Select(k => k.Key + "=" + k.Value));
                if (!calls.TryGetValue("reduce.fused", out int fused) || fused != 1 || calls.Sum(k => k.Value) != 1) problems.Add(listed);
                if (r.Status != DiffStatus.Agreed) problems.Add(r.ToString());
            }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }
}
