using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ModelGen.Analyzers
{
    /// <summary>
    /// MG0403: [OnnxModel("x.onnx")] names no .onnx AdditionalFile, so the generator has nothing to compile into the class.
    /// The analyzer owns the id (the generator, which used to report it, now only skips such a class): it shows the error
    /// while the user types and carries the code fixes (ModelGen.CodeFixes: point the attribute at a close file, or add
    /// the item to the project), and both ship in the one ModelGen package, so reporting it on both sides would print
    /// every such error twice in a build. Paths are compared as the generator's AttributedClass.Names does.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ModelFileNotFoundAnalyzer : DiagnosticAnalyzer
    {
        public static readonly DiagnosticDescriptor ModelFileNotFound = new DiagnosticDescriptor(
            "MG0403", "[OnnxModel] names a file that is not an AdditionalFile",
            "[OnnxModel(\"{0}\")] on class {1} names no .onnx AdditionalFile. Add <AdditionalFiles Include=\"{0}\" /> to the project.",
            "ModelGen", DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: "The path in [OnnxModel(\"...\")] must match an .onnx file added as <AdditionalFiles Include=\"...\" /> (compared by the end of the path).");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(ModelFileNotFound);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var attribute = start.Compilation.GetTypeByMetadataName(OnnxModelClassAnalyzer.AttributeName);
                if (attribute == null) return;
                var models = start.Options.AdditionalFiles.Select(f => f.Path)
                    .Where(p => p.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)).ToImmutableArray();
                start.RegisterSymbolAction(c => Check(c, attribute, models), SymbolKind.NamedType);
            });
        }

        private static void Check(SymbolAnalysisContext context, INamedTypeSymbol attribute, ImmutableArray<string> models)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            foreach (var applied in type.GetAttributes().Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)))
            {
                if (applied.ConstructorArguments.Length != 1 || !(applied.ConstructorArguments[0].Value is string path)) continue;
                if (models.Any(m => ModelPaths.Names(path, m))) continue;
                var location = applied.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? type.Locations.FirstOrDefault();
                context.ReportDiagnostic(Diagnostic.Create(ModelFileNotFound, location, path, type.Name));
            }
        }
    }

    /// <summary>How an [OnnxModel] path names an AdditionalFile: the same rule as the generator's AttributedClass.Names.</summary>
    internal static class ModelPaths
    {
        /// <summary>True when <paramref name="attributePath"/> names <paramref name="filePath"/>: compared by the end of the path, either slash, ignoring case.</summary>
        public static bool Names(string attributePath, string filePath)
        {
            string a = Normalize(filePath), b = Normalize(attributePath);
            return a == b || a.EndsWith("/" + b, StringComparison.OrdinalIgnoreCase) || string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        }

        private static string Normalize(string p) => p.Replace('\\', '/').TrimStart('.', '/');
    }
}
