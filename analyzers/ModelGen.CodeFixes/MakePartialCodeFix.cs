using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelGen.CodeFixes
{
    /// <summary>
    /// MG0501: adds <c>partial</c> to the [OnnxModel] class. Offered only when the modifier is what is missing; a static,
    /// generic or nested class has no single obvious fix, so it gets none.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
    public sealed class MakePartialCodeFix : CodeFixProvider
    {
        // The id, not the analyzer's descriptor: this assembly does not load the analyzers' one.
        public const string DiagnosticId = "MG0501";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticId);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                // The diagnostic sits on the attribute; the class is the declaration around it.
                var declaration = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<ClassDeclarationSyntax>();
                if (declaration == null || declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) continue;
                context.RegisterCodeFix(
                    CodeAction.Create("Make '" + declaration.Identifier.ValueText + "' partial",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(declaration, AddPartial(declaration)))),
                        equivalenceKey: nameof(MakePartialCodeFix)),
                    diagnostic);
            }
        }

        /// <summary>C# wants <c>partial</c> right before <c>class</c>, after every other modifier.</summary>
        private static ClassDeclarationSyntax AddPartial(ClassDeclarationSyntax declaration)
        {
            if (declaration.Modifiers.Count == 0)
            {
                // No modifiers: the class keyword carries the leading trivia (indentation, attributes' line break).
                var keyword = declaration.Keyword;
                var partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
                return declaration.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
            }
            return declaration.WithModifiers(declaration.Modifiers.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space)));
        }
    }
}
