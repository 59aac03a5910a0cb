using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler;
using ModelGen.Compiler.Inspection;
using Xunit;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// The <see cref="BlockedLayoutCases"/>, <see cref="AttentionPatternCases"/>, <see cref="PackedBCases"/> and
    /// <see cref="WinogradCases"/> models compiled with the optimizer on: the rewrite happened (blocked convolution calls,
    /// one attention call, products over packed B, Winograd convolutions) and the results agree with ONNX Runtime's,
    /// NaN row included.
    /// </summary>
    public sealed class LayoutAndPatternNumericTests
    {
        private static Dictionary<string, int> Calls(DiffResult r) =>
            ModelInspector.Inspect(r.Case.Model, new CompileOptions("Model", "Layout.Check", null, "ModelGen.case.onnx", new Dictionary<string, long>()))
                .Stats!.KernelCalls.ToDictionary(k => k.Key, k => k.Value);

        [Fact]
        public void Blocked_chains_run_the_blocked_kernel_and_agree_with_OnnxRuntime()
        {
            var results = DifferentialRun.Instance.Results.Where(r => r.Case.Variant.StartsWith("blocked chain", System.StringComparison.Ordinal)).ToList();
            Assert.Equal(2, results.Count);
            foreach (var r in results)
            {
                var calls = Calls(r);
                Assert.True(calls.TryGetValue("conv.blocked", out int n) && n >= 2, r.Case.Name + ": " + string.Join(", ", calls));
                Assert.True(calls.ContainsKey("blocked.from"), r.Case.Name);
                Assert.True(r.Status == DiffStatus.Agreed, r.ToString());
            }
        }

        [Fact]
        public void A_fully_masked_row_of_the_fused_attention_is_NaN_as_in_OnnxRuntime()
        {
            var r = Assert.Single(DifferentialRun.Instance.Results, x => x.Case.Family == AttentionPatternCases.Family);
            var calls = Calls(r);
            Assert.True(calls.TryGetValue("attention", out int n) && n == 1 && !calls.ContainsKey("softmax"), string.Join(", ", calls));
            Assert.True(r.Status == DiffStatus.Agreed, r.ToString());
        }
    
        [Fact]
        public void Products_by_weights_read_them_packed_and_agree_with_OnnxRuntime()
        {
            var results = DifferentialRun.Instance.Results.Where(r => r.Case.Family == PackedBCases.Family).ToList();
            Assert.Equal(2, results.Count);
            foreach (var r in results)
            {
                var calls = Calls(r);
                string kernel = r.Case.Op == "Gemm" ? "gemm.packed" : "matmul.packed";
                Assert.True(calls.TryGetValue(kernel, out int n) && n == 1 && calls.Count(k => k.Key.StartsWith("elementwise", System.StringComparison.Ordinal)) == 0,
                    r.Case.Name + ": " + string.Join(", ", calls));
                Assert.True(r.Status == DiffStatus.Agreed, r.ToString());
            }
        }

        [Fact]
        public void Winograd_convolutions_run_by_Winograd_and_agree_with_OnnxRuntime()
        {
            var results = DifferentialRun.Instance.Results.Where(r => r.Case.Family == WinogradCases.Family).ToList();
            Assert.Equal(3, results.Count);
            foreach (var r in results)
            {
                var calls = Calls(r);
                Assert.True(calls.TryGetValue("conv.winograd", out int n) && n == 1 && !calls.Keys.Any(k => k.StartsWith("conv.", System.StringComparison.Ordinal) && k != "conv.winograd" && k != "conv.winograd_weights"),
                    r.Case.Name + ": " + string.Join(", ", calls));
                Assert.True(r.Status == DiffStatus.Agreed, r.ToString());
            }
        }
    }
}
