using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelGen.CodeFixes
{
    /// <summary>
    /// MG0403 ([OnnxModel("x.onnx")] names no .onnx AdditionalFile): offers to point the attribute at an .onnx AdditionalFile
    /// whose name is close (the same name in another folder, or at most two edits away: a typo), and to add the named file
    /// to the project as an AdditionalFiles item (<see cref="AddAdditionalFileOperation"/>, which edits the .csproj).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ModelFileCodeFix)), Shared]
    public sealed class ModelFileCodeFix : CodeFixProvider
    {
        // The id, not the analyzer's descriptor: this assembly does not load the analyzers' one.
        public const string DiagnosticId = "MG0403";

        /// <summary>The equivalence key of "use this file instead", followed by the replacement path.</summary>
        public const string UseFileKey = "ModelFileCodeFix.Use:";

        /// <summary>The equivalence key of "add the file to the project".</summary>
        public const string AddItemKey = "ModelFileCodeFix.Add";

        private const int MaxEdits = 2;
        private const int MaxSuggestions = 3;

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticId);

        // Each fix is about one attribute and one file: there is nothing to fix all at once.
        public override FixAllProvider? GetFixAllProvider() => null;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var attribute = root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>();
                var literal = attribute?.ArgumentList?.Arguments.FirstOrDefault()?.Expression as LiteralExpressionSyntax;
                if (literal == null || !literal.IsKind(SyntaxKind.StringLiteralExpression)) continue;
                string path = literal.Token.ValueText;

                foreach (var candidate in Candidates(context.Document, path))
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Use '" + candidate + "'",
                            _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(literal,
                                SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(candidate)).WithTriviaFrom(literal)))),
                            equivalenceKey: UseFileKey + candidate),
                        diagnostic);
                }
                if (context.Document.Project.FilePath != null)
                    context.RegisterCodeFix(new AddItemAction(context.Document.Project.FilePath, path), diagnostic);
            }
        }

        /// <summary>
        /// The .onnx AdditionalFiles that the attribute probably meant, closest first, each as the path to write: relative
        /// to the project's folder (else the source file's), with forward slashes, as it would be written in the .csproj.
        /// </summary>
        internal static IReadOnlyList<string> Candidates(Document document, string attributePath)
        {
            string wanted = FileName(attributePath);
            string? baseDir = Path.GetDirectoryName(document.Project.FilePath ?? document.FilePath ?? "");
            var found = new List<(int Edits, string Path)>();
            foreach (var file in document.Project.AdditionalDocuments)
            {
                if (file.FilePath == null || !file.FilePath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) continue;
                int edits = string.Equals(FileName(file.FilePath), wanted, StringComparison.OrdinalIgnoreCase) ? 0 : EditDistance(FileName(file.FilePath).ToLowerInvariant(), wanted.ToLowerInvariant(), MaxEdits);
                if (edits > MaxEdits) continue;
                string written = Written(file.FilePath, baseDir);
                if (!found.Any(f => string.Equals(f.Path, written, StringComparison.OrdinalIgnoreCase))) found.Add((edits, written));
            }
            return found.OrderBy(f => f.Edits).ThenBy(f => f.Path, StringComparer.Ordinal).Take(MaxSuggestions).Select(f => f.Path).ToList();
        }

        private static string FileName(string path) => path.Replace('\\', '/').Split('/').Last();

        private static string Written(string filePath, string? baseDir)
        {
            string file = filePath.Replace('\\', '/');
            if (string.IsNullOrEmpty(baseDir)) return FileName(file);
            string dir = baseDir!.Replace('\\', '/').TrimEnd('/') + "/";
            return file.StartsWith(dir, StringComparison.OrdinalIgnoreCase) ? file.Substring(dir.Length) : FileName(file);
        }

        /// <summary>Levenshtein distance, or <paramref name="limit"/> + 1 as soon as it must exceed the limit.</summary>
        internal static int EditDistance(string a, string b, int limit)
        {
            if (Math.Abs(a.Length - b.Length) > limit) return limit + 1;
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++) previous[j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                int rowMin = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    current[j] = Math.Min(substitute, Math.Min(previous[j], current[j - 1]) + 1);
                    rowMin = Math.Min(rowMin, current[j]);
                }
                if (rowMin > limit) return limit + 1;
                (previous, current) = (current, previous);
            }
            return Math.Min(previous[b.Length], limit + 1);
        }

        /// <summary>
        /// "Add x.onnx to the project": a code action whose only operation edits the .csproj on disk. Not Roslyn's
        /// AddAdditionalDocument, which would write the model as text (over a binary .onnx, when it exists).
        /// </summary>
        private sealed class AddItemAction : CodeAction
        {
            private readonly string _projectPath;
            private readonly string _include;

            public AddItemAction(string projectPath, string include)
            {
                _projectPath = projectPath;
                _include = include;
            }

            public override string Title => "Add '" + _include + "' to the project as an AdditionalFile";

            public override string? EquivalenceKey => AddItemKey;

            protected override Task<IEnumerable<CodeActionOperation>> ComputeOperationsAsync(CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<CodeActionOperation>>(new CodeActionOperation[] { new AddAdditionalFileOperation(_projectPath, _include) });

            // A preview would run the edit; there is no document change to show.
            protected override Task<IEnumerable<CodeActionOperation>> ComputePreviewOperationsAsync(CancellationToken cancellationToken) =>
                Task.FromResult(Enumerable.Empty<CodeActionOperation>());
        }
    }
}
