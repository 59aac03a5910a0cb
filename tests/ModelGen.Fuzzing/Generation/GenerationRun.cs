using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>What a run of random graphs gave: counts by outcome, by diagnostic and by template, and every failure.</summary>
    internal sealed class GenerationTally
    {
        public int Tried { get; set; }
        public int OrtRejected { get; set; }
        public int OptimizerOff { get; set; }
        public List<string> OrtRejections { get; } = new List<string>();
        public Dictionary<GraphOutcome, int> ByOutcome { get; } = Enum.GetValues<GraphOutcome>().ToDictionary(o => o, _ => 0);
        public SortedDictionary<string, int> ByDiagnostic { get; } = new SortedDictionary<string, int>(StringComparer.Ordinal);
        public List<string> DiagnosedExamples { get; } = new List<string>();
        public SortedDictionary<string, int> ByTemplate { get; } = new SortedDictionary<string, int>(StringComparer.Ordinal);
        public List<GraphVerdict> Failures { get; } = new List<GraphVerdict>();
        public double WorstAgreedRatio { get; set; }
        public TimeSpan Elapsed { get; set; }

        public int Compiled => ByOutcome[GraphOutcome.Agreed] + ByOutcome[GraphOutcome.Miscompiled] + Failures.Count(f => f.Outcome == GraphOutcome.Failed && f.Detail.StartsWith("the generated model", StringComparison.Ordinal));

        public string Report()
        {
            var s = new StringBuilder();
            s.AppendLine(string.Format(CultureInfo.InvariantCulture,
                "generate: {0} graphs tried ({1} with the optimizer off), {2} compiled and compared, {3} agreed, {4} diagnosed, {5} ORT-rejected (regenerated), {6} miscompiles, {7} other failures, {8:F1} s",
                Tried, OptimizerOff, Compiled, ByOutcome[GraphOutcome.Agreed], ByOutcome[GraphOutcome.Diagnosed], OrtRejected,
                ByOutcome[GraphOutcome.Miscompiled], ByOutcome[GraphOutcome.Failed], Elapsed.TotalSeconds));
            s.AppendLine("  worst agreeing output: " + WorstAgreedRatio.ToString("F3", CultureInfo.InvariantCulture) + "× its tolerance");
            if (ByDiagnostic.Count > 0) s.AppendLine("  diagnosed by id: " + string.Join(", ", ByDiagnostic.Select(p => p.Key + " " + p.Value)));
            foreach (var d in DiagnosedExamples) s.AppendLine("    e.g. " + d);
            s.AppendLine("  graphs by template: " + string.Join(", ", ByTemplate.Select(p => p.Key + " " + p.Value)));
            foreach (var r in OrtRejections.Take(5)) s.AppendLine("  ORT rejected: " + r);
            return s.ToString();
        }
    }

    /// <summary>
    /// Generates and checks random graphs in batches: seed S's graph k is <see cref="RandomGraphGenerator.Generate"/>
    /// of S·1000003 + k (a graph ORT refuses is counted and replaced by the next attempt); one graph in five compiles
    /// with the optimizer off.
    /// </summary>
    internal static class GenerationRun
    {
        public const int BatchSize = 100;

        public static long GraphSeed(int seed, int index, int attempt) => (long)seed * 1_000_003L + index + (long)attempt * 1_000_000_007L;

        public static bool OptimizeFor(int index) => index % 5 != 4;

        public static GenerationTally Run(int seed, int count, string workDirectory, Action<string>? progress, Action<GraphVerdict>? onFailure = null)
        {
            var clock = Stopwatch.StartNew();
            var tally = new GenerationTally();
            for (int start = 0; start < count; start += BatchSize)
            {
                int size = Math.Min(BatchSize, count - start);
                var indices = Enumerable.Range(start, size).ToList();
                var attempts = indices.ToDictionary(i => i, _ => 0);
                var pending = indices;
                while (pending.Count > 0)
                {
                    var graphs = pending.Select(i => RandomGraphGenerator.Generate(GraphSeed(seed, i, attempts[i]))).ToList();
                    var verdicts = GraphChecker.Check(graphs, pending.Select(OptimizeFor).ToList(), Path.Combine(workDirectory, "b" + start.ToString(CultureInfo.InvariantCulture)));
                    var again = new List<int>();
                    for (int k = 0; k < pending.Count; k++)
                    {
                        var v = verdicts[k];
                        if (v.Outcome == GraphOutcome.OrtRejected)
                        {
                            tally.OrtRejected++;
                            if (tally.OrtRejections.Count < 20) tally.OrtRejections.Add("seed " + v.Graph.Seed + ": " + v.Detail + (tally.OrtRejections.Count < 3 ? Environment.NewLine + v.Graph.Describe() : ""));
                            if (attempts[pending[k]]++ < 5) again.Add(pending[k]);
                            continue;
                        }
                        Count(tally, v);
                        if (v.IsFailure) onFailure?.Invoke(v);
                    }
                    pending = again;
                }
                progress?.Invoke(string.Format(CultureInfo.InvariantCulture, "  {0}/{1} graphs, {2} agreed, {3} diagnosed, {4} failures, {5:F0} s",
                    Math.Min(count, start + size), count, tally.ByOutcome[GraphOutcome.Agreed], tally.ByOutcome[GraphOutcome.Diagnosed], tally.Failures.Count, clock.Elapsed.TotalSeconds));
                TryDelete(Path.Combine(workDirectory, "b" + start.ToString(CultureInfo.InvariantCulture)));
            }
            tally.Elapsed = clock.Elapsed;
            return tally;
        }

        private static void Count(GenerationTally tally, GraphVerdict v)
        {
            tally.Tried++;
            if (!v.Optimize) tally.OptimizerOff++;
            tally.ByOutcome[v.Outcome]++;
            foreach (var t in v.Graph.Templates) tally.ByTemplate[t] = tally.ByTemplate.GetValueOrDefault(t) + 1;
            if (v.Outcome == GraphOutcome.Agreed) tally.WorstAgreedRatio = Math.Max(tally.WorstAgreedRatio, v.WorstRatio);
            if (v.Outcome == GraphOutcome.Diagnosed)
            {
                tally.ByDiagnostic[v.DiagnosticId!] = tally.ByDiagnostic.GetValueOrDefault(v.DiagnosticId!) + 1;
                if (tally.DiagnosedExamples.Count < 10) tally.DiagnosedExamples.Add("seed " + v.Graph.Seed + ": " + (v.Detail.Length > 300 ? v.Detail.Substring(0, 300) : v.Detail));
            }
            if (v.IsFailure) tally.Failures.Add(v);
        }

        private static void TryDelete(string directory)
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
