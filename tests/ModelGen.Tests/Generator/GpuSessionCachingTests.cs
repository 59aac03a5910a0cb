using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Generator;
using ModelGen.Tests.Diagnostics;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Generator
{
    /// <summary>
    /// The ModelGen.Gpu reference is a bool input of the compile step: an unrelated edit in a project that has it still
    /// hits the cache, and gaining the reference recompiles the model and adds the GPU session's sources.
    /// </summary>
    public sealed class GpuSessionCachingTests
    {
        [Fact]
        public void With_ModelGen_Gpu_an_unrelated_edit_leaves_the_compile_step_cached()
        {
            var models = new[] { new ModelItem(GpuFallbackDiagnosticTests.FallbackModel()) };
            var compilation = GeneratorHarness.CreateCompilation("namespace TestApp { public class A { } }",
                references: GeneratorHarness.References.Add(GpuFallbackDiagnosticTests.FakeGpuAssembly()));
            var driver = GeneratorHarness.CreateDriver(models).RunGenerators(compilation);
            int trees = driver.GetRunResult().GeneratedTrees.Length;
            Assert.Contains(driver.GetRunResult().GeneratedTrees, t => t.FilePath.EndsWith("Fallback.Gpu.g.cs", StringComparison.Ordinal));

            driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace TestApp { public class B { } }", GeneratorHarness.ParseOptions, path: "B.cs")));
            Assert.All(CompileStepReasons(driver), r => Assert.True(r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged, "Compile step output was " + r));
            Assert.Equal(trees, driver.GetRunResult().GeneratedTrees.Length);
        }

        [Fact]
        public void Gaining_the_ModelGen_Gpu_reference_recompiles_and_adds_the_session()
        {
            var models = new[] { new ModelItem(GpuFallbackDiagnosticTests.FallbackModel()) };
            var compilation = GeneratorHarness.CreateCompilation("");
            var driver = GeneratorHarness.CreateDriver(models).RunGenerators(compilation);
            Assert.Equal(3, driver.GetRunResult().GeneratedTrees.Length);

            driver = driver.RunGenerators(compilation.AddReferences(GpuFallbackDiagnosticTests.FakeGpuAssembly()));
            Assert.Equal(new[] { IncrementalStepRunReason.Modified }, CompileStepReasons(driver));
            Assert.Contains(driver.GetRunResult().GeneratedTrees, t => t.FilePath.EndsWith("Fallback.Gpu.g.cs", StringComparison.Ordinal));
        }

        private static IncrementalStepRunReason[] CompileStepReasons(GeneratorDriver driver) =>
            driver.GetRunResult().Results[0].TrackedSteps[ModelGenerator.CompileStep].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
    }
}
