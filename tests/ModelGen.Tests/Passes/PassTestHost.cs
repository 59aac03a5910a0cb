using System;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Import;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Passes;
using ModelGen.Compiler.Shapes;
using Xunit;

namespace ModelGen.Tests.Passes
{
    /// <summary>IR text in → resolution and inference (as the pipeline does) → one pass → verified → IR text out.</summary>
    internal static class PassTestHost
    {
        public static Graph Prepare(string text)
        {
            var g = IrParser.Parse(text);
            var problems = new ProblemBag();
            OpResolution.Check(g, problems);
            ShapeInference.Run(g, problems);
            Assert.False(problems.HasErrors, string.Join("\n", problems.Items));
            Assert.Null(g.Verify());
            return g;
        }

        /// <summary>Runs <paramref name="pass"/> once; returns whether it changed the graph and the IR text after it.</summary>
        public static (bool Changed, string Text) Run(IPass pass, string text)
        {
            var g = Prepare(text);
            bool changed = pass.Run(g, new OptimizationLog()) > 0;
            Assert.Null(g.Verify());
            return (changed, IrPrinter.Print(g));
        }

        /// <summary>Compares IR text line by line, ignoring the trailing newline and the indentation width of the expected block.</summary>
        public static void AssertText(string expected, string actual)
        {
            static string Norm(string s) => string.Join("\n", s.Replace("\r", "").Trim('\n').Split('\n').Select(l => l.TrimEnd()));
            string e = Dedent(Norm(expected)), a = Norm(actual);
            Assert.True(e == a, "IR text differs.\n--- expected\n" + e + "\n--- actual\n" + a);
        }

        private static string Dedent(string s)
        {
            var lines = s.Split('\n');
            int indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
            return string.Join("\n", lines.Select(l => l.Length >= indent ? l.Substring(indent) : l.TrimStart()));
        }
    }
}
