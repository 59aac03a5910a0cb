using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler;
using ModelGen.Fuzzing.Corpus;
using ModelGen.Fuzzing.Oracle;

namespace ModelGen.Fuzzing.Mutation
{
    /// <summary>A failure the runner found: its recipe and verdict, and the signature that tells one bug from another.</summary>
    public sealed record FuzzFailure(Recipe Recipe, Verdict Verdict, string Signature)
    {
        public override string ToString() => Recipe.SeedModel + " #" + Recipe.Index + " (" + Recipe.How + "): " + Verdict;
    }

    /// <summary>What a run of mutants did, by mutator kind and in total.</summary>
    public sealed class MutationTally
    {
        public int Tried, Compiled, Diagnosed, CodeChecked;
        public double SlowestMs;
        public string Slowest = "";
        public long MostAllocated;
        /// <summary>Per mutator kind: tried, compiled, diagnosed, failed (a stacked mutant counts under each of its kinds).</summary>
        public SortedDictionary<string, int[]> ByKind { get; } = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        public List<FuzzFailure> Failures { get; } = new List<FuzzFailure>();

        /// <summary>Adds another tally's counts (a parallel run's slices).</summary>
        public void Add(MutationTally other)
        {
            Tried += other.Tried; Compiled += other.Compiled; Diagnosed += other.Diagnosed; CodeChecked += other.CodeChecked;
            if (other.SlowestMs > SlowestMs) { SlowestMs = other.SlowestMs; Slowest = other.Slowest; }
            MostAllocated = Math.Max(MostAllocated, other.MostAllocated);
            foreach (var kv in other.ByKind)
            {
                if (!ByKind.TryGetValue(kv.Key, out var row)) ByKind[kv.Key] = row = new int[4];
                for (int k = 0; k < 4; k++) row[k] += kv.Value[k];
            }
            Failures.AddRange(other.Failures);
        }

