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
    /// The replay mode: every recipe in CORPUS/*.tsv is rebuilt and every CORPUS/*.onnx read, and each must now compile
    /// or be diagnosed. A recipe whose shared seed is absent is counted as skipped, never as passed.
    /// </summary>
    public static class ReplayCampaign
    {
        public static CampaignSummary Run(CampaignOptions options, TextWriter log)
        {
            string corpus = options.CorpusDirectory ?? options.SaveDirectory ?? throw new ArgumentException("replay needs --corpus DIR");
            var clock = Stopwatch.StartNew();
            var result = Replay(corpus, options.SharedDirectory, new CompileOracle());
            clock.Stop();
            log.WriteLine("replay: " + result.Tried + " corpus entries rechecked, " + result.Skipped + " skipped (shared seed absent)");
            return new CampaignSummary("replay", result.Tried, result.Compiled, result.Diagnosed, result.Failures, clock.Elapsed);
        }

        public sealed record ReplayResult(int Tried, int Compiled, int Diagnosed, int Skipped, IReadOnlyList<string> Failures);

        public static ReplayResult Replay(string corpus, string? sharedDirectory, CompileOracle oracle)
        {
            int tried = 0, compiled = 0, diagnosed = 0, skipped = 0;
            var failures = new List<string>();
            void Count(string what, Verdict v)
            {
                tried++;
                if (v.Outcome == Outcome.Compiled) compiled++;
                else if (v.Outcome == Outcome.Diagnosed) diagnosed++;
                else failures.Add(what + ": " + v);
            }
            foreach (var r in Recipe.ReadAll(corpus))
            {
                var seed = SeedModels.Resolve(r.SeedModel, sharedDirectory);
                if (seed == null) { skipped++; continue; }
                var mutant = ModelMutator.Create(seed.Bytes, r.Seed, r.Index);
                Count(r.SeedModel + " #" + r.Index + " (" + r.How + ")", oracle.Check(mutant.Bytes, FuzzOptions.For(r.Index)));
            }
            if (Directory.Exists(corpus))
                foreach (var path in Directory.GetFiles(corpus, "*.onnx").OrderBy(p => p, StringComparer.Ordinal))
                    Count(Path.GetFileName(path), oracle.Check(File.ReadAllBytes(path), FuzzOptions.For(0)));
            return new ReplayResult(tried, compiled, diagnosed, skipped, failures);
        }
    }
}
