using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ModelGen.Analyzers
{
    /// <summary>
    /// MG0502: the allocating Predict's result is its only output, so a call used as a statement computes the model,
    /// allocates the outputs and throws them away: almost always a mistake (the span overload was meant, or a missing use).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PredictResultIgnoredAnalyzer : DiagnosticAnalyzer
    {
        public static readonly DiagnosticDescriptor PredictResultIgnored = new DiagnosticDescriptor(
            "MG0502", "Predict result is ignored",
            "The result of '{0}.Predict' is ignored; use it, or call the overload that writes into output spans",
            "Usage", DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "The allocating Predict returns new output tensors and changes nothing else; discarding them wastes the run.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(PredictResultIgnored);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            CompiledModelTypes.RegisterForModels(context, OperationKind.Invocation, Check);
        }

        private static void Check(OperationAnalysisContext context, INamedTypeSymbol model)
        {
            var call = (IInvocationOperation)context.Operation;
            if (call.TargetMethod.ReturnsVoid || !CompiledModelTypes.IsPredict(call.TargetMethod, model)) return;
            // Only a bare statement: `_ = m.Predict(x)` is an explicit discard and stays quiet.
            if (!(call.Parent is IExpressionStatementOperation)) return;
            context.ReportDiagnostic(Diagnostic.Create(PredictResultIgnored, call.Syntax.GetLocation(), call.TargetMethod.ContainingType.Name));
        }
    }
}
