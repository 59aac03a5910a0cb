using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using ModelGen.Fuzzing.Corpus;
using ModelGen.Fuzzing.Mutation;
using ModelGen.Fuzzing.Oracle;

namespace ModelGen.Fuzzing.Campaigns
{
    /// <summary>
    /// The mutation mode: options.Count mutants of the built-in seeds and (with --shared) every shared model, each
    /// through the oracle; every failure whose signature the corpus does not hold yet is minimised and saved as a recipe
    /// line in SAVE/mutations.tsv (and, for a built-in seed, the minimised bytes as SAVE/builtin-*.onnx).
    /// </summary>
    public static class MutationCampaign
    {
        public static CampaignSummary Run(CampaignOptions options, TextWriter log)
        {
            var seeds = SeedModels.Builtin().ToList();
            if (options.SharedDirectory != null) seeds.AddRange(SeedModels.Shared(options.SharedDirectory));
            // One slice per core: mutant i and its verdict do not depend on the slicing (only which compiled ones get their C# checked does).
            int slices = Math.Max(1, Environment.ProcessorCount);
            log.WriteLine("mutate: " + options.Count + " mutants of " + seeds.Count + " seed models, seed " + options.Seed + ", " + slices + " parallel slices");
            var oracle = new CompileOracle();
            var clock = Stopwatch.StartNew();
            var tally = MutationRunner.RunParallel(oracle, seeds, options.Seed, 0, options.Count, slices, codeCheckEvery: 50, progress: log);
            clock.Stop();
            tally.WriteTo(log);
            var failures = new List<string>();
            var known = new HashSet<string>(StringComparer.Ordinal);
            if (options.SaveDirectory != null)
                foreach (var r in Recipe.ReadAll(options.SaveDirectory)) known.Add(r.SeedModel + "#" + r.Seed + "#" + r.Index);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var failure in tally.Failures)
            {
                failures.Add(failure.ToString());
                if (!seen.Add(failure.Signature)) continue;
                Save(failure, seeds, oracle, options, known, log);
            }
            log.WriteLine(seen.Count + " distinct failure signatures");
            return new CampaignSummary("mutate", tally.Tried, tally.Compiled, tally.Diagnosed, failures, clock.Elapsed);
        }

        private static void Save(FuzzFailure failure, List<SeedModel> seeds, CompileOracle oracle, CampaignOptions options, HashSet<string> known, TextWriter log)
        {
            var r = failure.Recipe;
            var seedModel = seeds.First(s => s.Name == r.SeedModel);
            var bytes = ModelMutator.Create(seedModel.Bytes, r.Seed, r.Index).Bytes;
            var compileOptions = FuzzOptions.For(r.Index);
            byte[] small = failure.Verdict.Outcome is Outcome.Hang or Outcome.BadCode ? bytes
                : Minimiser.Minimise(bytes, b => oracle.Check(b, compileOptions).Outcome == failure.Verdict.Outcome);
            log.WriteLine("  new failure " + failure + "; minimised " + bytes.Length + " -> " + small.Length + " bytes");
            if (options.SaveDirectory == null || !known.Add(r.SeedModel + "#" + r.Seed + "#" + r.Index)) return;
            Directory.CreateDirectory(options.SaveDirectory);
            string tsv = Path.Combine(options.SaveDirectory, "mutations.tsv");
            if (!File.Exists(tsv)) File.WriteAllText(tsv, Recipe.Header + "\n");
            File.AppendAllText(tsv, r.ToLine() + "\n");
            // Bytes only from our own seeds: a model derived from ../shared is not ours to commit.
            if (r.SeedModel.StartsWith(SeedModels.BuiltinPrefix, StringComparison.Ordinal))
                File.WriteAllBytes(Path.Combine(options.SaveDirectory, "builtin-" + r.Seed + "-" + r.Index + ".onnx"), small);
        }
    }
}
