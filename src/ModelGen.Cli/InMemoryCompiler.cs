using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Compiler;

namespace ModelGen.Cli
{
    /// <summary>What compiling generated sources in memory gave: the loaded assembly (null on errors) and Roslyn's diagnostics.</summary>
    internal sealed class InMemoryCompilation
    {
        public InMemoryCompilation(Assembly? assembly, IReadOnlyList<Diagnostic> errors, IReadOnlyList<Diagnostic> warnings, TimeSpan elapsed)
        {
            Assembly = assembly;
            Errors = errors;
            Warnings = warnings;
            Elapsed = elapsed;
        }

        public Assembly? Assembly { get; }
        public IReadOnlyList<Diagnostic> Errors { get; }
        public IReadOnlyList<Diagnostic> Warnings { get; }
        public TimeSpan Elapsed { get; }
    }

    /// <summary>
    /// Compiles generated C# with Roslyn as a Release build with nullable enabled, against the running runtime's
    /// assemblies plus ModelGen.Runtime and System.Numerics.Tensors, and loads the result.
    /// </summary>
    internal static class InMemoryCompiler
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new Lazy<ImmutableArray<MetadataReference>>(LoadReferences);

        /// <summary>The warnings the .NET SDK silences by default (assembly-unification notices).</summary>
        private static readonly ImmutableDictionary<string, ReportDiagnostic> s_suppressed =
            ImmutableDictionary.CreateRange(new[]
            {
                new KeyValuePair<string, ReportDiagnostic>("CS1701", ReportDiagnostic.Suppress),
                new KeyValuePair<string, ReportDiagnostic>("CS1702", ReportDiagnostic.Suppress),
            });

        public static InMemoryCompilation Compile(IReadOnlyList<GeneratedSource> sources, string assemblyName)
        {
            var clock = Stopwatch.StartNew();
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse);
            var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, path: s.HintName, encoding: Encoding.UTF8)).ToArray();
            var options = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable,
                specificDiagnosticOptions: s_suppressed,
                deterministic: true);
            var compilation = CSharpCompilation.Create(assemblyName, trees, s_references.Value, options);
            using var stream = new MemoryStream();
            var emit = compilation.Emit(stream);
            clock.Stop();
            var errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            var warnings = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToArray();
            if (!emit.Success || errors.Length > 0) return new InMemoryCompilation(null, errors, warnings, clock.Elapsed);
            return new InMemoryCompilation(Assembly.Load(stream.ToArray()), errors, warnings, clock.Elapsed);
        }

        /// <summary>Trusted platform assemblies, with ModelGen.Runtime and System.Numerics.Tensors from where they were loaded; one per simple name.</summary>
        private static ImmutableArray<MetadataReference> LoadReferences()
        {
            var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
            foreach (var path in tpa.Split(Path.PathSeparator))
            {
                if (path.Length == 0 || !path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || !File.Exists(path)) continue;
                byName[Path.GetFileNameWithoutExtension(path)] = path;
            }
            foreach (var assembly in new[] { typeof(Runtime.ICompiledModel).Assembly, typeof(System.Numerics.Tensors.TensorPrimitives).Assembly })
            {
                if (assembly.Location.Length > 0) byName[assembly.GetName().Name!] = assembly.Location;
            }
            var references = ImmutableArray.CreateBuilder<MetadataReference>(byName.Count);
            foreach (var path in byName.Values.OrderBy(p => p, StringComparer.Ordinal))
            {
                if (IsManagedAssembly(path)) references.Add(MetadataReference.CreateFromFile(path));
            }
            return references.ToImmutable();
        }

        private static bool IsManagedAssembly(string path)
        {
            try
            {
                using var stream = File.OpenRead(path);
                using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
                return pe.HasMetadata && pe.GetMetadataReader().IsAssembly;
            }
            catch (Exception e) when (e is IOException || e is BadImageFormatException || e is UnauthorizedAccessException || e is InvalidOperationException)
            {
                return false;
            }
        }
    }
}
