using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ModelGen.Analyzers
{
    /// <summary>
    /// MG0503: a model instance owns its working memory (the arena) and is meant to be created once and reused;
    /// constructing one per loop iteration allocates that memory every time.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ModelCreatedInLoopAnalyzer : DiagnosticAnalyzer
    {
        public static readonly DiagnosticDescriptor ModelCreatedInLoop = new DiagnosticDescriptor(
            "MG0503", "Model instance created inside a loop",
            "A new '{0}' is created on every iteration of the loop; create it once outside the loop and reuse it",
            "Performance", DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "Each model instance allocates its own working memory; create one and call Predict on it repeatedly.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(ModelCreatedInLoop);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            CompiledModelTypes.RegisterForModels(context, OperationKind.ObjectCreation, Check);
        }

        private static void Check(OperationAnalysisContext context, INamedTypeSymbol model)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (!CompiledModelTypes.IsModel(creation.Type, model) || !InLoopBody(creation.Syntax)) return;
            context.ReportDiagnostic(Diagnostic.Create(ModelCreatedInLoop, creation.Syntax.GetLocation(), creation.Type!.Name));
        }

        /// <summary>
        /// True when the node runs once per iteration: inside a loop's body (or a for loop's condition and incrementors).
        /// A lambda or local function in between stops the walk, since when it runs is not known here.
        /// </summary>
        private static bool InLoopBody(SyntaxNode node)
        {
            var child = node;
            for (var parent = node.Parent; parent != null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case AnonymousFunctionExpressionSyntax _:
                    case LocalFunctionStatementSyntax _:
                    case MemberDeclarationSyntax _:
                        return false;
                    case ForStatementSyntax f when child == f.Statement || child == f.Condition || (child is ExpressionSyntax x && f.Incrementors.Contains(x)):
                    case CommonForEachStatementSyntax e when child == e.Statement:
                    case WhileStatementSyntax w when child == w.Statement || child == w.Condition:
                    case DoStatementSyntax d when child == d.Statement || child == d.Condition:
                        return true;
                }
            }
            return false;
        }
    }
}
