using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Benchmarks;
using ModelGen.Compiler.Reading;
using Xunit;

namespace ModelGen.Tests.Benchmarks
{
    /// <summary>
    /// The benchmark harness (tests/Benchmarks/ModelGen.Benchmarks) on a small synthetic MatMul in quick mode: its
    /// outputs are checked against ONNX Runtime's before anything is timed, both sides are timed, and the row reaches
    /// the markdown. The full run is the harness's own command, not a test.
    /// </summary>
    public sealed class BenchmarkHarnessTests
    {
        private static readonly BenchModel s_matMul = SyntheticModels.MatMul("matmul-64x64x64", 64, 64, 64);

        [Fact]
        public void A_quick_row_agrees_with_ONNX_Runtime_times_both_sides_and_is_written_to_the_markdown()
        {
            var compiled = ModelGenClass.Compile(s_matMul);
            var log = new StringWriter();
            var settings = RunSettings.Quick(ortSpin: true);
            var construction = RowRunner.Construction(s_matMul, compiled, settings, log);
            var row = RowRunner.Run(s_matMul, compiled, 1, settings, log);

            Assert.True(row.Agreement.Agrees, row.Agreement.Describe());
            Assert.True(row.Agreement.MaxRelDiff <= OutputAgreement.Tolerance);
            Assert.Equal(settings.MinRounds, row.ModelGenMs.Count);
            Assert.Equal(settings.MinRounds, row.OrtMs.Count);
            Assert.True(row.ModelGenMedian > 0 && row.OrtMedian > 0, log.ToString());
            Assert.True(construction.ModelGenMedian > 0 && construction.OrtMedian > 0 && construction.ModelGenFirst > 0 && construction.OrtFirst > 0, log.ToString());

            var report = new BenchReport { Command = "test", StartedUtc = DateTime.UtcNow, Quick = true, Cores = Environment.ProcessorCount, PeakStart = 100, PeakEnd = 120, PeakBits = 256, ThreadCounts = new[] { 1 } };
            report.Rows.Add(row);
            report.Constructions.Add(construction);
            report.Models.Add(s_matMul);
            string markdown = Report.Markdown(report);

            Assert.Contains("Smoke run", markdown, StringComparison.Ordinal);
            Assert.Contains("## 1 thread", markdown, StringComparison.Ordinal);
            var rows = markdown.Split('\n').Where(l => l.StartsWith("| matmul-64x64x64 | ", StringComparison.Ordinal)).ToArray();
            Assert.Equal(2, rows.Length); // the timed row and the construction row
            string[] cells = rows[0].Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(Report.Ms(row.ModelGenMedian), cells[2]);
            Assert.Equal(Report.Ms(row.OrtMedian), cells[3]);
            Assert.Equal(Report.Ratio(row.ModelGenMedian / row.OrtMedian), cells[4]);
            // GFLOP/s = 2·64³ over the median, and the percent of the larger peak (120 GFLOP/s) at one thread.
            double gflops = 2.0 * 64 * 64 * 64 / (row.ModelGenMedian * 1e6);
            Assert.Equal(gflops, double.Parse(cells[5], System.Globalization.CultureInfo.InvariantCulture), gflops * 0.01 + 0.01);
            Assert.Equal((gflops / 120 * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " %", cells[6]);
        }

        [Fact]
        public void A_row_whose_outputs_differ_from_ONNX_Runtime_is_marked_not_timed()
        {
            var compiled = ModelGenClass.Compile(s_matMul);
            var binding = new ModelGenBinding(compiled.NewInstance(1), s_matMul.Inputs);
            IReadOnlyList<TensorFileData> reference;
            using (var ort = new OrtSide(s_matMul.Bytes, binding.InputNames, s_matMul.Inputs, 1))
                reference = ort.RunAndRead();
            var ours = binding.RunAndRead();
            Assert.True(OutputAgreement.Compare(ours, reference).Agrees);

            // One element off by 1 % of the output's scale: over the tolerance.
            var values = ours[0].ToTensorData().AsDouble();
            float scale = (float)values.Max(Math.Abs);
            var raw = (byte[])ours[0].Raw.Clone();
            BitConverter.TryWriteBytes(raw.AsSpan(40, 4), BitConverter.ToSingle(raw, 40) + 0.01f * scale);
            var perturbed = new[] { new TensorFileData(ours[0].Name, ours[0].Type, ours[0].Dims, raw) };
            var agreement = OutputAgreement.Compare(perturbed, reference);
            Assert.False(agreement.Agrees);
            Assert.InRange(agreement.MaxRelDiff, 0.009, 0.011);

            var row = new RowResult(s_matMul, 1, agreement, Array.Empty<double>(), Array.Empty<double>(), 0, 0, false);
            Assert.Contains("outputs differ, not timed", Report.Row(row, 100), StringComparison.Ordinal);
        }

        [Fact]
        public void Threads_all_is_every_core_and_repeats_are_dropped()
        {
            Assert.Equal(Environment.ProcessorCount == 1 ? new[] { 1 } : new[] { 1, Environment.ProcessorCount }, BenchOptions.ParseThreads("1,all,1"));
            Assert.Throws<ArgumentException>(() => BenchOptions.ParseThreads("0"));
            Assert.Throws<ArgumentException>(() => BenchOptions.Parse(new[] { "--fast" }, "/repo"));
            var o = BenchOptions.Parse(new[] { "--quick", "--only", "a,b" }, "/repo");
            Assert.True(o.Quick);
            Assert.Equal(Path.Combine("/repo", "docs", "benchmarks.md"), o.OutPath);
            Assert.Equal(new[] { "a", "b" }, o.Only!.OrderBy(x => x, StringComparer.Ordinal));
        }
    }
}