        public void WriteTo(TextWriter log)
        {
            log.WriteLine("{0,-24} {1,8} {2,9} {3,9} {4,6}", "mutator", "tried", "compiled", "diagnosed", "failed");
            foreach (var kv in ByKind) log.WriteLine("{0,-24} {1,8} {2,9} {3,9} {4,6}", kv.Key, kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3]);
            log.WriteLine(string.Format(CultureInfo.InvariantCulture, "total {0} tried, {1} compiled, {2} diagnosed, {3} failures; generated code of {4} compiled by Roslyn; slowest {5:F0} ms ({6}); most allocated {7} MB",
                Tried, Compiled, Diagnosed, Failures.Count, CodeChecked, SlowestMs, Slowest, MostAllocated >> 20));
        }
    }

    /// <summary>
    /// Runs mutants through the oracle: mutant i comes from a seed picked by (seed, i), compiles with FuzzOptions.For(i),
    /// and every <see cref="CodeCheckEvery"/>-th one that compiles has its generated C# compiled too, in batches (one
    /// Roslyn compilation for many models).
    /// </summary>
    public sealed class MutationRunner
    {
        private readonly CompileOracle _oracle;
        private readonly List<(BatchUnit Unit, Recipe Recipe)> _batch = new List<(BatchUnit, Recipe)>();

        public MutationRunner(CompileOracle oracle) { _oracle = oracle; }

        /// <summary>0 for never.</summary>
        public int CodeCheckEvery { get; init; } = 50;
        public int BatchSize { get; init; } = 64;

        public static SeedModel SeedFor(IReadOnlyList<SeedModel> seeds, int seed, int index) =>
            seeds[ModelMutator.MixSeed(seed ^ 0x5EED, index) % seeds.Count];

        public void Run(IReadOnlyList<SeedModel> seeds, int seed, int start, int count, MutationTally tally, TextWriter? progress = null)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int i = start; i < start + count; i++)
            {
                var seedModel = SeedFor(seeds, seed, i);
                var mutant = ModelMutator.Create(seedModel.Bytes, seed, i);
                var options = FuzzOptions.For(i);
                var verdict = _oracle.Check(mutant.Bytes, options);
                var recipe = new Recipe(seedModel.Name, seed, i, mutant.Kind, mutant.How, verdict.ToString());
                Record(tally, mutant.Kind, verdict, recipe);
                if (verdict.Outcome == Outcome.Compiled && CodeCheckEvery > 0 && tally.Compiled % CodeCheckEvery == 1)
                {
                    var result = ModelCompiler.Compile(mutant.Bytes, options);
                    _batch.Add((new BatchUnit("m" + i, result.Sources), recipe));
                    if (_batch.Count >= BatchSize) Flush(tally);
                }
                if (progress != null && (i - start + 1) % 5000 == 0)
                    progress.WriteLine(string.Format(CultureInfo.InvariantCulture, "  slice 0: {0} tried, {1} failures, {2:F0} s", i - start + 1, tally.Failures.Count, clock.Elapsed.TotalSeconds));
            }
            Flush(tally);
        }

        /// <summary>
        /// Mutants [start, start + count) split into <paramref name="slices"/> runs in parallel (each its own runner and
        /// tally, merged in slice order, so the figures do not depend on the schedule). Slice 0 reports its progress, every
        /// 5000 mutants, to <paramref name="progress"/>: a long campaign shows it is alive.
        /// </summary>
        public static MutationTally RunParallel(CompileOracle oracle, IReadOnlyList<SeedModel> seeds, int seed, int start, int count, int slices, int codeCheckEvery, TextWriter? progress = null)
        {
            var tallies = new MutationTally[slices];
            System.Threading.Tasks.Parallel.For(0, slices, new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = slices }, k =>
            {
                int from = start + (int)((long)count * k / slices), to = start + (int)((long)count * (k + 1) / slices);
                tallies[k] = new MutationTally();
                new MutationRunner(oracle) { CodeCheckEvery = codeCheckEvery }.Run(seeds, seed, from, to - from, tallies[k], k == 0 ? progress : null);
            });
            var total = new MutationTally();
            foreach (var t in tallies) total.Add(t);
            return total;
        }

        private static void Record(MutationTally tally, string kind, Verdict verdict, Recipe recipe)
        {
            tally.Tried++;
            if (verdict.Outcome == Outcome.Compiled) tally.Compiled++;
            if (verdict.Outcome == Outcome.Diagnosed) tally.Diagnosed++;
            foreach (var k in kind.Split('+').Distinct())
            {
                if (!tally.ByKind.TryGetValue(k, out var row)) tally.ByKind[k] = row = new int[4];
                row[0]++;
                row[verdict.Outcome == Outcome.Compiled ? 1 : verdict.Outcome == Outcome.Diagnosed ? 2 : 3]++;
            }
            if (verdict.Milliseconds > tally.SlowestMs) { tally.SlowestMs = verdict.Milliseconds; tally.Slowest = recipe.SeedModel + " #" + recipe.Index; }
            tally.MostAllocated = Math.Max(tally.MostAllocated, verdict.AllocatedBytes);
            if (verdict.IsFailure) tally.Failures.Add(new FuzzFailure(recipe, verdict, Signature(verdict)));
        }

        /// <summary>Compiles the batch's generated code; a model whose code does not compile is a failure.</summary>
        public void Flush(MutationTally tally)
        {
            if (_batch.Count == 0) return;
            var result = InMemoryBatch.Compile(_batch.Select(b => b.Unit).ToList(), "ModelGen.Fuzz.Batch");
            tally.CodeChecked += _batch.Count;
            foreach (var (unit, recipe) in _batch)
            {
                if (!result.Errors.TryGetValue(unit.Key, out var errors)) continue;
                var verdict = new Verdict(Outcome.BadCode, "", errors.Split('\n')[0], 0, 0);
                tally.Failures.Add(new FuzzFailure(recipe with { Found = verdict.ToString() }, verdict, Signature(verdict)));
                tally.ByKind[recipe.Kind.Split('+')[0]][3]++;
            }
            _batch.Clear();
        }

        /// <summary>The verdict without its numbers, names and paths: two failures with one signature are most likely one bug.</summary>
        public static string Signature(Verdict v)
        {
            string detail = Regex.Replace(v.Detail, "'[^']*'", "'_'");
            detail = Regex.Replace(detail, "[0-9]+", "N");
            return v.Outcome + " " + v.Ids + " " + (detail.Length > 120 ? detail.Substring(0, 120) : detail);
        }
    }
}
