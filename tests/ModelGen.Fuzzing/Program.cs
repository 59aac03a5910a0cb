using System;
using System.Collections.Generic;
using System.Globalization;
using ModelGen.Fuzzing.Campaigns;

namespace ModelGen.Fuzzing
{
    /// <summary>
    /// `campaign --mode mutate|generate|replay [--count N] [--seed S] [--corpus DIR] [--save DIR] [--shared DIR]`:
    /// runs one fuzzing campaign, prints its figures, and exits 1 when it found a failure. `campaign --mode stress`
    /// calls Predict from many threads on many instances (Stress/); `rebuild` writes one corpus recipe's mutant to a file.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length >= 5 && args[0] == "rebuild") return Rebuild(args);
            if (args.Length == 0 || args[0] != "campaign")
            {
                Console.Error.WriteLine("usage: campaign --mode mutate|generate|replay [--count N] [--seed S] [--corpus DIR] [--save DIR] [--shared DIR]");
                Console.Error.WriteLine("       rebuild SEED-MODEL SEED INDEX OUT.onnx [SHARED-DIR]   (one recipe's mutant, to look at)");
                Console.Error.WriteLine("       campaign --mode stress [--model DIR|NAME] [--threads T] [--instances I] [--seconds S] [--sharing pool|shared|both] [--inputs N] [--seed S] [--shared DIR]");
                return 2;
            }
            var named = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 1; i + 1 < args.Length; i += 2) named[args[i]] = args[i + 1];
            string Get(string key, string fallback) => named.TryGetValue(key, out var v) ? v : fallback;
            var options = new CampaignOptions(
                Get("--mode", "mutate"),
                int.Parse(Get("--count", "1000"), CultureInfo.InvariantCulture),
                int.Parse(Get("--seed", "1"), CultureInfo.InvariantCulture),
                named.TryGetValue("--corpus", out var corpus) ? corpus : null,
                named.TryGetValue("--save", out var save) ? save : null,
                named.TryGetValue("--shared", out var shared) ? shared : null);
            CampaignSummary summary;
            switch (options.Mode)
            {
                case "mutate": summary = MutationCampaign.Run(options, Console.Out); break;
                case "generate": summary = GenerationCampaign.Run(options, Console.Out); break;
                case "replay": summary = ReplayCampaign.Run(options, Console.Out); break;
                case "stress": return Stress.StressRun.Command(named, Console.Out);
                default:
                    Console.Error.WriteLine("unknown mode " + options.Mode + " (mutate, generate, replay or stress)");
                    return 2;
            }
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "{0}: {1} models tried, {2} compiled, {3} diagnosed, {4} failures, {5:F1} s",
                summary.Mode, summary.Tried, summary.Compiled, summary.Diagnosed, summary.Failures.Count, summary.Elapsed.TotalSeconds));
            foreach (var failure in summary.Failures) Console.WriteLine("  FAIL " + failure);
            return summary.Failures.Count == 0 ? 0 : 1;
        }

        /// <summary>Writes the mutant a corpus recipe names to a file and prints how it was made and the oracle's verdict now.</summary>
        private static int Rebuild(string[] args)
        {
            var seed = Corpus.SeedModels.Resolve(args[1], args.Length > 5 ? args[5] : null);
            if (seed == null)
            {
                Console.Error.WriteLine("seed model " + args[1] + " not found (a shared: seed needs SHARED-DIR)");
                return 2;
            }
            int campaignSeed = int.Parse(args[2], CultureInfo.InvariantCulture), index = int.Parse(args[3], CultureInfo.InvariantCulture);
            var mutant = Mutation.ModelMutator.Create(seed.Bytes, campaignSeed, index);
            System.IO.File.WriteAllBytes(args[4], mutant.Bytes);
            var verdict = new Oracle.CompileOracle().Check(mutant.Bytes, Oracle.FuzzOptions.For(index));
            Console.WriteLine(mutant.How + " -> " + args[4] + " (" + mutant.Bytes.Length + " bytes, optimize " + Oracle.FuzzOptions.Optimize(index) + "): " + verdict);
            return verdict.IsFailure ? 1 : 0;
        }
    }
}
