using System;
using System.IO;
using System.Linq;
using System.Text;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Generator
{
    /// <summary>
    /// The generated sources of one small model, compared with files kept in tests/ModelGen.Tests/Golden.
    /// Set MODELGEN_UPDATE_GOLDEN=1 to rewrite them after an intended change (then review the diff).
    /// </summary>
    public sealed class GoldenFileTests
    {
        private readonly ITestOutputHelper _output;

        public GoldenFileTests(ITestOutputHelper output) { _output = output; }

        private static string GoldenDir => Path.Combine(TestPaths.RepoRoot, "tests", "ModelGen.Tests", "Golden");

        [Fact]
        public void GeneratedSourcesEqualTheGoldenFiles()
        {
            string path = GenModels.Write(GenModels.TinyNet(1));
            var run = GeneratorHarness.Run("", new[] { new ModelItem(path) });
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Equal(3, run.Sources.Count);

            bool update = Environment.GetEnvironmentVariable("MODELGEN_UPDATE_GOLDEN") == "1";
            foreach (var (hint, text) in run.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                // .txt, so the C# build of the test project does not pick the files up.
                string file = Path.Combine(GoldenDir, hint + ".txt");
                if (update)
                {
                    Directory.CreateDirectory(GoldenDir);
                    File.WriteAllText(file, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                    _output.WriteLine("MODELGEN_UPDATE_GOLDEN=1: rewrote " + file);
                    continue;
                }
                Assert.True(File.Exists(file), "Missing golden file " + file + "; run the test once with MODELGEN_UPDATE_GOLDEN=1.");
                string expected = File.ReadAllText(file).TrimStart('\uFEFF').Replace("\r\n", "\n");
                if (expected != text)
                    Assert.Fail(hint + " differs from " + file + " (rerun with MODELGEN_UPDATE_GOLDEN=1 if the change is intended). " + FirstDifference(expected, text));
            }
            if (!update)
            {
                var extra = Directory.GetFiles(GoldenDir, "*.txt").Select(Path.GetFileName).Where(f => !run.Sources.ContainsKey(f![..^4])).ToList();
                Assert.True(extra.Count == 0, "Golden files no source matches: " + string.Join(", ", extra));
            }
        }

        private static string FirstDifference(string expected, string actual)
        {
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
            {
                string el = i < e.Length ? e[i] : "<end of file>", al = i < a.Length ? a[i] : "<end of file>";
                if (el != al) return "First difference at line " + (i + 1) + ":\n  golden:    " + el + "\n  generated: " + al;
            }
            return "";
        }
    }
}
