using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ModelGen.Analyzers
{
    /// <summary>
    /// MG0501: a class marked [OnnxModel] must be one the generator can add members to: a top-level,
    /// non-generic, non-static partial class. Needs no generation state, so it lives here rather than in the generator.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class OnnxModelClassAnalyzer : DiagnosticAnalyzer
    {
        public const string AttributeName = "ModelGen.Runtime.OnnxModelAttribute";

        public static readonly DiagnosticDescriptor ClassNotPartial = new DiagnosticDescriptor(
            "MG0501", "[OnnxModel] class must be partial",
            "Class '{0}' has [OnnxModel] but {1}; declare it as a top-level, non-generic, non-static partial class",
            "ModelGen", DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: "The generator adds members to the class, so it must be declared partial (and not static, generic or nested).");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(ClassNotPartial);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var attribute = start.Compilation.GetTypeByMetadataName(AttributeName);
                if (attribute == null) return;
                start.RegisterSymbolAction(c => Check(c, attribute), SymbolKind.NamedType);
            });
        }

        private static void Check(SymbolAnalysisContext context, INamedTypeSymbol attribute)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            var applied = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
            if (applied == null) return;
            string? why = null;
            bool partial = type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is ClassDeclarationSyntax c && c.Modifiers.Any(SyntaxKind.PartialKeyword));
            if (type.TypeKind != TypeKind.Class) why = "it is not a class";
            else if (!partial) why = "it is not partial";
            else if (type.IsStatic) why = "it is static";
            else if (type.IsGenericType) why = "it is generic";
            else if (type.ContainingType != null) why = "it is nested in another type";
            if (why == null) return;
            var location = applied.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? type.Locations.FirstOrDefault();
            context.ReportDiagnostic(Diagnostic.Create(ClassNotPartial, location, type.Name, why));
        }
    }
}
