using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler;
using ModelGen.Compiler.Inspection;
using Xunit;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// The <see cref="EpilogueFusionCases"/> models, compiled with the optimizer on: the product is one kernel call
    /// (conv_transpose, conv, or matmul.bias taking the bias) and no elementwise call is left, and the results agree with
    /// ONNX Runtime's.
    /// </summary>
    public sealed class EpilogueFusionNumericTests
    {
        [Fact]
        public void Each_product_takes_its_epilogue_and_agrees_with_OnnxRuntime()
        {
            var results = DifferentialRun.Instance.Results.Where(r => r.Case.Family == EpilogueFusionCases.Family).ToList();
            Assert.NotEmpty(results);
            foreach (var r in results)
            {
                var report = ModelInspector.Inspect(r.Case.Model, new CompileOptions("Model", "Epilogue.Check", null, "ModelGen.case.onnx", new Dictionary<string, long>()));
                var calls = report.Stats!.KernelCalls.ToDictionary(k => k.Key, k => k.Value);
                string all = r.Case.Name + ": " + string.Join(", ", calls.Select(k => k.Key + "=" + k.Value));
                // A float stride-1 Conv takes the shifted-input GEMM, others im2col: both take the epilogue.
                string[] products = r.Case.Op == "ConvTranspose" ? new[] { "conv_transpose" } : r.Case.Op == "Conv" ? new[] { "conv.im2col_gemm", "conv.shifted" } : new[] { "matmul.bias" };
                Assert.True(products.Sum(p => calls.TryGetValue(p, out int n) ? n : 0) == 1, all);
                Assert.True(!calls.Keys.Any(k => k.StartsWith("elementwise", System.StringComparison.Ordinal)), all);
                Assert.True(r.Status == DiffStatus.Agreed || (r.Status == DiffStatus.NoOrtKernel && r.Case.Type == ModelGen.Compiler.Ir.ElementType.Float16), r.ToString());
            }
            Assert.True(results.Count(r => r.Status == DiffStatus.Agreed) >= results.Count - 2, string.Join("\n", results));
        }
    }
}
