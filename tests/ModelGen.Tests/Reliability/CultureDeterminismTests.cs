using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using ModelGen.Compiler;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Reliability
{
    /// <summary>
    /// The generated code must not depend on the culture of the machine that builds: the same model gives the same bytes
    /// under the invariant culture, tr-TR, de-DE, ar-SA and fa-IR (culture and UI culture of the thread both set).
    /// </summary>
    public sealed class CultureDeterminismTests
    {
        [Fact]
        public void The_cultures_really_format_differently_here()
        {
            // Without ICU (InvariantGlobalization) every culture would behave as the invariant one and the tests below could not fail.
            Assert.Equal("1,5", CultureScope.Run("de-DE", () => 1.5.ToString()));
            Assert.Equal("\u0130", CultureScope.Run("tr-TR", () => "i".ToUpper()));
            Assert.NotEqual("-1", CultureScope.Run("fa-IR", () => (-1).ToString()));
        }

        [Fact]
        public void Generator_output_of_in_repo_models_is_byte_identical_under_every_culture()
        {
            string dir = TestPaths.NewTempDir();
            var items = CultureModels.All().Select(m => new ModelItem(ModelGen.Tests.Generator.GenModels.Write(m.Bytes, m.Name, dir))).ToList();
            var runs = CultureScope.Cultures.ToDictionary(c => c, c => CultureScope.Run(c, () => GeneratorHarness.Run("", items)));

            var invariant = runs[""];
            Assert.Empty(invariant.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            Assert.Empty(invariant.CompileDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
            // Every model produced its class (not only diagnostics).
            foreach (var cls in new[] { "Exponents", "Specials", "BigInts", "Strings" })
                Assert.True(invariant.Sources.ContainsKey(cls + ".g.cs"), "no " + cls + ".g.cs among " + string.Join(", ", invariant.Sources.Keys));

            foreach (var culture in CultureScope.Cultures.Skip(1))
            {
                AssertSameSources(invariant.Sources, runs[culture].Sources, culture);
                Assert.Equal(Texts(invariant.GeneratorDiagnostics), Texts(runs[culture].GeneratorDiagnostics));
            }
        }

        [SharedDataFact]
        public void Compiler_output_of_the_shared_models_is_byte_identical_under_every_culture()
        {
            foreach (var folder in new[] { "mnist-8", "tflm-hello-world-sine", "ultraface-version-RFB-320", "super-resolution-10" })
            {
                string path = Path.Combine(TestPaths.SharedModel(folder), "model.onnx");
                byte[] bytes = File.ReadAllBytes(path);
                var options = new CompileOptions("M", "Shared", path, "ModelGen.model.onnx", new Dictionary<string, long>(), dumpIr: true);
                var results = CultureScope.Cultures.ToDictionary(c => c, c => CultureScope.Run(c, () => ModelCompiler.Compile(bytes, options)));
                var invariant = results[""];
                Assert.True(invariant.Success, folder + ": " + string.Join("; ", invariant.Problems));
                var expected = invariant.Sources.ToDictionary(s => s.HintName, s => s.Text);
                foreach (var culture in CultureScope.Cultures.Skip(1))
                {
                    AssertSameSources(expected, results[culture].Sources.ToDictionary(s => s.HintName, s => s.Text), folder + " under " + culture);
                    Assert.Equal(invariant.Problems.Select(p => p.ToString()), results[culture].Problems.Select(p => p.ToString()));
                }
            }
        }

        private static string[] Texts(IEnumerable<Diagnostic> diagnostics) =>
            diagnostics.Select(d => d.Id + " " + d.GetMessage(CultureInfo.InvariantCulture)).ToArray();

        /// <summary>Same hint names and the same UTF-8 bytes; a failure names the first line that differs.</summary>
        internal static void AssertSameSources(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual, string what)
        {
            Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), actual.Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach (var (hint, text) in expected)
            {
                if (Encoding.UTF8.GetBytes(text).AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(actual[hint]))) continue;
                Assert.Fail(what + ": " + hint + " differs from the invariant culture's at " + FirstDifference(text, actual[hint]));
            }
        }

        internal static string FirstDifference(string a, string b)
        {
            var la = a.Split('\n');
            var lb = b.Split('\n');
            for (int i = 0; i < Math.Max(la.Length, lb.Length); i++)
            {
                string x = i < la.Length ? la[i] : "<end>";
                string y = i < lb.Length ? lb[i] : "<end>";
                if (!string.Equals(x, y, StringComparison.Ordinal)) return "line " + (i + 1) + ":\n  expected: " + x + "\n  actual:   " + y;
            }
            return "(no line differs: line endings or encoding)";
        }
    }
}
