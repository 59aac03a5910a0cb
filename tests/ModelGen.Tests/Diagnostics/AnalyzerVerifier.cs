using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>
    /// Runs ModelGen's analyzers and code fixes through Roslyn's test frameworks. The code compiles against the running
    /// runtime and ModelGen.Runtime (GeneratorHarness.References) rather than a reference pack fetched from NuGet: the
    /// runtime is net10.0, and the test machine has no network.
    /// </summary>
    internal static class AnalyzerVerifier
    {
        /// <summary>A hand-written stand-in for a generated model: the interface, the two Predict overloads and the size constants.</summary>
        public const string ModelStub = @"
namespace TestApp
{
    public sealed class Digits : global::ModelGen.Runtime.ICompiledModel
    {
        public const int PixelsLength = 784;
        public const int ProbabilitiesLength = 10;
        global::ModelGen.Runtime.ModelInfo global::ModelGen.Runtime.ICompiledModel.Info => throw new global::System.NotSupportedException();
        void global::ModelGen.Runtime.ICompiledModel.Run(global::System.ReadOnlySpan<int> dims, global::System.ReadOnlyMemory<byte>[] inputs, global::System.Memory<byte>[] outputs) => throw new global::System.NotSupportedException();
        global::ModelGen.Runtime.TensorBuffer[] global::ModelGen.Runtime.ICompiledModel.Run(global::System.ReadOnlySpan<int> dims, global::System.ReadOnlyMemory<byte>[] inputs) => throw new global::System.NotSupportedException();
        public void Predict(global::System.ReadOnlySpan<float> pixels, global::System.Span<float> probabilities) { }
        public float[] Predict(global::System.ReadOnlySpan<float> pixels) => new float[ProbabilitiesLength];
    }
}
";

        public static ReferenceAssemblies References { get; } = new ReferenceAssemblies("net10.0");

        /// <summary>Checks that <paramref name="markup"/> ({|MG0502:...|} marks each expected diagnostic) plus the model stub yields exactly the marked diagnostics.</summary>
        public static Task VerifyAsync<TAnalyzer>(string markup, string? editorConfig = null, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
            where TAnalyzer : DiagnosticAnalyzer, new()
        {
            var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = markup, ReferenceAssemblies = References };
            Prepare(test.TestState, editorConfig);
            test.TestState.OutputKind = outputKind;
            return test.RunAsync();
        }

        /// <summary>Checks the diagnostics in <paramref name="markup"/> and that the fix turns the code into <paramref name="fixedCode"/>.</summary>
        public static Task VerifyFixAsync<TAnalyzer, TFix>(string markup, string fixedCode)
            where TAnalyzer : DiagnosticAnalyzer, new()
            where TFix : CodeFixProvider, new()
        {
            var test = new CSharpCodeFixTest<TAnalyzer, TFix, DefaultVerifier> { TestCode = markup, FixedCode = fixedCode, ReferenceAssemblies = References };
            Prepare(test.TestState, null);
            Prepare(test.FixedState, null);
            return test.RunAsync();
        }

        private static void Prepare(SolutionState state, string? editorConfig)
        {
            state.AdditionalReferences.AddRange(GeneratorHarness.References);
            if (editorConfig != null) state.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\n" + editorConfig + "\n"));
        }
    }
}
