using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using ModelGen.Runtime;
using ModelGen.Tests.Generator;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>
    /// The InstructionSet option (metadata, or the ModelGenInstructionSet property): portable code by default, or an
    /// instruction-set floor the generated class checks when an instance is created; MG0407 warns about any other value.
    /// </summary>
    public sealed class InstructionSetTests
    {
        private const string Check = "global::ModelGen.Runtime.CpuFloor.Require(\"TinyNet\", ";

        private static GeneratorRun Run(string? metadata, string? property, out string modelPath)
        {
            modelPath = GenModels.Write(GenModels.TinyNet(1), "tiny_net.onnx");
            var props = property == null ? null : new Dictionary<string, string> { ["ModelGenInstructionSet"] = property };
            return GeneratorHarness.Run("", new[] { new ModelItem(modelPath) { InstructionSet = metadata } }, buildProperties: props);
        }

        private static string Shell(GeneratorRun run) => run.Sources.Single(s => s.Value.Contains("public TinyNet(global::ModelGen.Runtime.ModelWeights weights)", StringComparison.Ordinal)).Value;

        [Theory]
        [InlineData(null, null, null)]
        [InlineData("portable", "x86-64-v4", null)]
        [InlineData("x86-64-v3", null, "x86-64-v3")]
        [InlineData(null, "X86-64-V4", "x86-64-v4")]
        [InlineData("x86-64-v4", "x86-64-v3", "x86-64-v4")]
        public void MG0407_is_not_reported_and_the_check_is_emitted_only_with_a_floor(string? metadata, string? property, string? floor)
        {
            var run = Run(metadata, property, out _);
            Assert.Empty(run.GeneratorDiagnostics);
            string shell = Shell(run);
            if (floor == null)
            {
                Assert.DoesNotContain("CpuFloor", shell, StringComparison.Ordinal);
                Assert.DoesNotContain("PlatformNotSupportedException", shell, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains(Check + "\"" + floor + "\");", shell, StringComparison.Ordinal);
                Assert.Contains("<exception cref=\"global::System.PlatformNotSupportedException\">", shell, StringComparison.Ordinal);
            }
            Assert.Empty(run.CompileDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        }

        [Fact]
        public void MG0407_an_unknown_floor_is_a_warning_and_the_code_stays_portable()
        {
            var run = Run("native", null, out _);
            var d = Assert.Single(run.GeneratorDiagnostics);
            Assert.Equal("MG0407", d.Id);
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            Assert.Contains("'native'", d.GetMessage(), StringComparison.Ordinal);
            Assert.DoesNotContain("CpuFloor", Shell(run), StringComparison.Ordinal);
        }

        /// <summary>
        /// The generated constructor really runs the check: an instance of a v4 class is created exactly when this
        /// process can use AVX-512 (the CI's DOTNET_EnableAVX512=0 run takes the other branch), else the constructor
        /// throws the runtime's message for this process.
        /// </summary>
        [Fact]
        public void The_generated_constructor_refuses_exactly_the_processes_below_its_floor()
        {
            var run = Run(CpuFloor.X86V4, null, out string path);
            var type = run.Load().GetType("TestApp.TinyNet")!;
            var fromFile = type.GetMethod("FromFile", BindingFlags.Public | BindingFlags.Static)!;
            string? expected = CpuFloor.Check("TinyNet", CpuFloor.X86V4, CpuFloor.Supported(), RuntimeInformation.ProcessArchitecture);
            if (expected == null)
            {
                Assert.IsType(type, fromFile.Invoke(null, new object[] { path }));
                return;
            }
            var e = Assert.Throws<TargetInvocationException>(() => fromFile.Invoke(null, new object[] { path }));
            var inner = Assert.IsType<PlatformNotSupportedException>(e.InnerException);
            Assert.Equal(expected, inner.Message);
        }
    }
}
