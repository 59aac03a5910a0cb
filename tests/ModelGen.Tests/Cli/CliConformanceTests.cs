using System;
using System.IO;
using System.Linq;
using System.Threading;
using ModelGen.Cli;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Writing;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Cli
{
    /// <summary>
    /// <c>modelgen conformance</c>: on a suite built here with one test of each outcome, and on a few of the ONNX
    /// backend tests in ../shared.
    /// </summary>
    public class CliConformanceTests
    {
        /// <summary>
        /// A suite folder "tiny" holding: test_pass (two data sets, both right), test_wrong (its second data set's
        /// expected output off by 0.5 in one element), test_unsupported (ops ModelGen lacks), test_crash (a Gather
        /// index out of range at run time, which throws), and a model folder with no data set (left out).
        /// </summary>
        private static string WriteTinySuite(TempDir dir)
        {
            string suite = Directory.CreateDirectory(dir.File("tiny")).FullName;
            WriteAddRelu(Path.Combine(suite, "test_pass"), new[] { 3, 5 }, corruptDataSet: -1);
            WriteAddRelu(Path.Combine(suite, "test_wrong"), new[] { 2, 2 }, corruptDataSet: 1);

            string unsupported = Directory.CreateDirectory(Path.Combine(suite, "test_unsupported")).FullName;
            File.WriteAllBytes(Path.Combine(unsupported, "model.onnx"), TinyModels.ThreeUnsupportedOps());
            WriteTensor(Path.Combine(unsupported, "test_data_set_0", "input_0.pb"), "x", ElementType.Float, new long[] { 2, 2 }, TinyModels.Bytes(new float[4]));

            string crash = Directory.CreateDirectory(Path.Combine(suite, "test_crash")).FullName;
            new OnnxModelBuilder("gather", opset: 13)
                .Input("i", ElementType.Int64, new object[] { 2 })
                .Initializer("data", new[] { 3 }, new[] { 1f, 2f, 3f })
                .Node("Gather", new[] { "data", "i" }, new[] { "y" }, name: "gather")
                .Output("y", ElementType.Float, new object[] { 2 })
                .Save(Path.Combine(crash, "model.onnx"));
            WriteTensor(Path.Combine(crash, "test_data_set_0", "input_0.pb"), "i", ElementType.Int64, new long[] { 2 }, Longs(0, 7));
            WriteTensor(Path.Combine(crash, "test_data_set_0", "output_0.pb"), "y", ElementType.Float, new long[] { 2 }, TinyModels.Bytes(new[] { 1f, 0f }));

            string noData = Directory.CreateDirectory(Path.Combine(suite, "test_no_data")).FullName;
            File.WriteAllBytes(Path.Combine(noData, "model.onnx"), TinyModels.AddRelu());
            return suite;
        }

        private static void WriteAddRelu(string folder, int[] rowsPerDataSet, int corruptDataSet)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, "model.onnx"), TinyModels.AddRelu());
            for (int k = 0; k < rowsPerDataSet.Length; k++)
            {
                int rows = rowsPerDataSet[k];
                var x = TinyModels.Inputs(rows);
                var y = TinyModels.Expected(x);
                if (k == corruptDataSet) y[3] += 0.5f;
                string data = Path.Combine(folder, "test_data_set_" + k);
                WriteTensor(Path.Combine(data, "input_0.pb"), "x", ElementType.Float, new long[] { rows, 4 }, TinyModels.Bytes(x));
                WriteTensor(Path.Combine(data, "output_0.pb"), "y", ElementType.Float, new long[] { rows, 4 }, TinyModels.Bytes(y));
            }
        }

        private static void WriteTensor(string path, string name, ElementType type, long[] dims, byte[] raw)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, TensorFile.Write(name, type, dims, raw));
        }

        private static byte[] Longs(params long[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

        private static string LastLine(string text) => text.TrimEnd('\n', '\r').Split('\n').Last().TrimEnd('\r');

        [Fact]
        public void Conformance_ClassifiesEachOutcome_AndWritesReports()
        {
            using var dir = new TempDir();
            string suite = WriteTinySuite(dir);
            string tsv = dir.File("out/report.tsv"), md = dir.File("out/conformance.md");
            var outcome = CliRunner.Expect(ExitCodes.OutsideTolerance, "conformance", suite, "--report", tsv, "--markdown", md, "--jobs", "2");

            Assert.Equal("conformance: 1 passed, 1 failed, 1 unsupported, 1 crashed of 4", LastLine(outcome.Stdout));
            Assert.Contains("failed tiny/test_wrong: test_data_set_1: output 'y' float[2,4]: max abs err 0.5", outcome.Stdout);
            Assert.Contains("crashed tiny/test_crash: ", outcome.Stdout);
            Assert.Contains("IndexOutOfRangeException", outcome.Stdout);
            Assert.Contains("left out 1 folder with model.onnx but no test_data_set_N", outcome.Stderr);
            Assert.Contains("conformance: run: 4/4 tests", outcome.Stderr);

            var rows = File.ReadAllLines(tsv);
            Assert.Equal("test\tstatus\tdetail", rows[0]);
            Assert.Equal(new[] { "tiny/test_crash", "tiny/test_pass", "tiny/test_unsupported", "tiny/test_wrong" }, rows.Skip(1).Select(r => r.Split('\t')[0]));
            Assert.All(rows, r => Assert.Equal(3, r.Split('\t').Length));
            Assert.StartsWith("tiny/test_pass\tpassed\tmax abs err 0", rows[2]);
            Assert.StartsWith("tiny/test_unsupported\tunsupported\terror MG0101: ", rows[3]);
            Assert.StartsWith("tiny/test_wrong\tfailed\ttest_data_set_1: ", rows[4]);
            Assert.Contains("FAIL: 1 of 8 elements outside", rows[4]);

            string page = File.ReadAllText(md);
            Assert.Contains("| `tiny` | 4 | 1 | 1 | 1 | 1 | 33.3 % |", page);
            Assert.Contains("| `Add` | 2 | 1 | 1 | 0 | 0 |", page);
            Assert.Contains("| `Gather` | 1 | 0 | 0 | 0 | 1 |", page);
            Assert.Contains("| `RandomNormalLike` | 1 | 0 | 0 | 1 | 0 |", page);
            Assert.Matches(@"\| MG0101 \| [^|\n]+ \| 1 \|", page);
            Assert.Contains("| `Bernoulli` | 1 | 0 |", page);
            Assert.Contains("| `tiny/test_wrong` |", page);
        }

        [Fact]
        public void Conformance_Filter_SelectsByName_AndAllPassingExitsZero()
        {
            using var dir = new TempDir();
            string suite = WriteTinySuite(dir);
            var outcome = CliRunner.Expect(ExitCodes.Success, "conformance", suite, "--filter", "_pass$", "--jobs", "1");
            Assert.Equal("conformance: 1 passed, 0 failed, 0 unsupported, 0 crashed of 1", LastLine(outcome.Stdout));
            // The filter also sees "suite/test".
            var both = CliRunner.Expect(ExitCodes.OutsideTolerance, "conformance", suite, "--filter", "^tiny/test_(pass|wrong)$");
            Assert.Equal("conformance: 1 passed, 1 failed, 0 unsupported, 0 crashed of 2", LastLine(both.Stdout));
        }

        [Fact]
        public void Conformance_UsageErrors_Exit64()
        {
            using var dir = new TempDir();
            string suite = WriteTinySuite(dir);
            Assert.Contains("not found", CliRunner.Expect(ExitCodes.Usage, "conformance", dir.File("nowhere")).Stderr);
            Assert.Contains("regular expression", CliRunner.Expect(ExitCodes.Usage, "conformance", suite, "--filter", "(").Stderr);
            Assert.Contains("no test folders", CliRunner.Expect(ExitCodes.Usage, "conformance", suite, "--filter", "nothing-matches").Stderr);
            CliRunner.Expect(ExitCodes.Usage, "conformance", suite, "--jobs", "0");
            CliRunner.Expect(ExitCodes.Usage, "conformance", suite, "--timeout", "-1");
            CliRunner.Expect(ExitCodes.Usage, "conformance");
        }

        [Fact]
        public void Bounded_GivesUpOnWorkPastItsTimeout_AndReportsExceptions()
        {
            using var release = new ManualResetEventSlim();
            Assert.False(Bounded.TryRun(() => { release.Wait(); return 1; }, TimeSpan.FromMilliseconds(50), out int _, out var none));
            Assert.Null(none);
            release.Set();
            Assert.True(Bounded.TryRun<int>(() => throw new InvalidOperationException("boom"), TimeSpan.FromSeconds(10), out _, out var thrown));
            Assert.Equal("boom", thrown!.Message);
            Assert.True(Bounded.TryRun(() => 42, TimeSpan.FromSeconds(10), out int value, out _));
            Assert.Equal(42, value);
        }

        [SharedDataFact]
        public void Conformance_OnBackendTests_FromTwoSuites()
        {
            using var dir = new TempDir();
            string tsv = dir.File("report.tsv");
            // Two node tests and a simple/ test (string tensors through StringNormalizer), all passing.
            var outcome = CliRunner.Expect(ExitCodes.Success, "conformance",
                Path.Combine(TestPaths.BackendTests, "node"), Path.Combine(TestPaths.BackendTests, "simple"),
                "--filter", "^(node/test_(abs|relu)|simple/test_strnorm_model_monday_empty_output)$", "--report", tsv);
            Assert.Equal("conformance: 3 passed, 0 failed, 0 unsupported, 0 crashed of 3", LastLine(outcome.Stdout));
            Assert.Contains("conformance: 3 tests (node 2, simple 1)", outcome.Stderr);
            var rows = File.ReadAllLines(tsv).Skip(1).Select(r => r.Split('\t')).ToList();
            Assert.Equal(new[] { "node/test_abs", "node/test_relu", "simple/test_strnorm_model_monday_empty_output" }, rows.Select(r => r[0]));
            Assert.Equal(new[] { "passed", "passed", "passed" }, rows.Select(r => r[1]));
        }
    }
}
