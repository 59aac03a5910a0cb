using System;
using System.IO;
using System.Linq;
using System.Text;
using ModelGen.Compiler.Ops;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>
    /// README's supported-operators table is written from the op schemas (OpRegistry): this test keeps the two equal.
    /// Set MODELGEN_UPDATE_README=1 to rewrite the table in README.md after changing an op (then review the diff).
    /// </summary>
    public sealed class OpsTableTests
    {
        private const string Start = "<!-- ops table: written from OpRegistry by OpsTableTests; MODELGEN_UPDATE_README=1 rewrites it -->";
        private const string End = "<!-- end of ops table -->";

        internal static string Render()
        {
            var sb = new StringBuilder();
            sb.Append("| op | revisions | what it computes |\n|---|---|---|\n");
            foreach (var op in OpRegistry.All)
                sb.Append("| ").Append(op.Domain.Length == 0 ? op.OpType : op.Domain + "::" + op.OpType)
                  .Append(" | ").Append(string.Join(", ", op.Schema.Revisions))
                  .Append(" | ").Append(op.Summary.Replace("|", "\\|")).Append(" [spec](").Append(op.SpecUrl).Append(") |\n");
            return sb.ToString();
        }

        [Fact]
        public void ReadmeOpsTableIsTheRegistrysTable()
        {
            string path = Path.Combine(TestPaths.RepoRoot, "README.md");
            string readme = File.ReadAllText(path).Replace("\r\n", "\n");
            int a = readme.IndexOf(Start, StringComparison.Ordinal), b = readme.IndexOf(End, StringComparison.Ordinal);
            Assert.True(a >= 0 && b > a, "README.md has no ops table markers");
            string current = readme.Substring(a + Start.Length, b - a - Start.Length).Trim('\n') + "\n";
            string expected = Render();
            if (Environment.GetEnvironmentVariable("MODELGEN_UPDATE_README") == "1" && current != expected)
            {
                File.WriteAllText(path, readme.Substring(0, a + Start.Length) + "\n" + expected + readme.Substring(b), new UTF8Encoding(false));
                return;
            }
            Assert.Equal(expected, current);
        }
    }
}
