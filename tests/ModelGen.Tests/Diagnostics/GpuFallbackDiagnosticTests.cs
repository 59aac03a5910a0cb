using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>
    /// MG0601: in a project that references ModelGen.Gpu, each node the GPU session runs with its CPU kernel is reported
    /// once, as a warning naming the node and the op; without the reference there is no GPU session and no MG0601.
    /// (The sessions themselves run in tests/ModelGen.Gpu.Tests, which has ILGPU; here an empty assembly named
    /// ModelGen.Gpu is enough, since the generator looks only at the reference's name.)
    /// </summary>
    public sealed class GpuFallbackDiagnosticTests
    {
        private static string Model => Path.Combine(TestPaths.RepoRoot, "sample-apps", "Digits", "Models", "digits.onnx");

        /// <summary>
        /// x → Elu (no GPU form: its expression selects on a comparison) → Softmax (a library kernel) → CumSum (no GPU
        /// kernel) → y, static shapes.
        /// </summary>
        internal static string FallbackModel()
        {
            string path = Path.Combine(TestPaths.NewTempDir(), "fallback.onnx");
            new ModelGen.Compiler.Writing.OnnxModelBuilder("fallback")
                .Input("x", ModelGen.Compiler.Ir.ElementType.Float, new object?[] { 2, 8 })
                .Initializer("axis", new int[0], new long[] { 1 })
                .Node("Elu", new[] { "x" }, new[] { "e" }, name: "elu")
                .Node("Softmax", new[] { "e" }, new[] { "p" }, name: "softmax")
                .Node("CumSum", new[] { "p", "axis" }, new[] { "y" }, name: "cumsum")
                .Output("y", ModelGen.Compiler.Ir.ElementType.Float, new object?[] { 2, 8 })
                .Save(path);
            return path;
        }

        /// <summary>An empty assembly named ModelGen.Gpu: what the generator looks for.</summary>
        internal static MetadataReference FakeGpuAssembly()
        {
            var c = CSharpCompilation.Create("ModelGen.Gpu", new[] { CSharpSyntaxTree.ParseText("namespace ModelGen.Gpu { public static class Marker { } }") },
                GeneratorHarness.References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            using var image = new MemoryStream();
            Assert.True(c.Emit(image).Success);
            return MetadataReference.CreateFromImage(image.ToArray());
        }

        [Fact]
        public void MG0601_names_each_node_that_runs_on_the_cpu_in_the_gpu_session_once()
        {
            var run = GeneratorHarness.Run("", new[] { new ModelItem(FallbackModel()) }, references: GeneratorHarness.References.Add(FakeGpuAssembly()));
            var warnings = run.GeneratorDiagnostics.Where(d => d.Id == "MG0601").ToList();
            Assert.Equal(2, warnings.Count);
            Assert.All(warnings, d =>
            {
                Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
                Assert.Matches(new Regex(@"^fallback\.onnx: Node '[^']+' \([A-Za-z]+\) runs on the CPU in the GPU session: ModelGen\.Gpu has no kernel for '[a-z_.0-9]+' here yet\.$"), d.GetMessage());
            });
            var nodes = warnings.Select(d => Regex.Match(d.GetMessage(), "Node '([^']+)'").Groups[1].Value).ToList();
            Assert.Equal(nodes.Distinct().Count(), nodes.Count);
            Assert.Equal(new[] { "cumsum", "elu" }, nodes.OrderBy(n => n, System.StringComparer.Ordinal));
            Assert.Contains("Fallback.Gpu.g.cs", run.Sources.Keys);
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        }

        [Fact]
        public void MG0601_is_not_reported_without_a_ModelGen_Gpu_reference()
        {
            var run = GeneratorHarness.Run("", new[] { new ModelItem(Model) });
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "MG0601");
            Assert.DoesNotContain(run.Sources.Keys, k => k.Contains("Gpu", System.StringComparison.Ordinal));
        }
    }
}
