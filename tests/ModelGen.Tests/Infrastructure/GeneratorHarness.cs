using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Generator;

namespace ModelGen.Tests.Infrastructure
{
    /// <summary>An .onnx AdditionalFile for a generator run, with optional item metadata.</summary>
    public sealed record ModelItem(string Path, string? ClassName = null, string? Namespace = null, string? Dims = null, string? Optimize = null, string? DumpIr = null, string? Visibility = null)
    {
        /// <summary>The Weights metadata (embedded, file, stream).</summary>
        public string? Weights { get; init; }

        /// <summary>The InstructionSet metadata (portable, x86-64-v3, x86-64-v4).</summary>
        public string? InstructionSet { get; init; }
        /// <summary>The Threads metadata (1, N, auto).</summary>
        public string? Threads { get; init; }
        /// <summary>The Winograd metadata (true, false).</summary>
        public string? Winograd { get; init; }
    }

    /// <summary>What a generator run produced.</summary>
    public sealed class GeneratorRun
    {
        public required GeneratorDriver Driver { get; init; }
        public required GeneratorDriverRunResult Result { get; init; }
        public required CSharpCompilation Output { get; init; }
        public required IReadOnlyList<ModelItem> Models { get; init; }

        /// <summary>Diagnostics the generator reported.</summary>
        public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

        /// <summary>Generated sources by hint name.</summary>
        public IReadOnlyDictionary<string, string> Sources =>
            Result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        /// <summary>Compiler diagnostics of the user code plus generated code (warnings included).</summary>
        public ImmutableArray<Diagnostic> CompileDiagnostics => Output.GetDiagnostics();

        /// <summary>Emits the compilation with every model embedded as the build targets would, and loads it.</summary>
        public Assembly Load()
        {
            using var pe = new MemoryStream();
            var resources = Models.Select(m => new ResourceDescription("ModelGen." + System.IO.Path.GetFileName(m.Path), () => File.OpenRead(m.Path), isPublic: true));
            var emit = Output.Emit(pe, manifestResources: resources);
            if (!emit.Success) throw new InvalidOperationException("Emit failed:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            return Assembly.Load(pe.ToArray());
        }
    }

    /// <summary>
    /// Drives the real generator in memory (no Roslyn *.Testing packages here): a CSharpCompilation against
    /// the running runtime's assemblies and ModelGen.Runtime, AdditionalFiles read from disk, item metadata
    /// through a test options provider, step tracking on so incremental caching can be asserted.
    /// </summary>
    public static class GeneratorHarness
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new Lazy<ImmutableArray<MetadataReference>>(() =>
        {
            var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(System.IO.Path.PathSeparator);
            var paths = tpa.Where(p => p.Length > 0).ToList();
            paths.Add(typeof(ModelGen.Runtime.Arena).Assembly.Location);
            paths.Add(typeof(System.Numerics.Tensors.Tensor).Assembly.Location);
            return paths.Distinct(StringComparer.OrdinalIgnoreCase).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
        });

        public static CSharpParseOptions ParseOptions { get; } = new CSharpParseOptions(LanguageVersion.Latest);

        /// <summary>What a test compilation references: the running runtime's assemblies and ModelGen.Runtime.</summary>
        public static ImmutableArray<MetadataReference> References => s_references.Value;

        public static CSharpCompilation CreateCompilation(string source, OptimizationLevel optimization = OptimizationLevel.Debug, IEnumerable<MetadataReference>? references = null) =>
            CSharpCompilation.Create("TestApp",
                new[] { CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Program.cs") },
                references ?? s_references.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                    optimizationLevel: optimization, allowUnsafe: false, deterministic: true));

        /// <param name="buildProperties">Project properties the build targets make visible ("ModelGenOptimize" → "false").</param>
        public static GeneratorDriver CreateDriver(IEnumerable<ModelItem> models, string rootNamespace = "TestApp", IReadOnlyDictionary<string, string>? buildProperties = null)
        {
            var list = models.ToList();
            var texts = list.Select(m => (AdditionalText)new DiskAdditionalText(m.Path)).ToImmutableArray();
            return CSharpGeneratorDriver.Create(
                new[] { new ModelGenerator().AsSourceGenerator() },
                additionalTexts: texts,
                parseOptions: ParseOptions,
                optionsProvider: new TestOptionsProvider(rootNamespace, list, buildProperties),
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        }

        /// <summary>Runs the generator once over <paramref name="source"/> and <paramref name="models"/>.</summary>
        public static GeneratorRun Run(string source, IEnumerable<ModelItem> models, string rootNamespace = "TestApp", OptimizationLevel optimization = OptimizationLevel.Debug,
            IReadOnlyDictionary<string, string>? buildProperties = null, IEnumerable<MetadataReference>? references = null)
        {
            var list = models.ToList();
            var compilation = CreateCompilation(source, optimization, references);
            var driver = CreateDriver(list, rootNamespace, buildProperties).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
            return new GeneratorRun { Driver = driver, Result = driver.GetRunResult(), Output = (CSharpCompilation)output, Models = list };
        }

        /// <summary>An AdditionalText backed by a real file: the generator reads the bytes itself.</summary>
        private sealed class DiskAdditionalText : AdditionalText
        {
            public DiskAdditionalText(string path) { Path = path; }
            public override string Path { get; }
            public override SourceText? GetText(CancellationToken cancellationToken = default) => null;
        }

        private sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
        {
            private readonly Dictionary<string, ModelItem> _byPath;

            public TestOptionsProvider(string rootNamespace, IEnumerable<ModelItem> models, IReadOnlyDictionary<string, string>? buildProperties)
            {
                var global = new Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace };
                foreach (var kv in buildProperties ?? new Dictionary<string, string>()) global["build_property." + kv.Key] = kv.Value;
                GlobalOptions = new DictionaryOptions(global);
                _byPath = models.ToDictionary(m => m.Path, StringComparer.Ordinal);
            }

            public override AnalyzerConfigOptions GlobalOptions { get; }

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new DictionaryOptions(new Dictionary<string, string>());

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
            {
                var d = new Dictionary<string, string>();
                if (_byPath.TryGetValue(textFile.Path, out var m))
                {
                    if (m.ClassName != null) d["build_metadata.AdditionalFiles.ClassName"] = m.ClassName;
                    if (m.Namespace != null) d["build_metadata.AdditionalFiles.Namespace"] = m.Namespace;
                    if (m.Dims != null) d["build_metadata.AdditionalFiles.Dims"] = m.Dims;
                    if (m.Optimize != null) d["build_metadata.AdditionalFiles.Optimize"] = m.Optimize;
                    if (m.DumpIr != null) d["build_metadata.AdditionalFiles.DumpIr"] = m.DumpIr;
                    if (m.Visibility != null) d["build_metadata.AdditionalFiles.Visibility"] = m.Visibility;
                    if (m.Weights != null) d["build_metadata.AdditionalFiles.Weights"] = m.Weights;
                    if (m.InstructionSet != null) d["build_metadata.AdditionalFiles.InstructionSet"] = m.InstructionSet;
                    if (m.Threads != null) d["build_metadata.AdditionalFiles.Threads"] = m.Threads;
                    if (m.Winograd != null) d["build_metadata.AdditionalFiles.Winograd"] = m.Winograd;
                }
                return new DictionaryOptions(d);
            }
        }

        private sealed class DictionaryOptions : AnalyzerConfigOptions
        {
            private readonly Dictionary<string, string> _values;
            public DictionaryOptions(Dictionary<string, string> values) { _values = values; }
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
        }
    }
}
