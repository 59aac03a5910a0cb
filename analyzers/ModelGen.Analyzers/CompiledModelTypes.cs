using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ModelGen.Analyzers
{
    /// <summary>
    /// Recognises model classes by the interface every generated class implements, so the checks work for the
    /// generator's own classes and for [OnnxModel] classes alike (analyzers see the generated sources too).
    /// </summary>
    internal static class CompiledModelTypes
    {
        public const string InterfaceName = "ModelGen.Runtime.ICompiledModel";

        /// <summary>
        /// What every MG05xx usage analyzer registers: <paramref name="check"/> on each operation of <paramref name="kind"/>
        /// in a compilation that references the runtime (none otherwise: no model type can exist there).
        /// </summary>
        public static void RegisterForModels(AnalysisContext context, OperationKind kind, System.Action<OperationAnalysisContext, INamedTypeSymbol> check)
        {
            context.RegisterCompilationStartAction(start =>
            {
                var model = start.Compilation.GetTypeByMetadataName(InterfaceName);
                if (model == null) return;
                start.RegisterOperationAction(c => check(c, model), kind);
            });
        }

        public static bool IsModel(ITypeSymbol? type, INamedTypeSymbol compiledModel)
        {
            if (type == null) return false;
            foreach (var i in type.AllInterfaces)
                if (SymbolEqualityComparer.Default.Equals(i, compiledModel)) return true;
            return false;
        }

        /// <summary>A call of a model's Predict overload (the span one or the allocating one).</summary>
        public static bool IsPredict(IMethodSymbol method, INamedTypeSymbol compiledModel) =>
            method.Name == "Predict" && !method.IsStatic && IsModel(method.ContainingType, compiledModel);
    }
}
