using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Runtime
{
    /// <summary>
    /// Every runtime method with a loop is compiled optimised at its first call
    /// (MethodImplOptions.AggressiveOptimization). Under tiered compilation a method's first calls run unoptimised code,
    /// in which vector intrinsics are calls and nothing is inlined: a model's construction and first Predict, made of
    /// first calls, measured several times slower that way (the BERT layer's 240 ms against 33 ms optimised).
    /// </summary>
    public sealed class OptimizedFromFirstCallTests
    {
        private static string RuntimeSource => Path.Combine(TestPaths.RepoRoot, "src", "ModelGen.Runtime");

        [Fact]
        public void Every_runtime_method_with_a_loop_is_optimised_from_its_first_call()
        {
            var missing = new List<string>();
            int checkedMethods = 0;
            foreach (string path in Directory.GetFiles(RuntimeSource, "*.cs", SearchOption.AllDirectories)
                         .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)
                                     && !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar)))
            {
                var root = CSharpSyntaxTree.ParseText(File.ReadAllText(path), new CSharpParseOptions(preprocessorSymbols: new[] { "NETCOREAPP3_0_OR_GREATER" })).GetRoot();
                foreach (var (name, attributes, body, line) in Methods(root))
                {
                    if (body == null || !HasLoop(body)) continue;
                    checkedMethods++;
                    if (!attributes.Any(a => a.ToString().Contains("MethodImplOptions.AggressiveOptimization")))
                        missing.Add(Path.GetRelativePath(RuntimeSource, path) + ":" + line + " " + name);
                }
            }
            Assert.True(checkedMethods > 200, "only " + checkedMethods + " methods with loops were found: is the source tree where the test looks?");
            Assert.True(missing.Count == 0, "methods with a loop but without AggressiveOptimization:\n" + string.Join("\n", missing));
        }

        [Fact]
        public void The_scan_sees_a_loop_without_the_attribute()
        {
            var root = CSharpSyntaxTree.ParseText("class C { void M() { for (;;) { } } [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] void N() { while (true) { } } void O() { System.Action a = () => { while (true) { } }; } }").GetRoot();
            var withLoops = Methods(root).Where(m => m.Body != null && HasLoop(m.Body)).ToList();
            Assert.Equal(new[] { "M", "N" }, withLoops.Select(m => m.Name));
        }

        private static IEnumerable<(string Name, IEnumerable<AttributeSyntax> Attributes, SyntaxNode? Body, int Line)> Methods(SyntaxNode root)
        {
            foreach (var node in root.DescendantNodes())
            {
                int line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                if (node is MethodDeclarationSyntax m)
                    yield return (m.Identifier.Text, m.AttributeLists.SelectMany(a => a.Attributes), (SyntaxNode?)m.Body ?? m.ExpressionBody, line);
                else if (node is ConstructorDeclarationSyntax c)
                    yield return (c.Identifier.Text, c.AttributeLists.SelectMany(a => a.Attributes), (SyntaxNode?)c.Body ?? c.ExpressionBody, line);
                else if (node is LocalFunctionStatementSyntax l)
                    yield return (l.Identifier.Text, l.AttributeLists.SelectMany(a => a.Attributes), (SyntaxNode?)l.Body ?? l.ExpressionBody, line);
            }
        }

        /// <summary>A loop in the method's own body (a lambda's or a local function's loop belongs to that function).</summary>
        private static bool HasLoop(SyntaxNode body) =>
            body.DescendantNodes(n => n == body || !(n is LocalFunctionStatementSyntax || n is AnonymousFunctionExpressionSyntax))
                .Any(n => n is ForStatementSyntax || n is WhileStatementSyntax || n is DoStatementSyntax || n is ForEachStatementSyntax);
    }
}
