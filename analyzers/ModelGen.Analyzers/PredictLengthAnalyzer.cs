using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ModelGen.Analyzers
{
    /// <summary>
    /// MG0504: a Predict argument made by <c>new T[c]</c> (directly, or through a local initialised so) whose constant
    /// length differs from the model's <c>{Parameter}Length</c> constant. The call would throw ArgumentException at run
    /// time on every call; the generated class states each static size as a constant, so the build can say so first.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PredictLengthAnalyzer : DiagnosticAnalyzer
    {
        public static readonly DiagnosticDescriptor LengthMismatch = new DiagnosticDescriptor(
            "MG0504", "Predict argument has the wrong length",
            "Argument '{0}' has {1} elements but {2}.{3} is {4}; Predict would throw ArgumentException",
            "Usage", DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: "The array passed to Predict has a constant length that does not match the tensor's static element count.");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(LengthMismatch);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            CompiledModelTypes.RegisterForModels(context, OperationKind.Invocation, Check);
        }

        private static void Check(OperationAnalysisContext context, INamedTypeSymbol model)
        {
            var call = (IInvocationOperation)context.Operation;
            if (!CompiledModelTypes.IsPredict(call.TargetMethod, model)) return;
            var type = call.TargetMethod.ContainingType;
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter == null) continue;
                string constantName = Pascal(argument.Parameter.Name) + "Length";
                var expected = type.GetMembers(constantName).OfType<IFieldSymbol>()
                    .FirstOrDefault(f => f.IsConst && f.ConstantValue is int)?.ConstantValue as int?;
                if (expected == null) continue; // a dynamic-size tensor has no constant
                int? actual = ConstantArrayLength(argument.Value, context);
                if (actual == null || actual == expected) continue;
                context.ReportDiagnostic(Diagnostic.Create(LengthMismatch, argument.Syntax.GetLocation(),
                    argument.Parameter.Name, actual, type.Name, constantName, expected));
            }
        }

        /// <summary>The constant length of <c>new T[c]</c>, seen through conversions (array to span) and one local's initializer.</summary>
        private static int? ConstantArrayLength(IOperation value, OperationAnalysisContext context)
        {
            while (value is IConversionOperation conversion) value = conversion.Operand;
            if (value is ILocalReferenceOperation local)
            {
                var initial = Initializer(local.Local, context);
                if (initial == null) return null;
                value = initial;
                while (value is IConversionOperation conversion) value = conversion.Operand;
            }
            if (value is IArrayCreationOperation array && array.DimensionSizes.Length == 1 &&
                array.DimensionSizes[0].ConstantValue.HasValue && array.DimensionSizes[0].ConstantValue.Value is int n)
                return n;
            return null;
        }

        /// <summary>
        /// The local's initializer, when the local is never assigned again in its method (a reassigned local's length is
        /// not known here, so it is not checked).
        /// </summary>
        private static IOperation? Initializer(ILocalSymbol local, OperationAnalysisContext context)
        {
            if (local.DeclaringSyntaxReferences.Length != 1) return null;
            if (!(local.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is VariableDeclaratorSyntax declarator) ||
                declarator.Initializer == null) return null;
            var model = context.Operation.SemanticModel;
            if (model == null || model.SyntaxTree != declarator.SyntaxTree) return null;
            // Top-level statements are one GlobalStatement each, so their locals live across the whole file.
            SyntaxNode? body = declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (body is GlobalStatementSyntax) body = body.Parent;
            if (body == null) return null;
            foreach (var node in body.DescendantNodes())
            {
                var target = node switch
                {
                    AssignmentExpressionSyntax a => a.Left,
                    ArgumentSyntax r when !r.RefKindKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None) => r.Expression,
                    _ => null,
                };
                if (target is IdentifierNameSyntax id && id.Identifier.ValueText == local.Name &&
                    SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id, context.CancellationToken).Symbol, local))
                    return null;
            }
            return model.GetOperation(declarator.Initializer.Value, context.CancellationToken);
        }

        private static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
    }
}
