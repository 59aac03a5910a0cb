using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>The one diagnostics table (DiagnosticIds.All), README's copy of it, and this folder's tests of every row.</summary>
    public sealed class DiagnosticTableTests
    {
        [Fact]
        public void ReadmeTableListsExactlyTheIdsInDiagnosticIds()
        {
            string readme = Path.Combine(TestPaths.RepoRoot, "README.md");
            Assert.True(File.Exists(readme), "README.md is missing at " + readme);
            var rows = File.ReadAllLines(readme)
                .Where(l => l.StartsWith("| MG", StringComparison.Ordinal))
                .Select(l => Regex.Match(l.Split('|')[1], @"MG\d{4}").Value)
                .ToList();

            var expected = DiagnosticIds.All.Select(d => d.Id).ToList();
            Assert.True(rows.Count == rows.Distinct().Count(), "README lists an id twice: " + string.Join(", ", rows.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key)));
            Assert.Equal(expected.OrderBy(x => x, StringComparer.Ordinal), rows.OrderBy(x => x, StringComparer.Ordinal));
        }

        [Fact]
        public void ReadmeTableSeveritiesMatchDiagnosticIds()
        {
            string readme = Path.Combine(TestPaths.RepoRoot, "README.md");
            Assert.True(File.Exists(readme), "README.md is missing at " + readme);
            foreach (var line in File.ReadAllLines(readme).Where(l => l.StartsWith("| MG", StringComparison.Ordinal)))
            {
                var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                var info = DiagnosticIds.All.SingleOrDefault(d => d.Id == Regex.Match(cells[1], @"MG\d{4}").Value);
                if (info == null) continue; // the row set is checked above
                Assert.True(cells.Length > 3, "README row has no severity column: " + line);
                Assert.Equal(info.Severity.ToString(), cells[2], ignoreCase: true);
            }
        }

        [Fact]
        public void IdsAreUniqueSortedAndInTheirStageRange()
        {
            var ids = DiagnosticIds.All.Select(d => d.Id).ToList();
            Assert.Equal(ids.Distinct().Count(), ids.Count);
            Assert.Equal(ids.OrderBy(x => x, StringComparer.Ordinal), ids);
            Assert.All(DiagnosticIds.All, d =>
            {
                Assert.Matches(@"^MG0[0-9]{3}$", d.Id);
                Assert.False(string.IsNullOrWhiteSpace(d.Title));
                Assert.False(string.IsNullOrWhiteSpace(d.Help));
            });
            // Every public descriptor field is in All.
            var fields = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.FieldType == typeof(DiagnosticDescriptorInfo)).Select(f => ((DiagnosticDescriptorInfo)f.GetValue(null)!).Id);
            Assert.Equal(fields.OrderBy(x => x, StringComparer.Ordinal), ids.OrderBy(x => x, StringComparer.Ordinal));
        }

        [Fact]
        public void EveryDiagnosticHasATestHere()
        {
            // Tests are named "MG0101_..."; MG0901 (internal error) has no valid trigger and is covered by the fuzz tests.
            var tested = typeof(DiagnosticTableTests).Assembly.GetTypes()
                .Where(t => t.Namespace == typeof(DiagnosticTableTests).Namespace)
                .SelectMany(t => t.GetMethods())
                .Where(m => m.GetCustomAttributes<FactAttribute>().Any())
                .Select(m => Regex.Match(m.Name, @"^(MG\d{4})_").Groups[1].Value)
                .Where(id => id.Length > 0)
                .ToHashSet();
            var missing = DiagnosticIds.All.Select(d => d.Id).Where(id => id != DiagnosticIds.InternalError.Id && !tested.Contains(id)).ToList();
            Assert.True(missing.Count == 0, "no test named MGxxxx_... for: " + string.Join(", ", missing));
        }
    }
}
