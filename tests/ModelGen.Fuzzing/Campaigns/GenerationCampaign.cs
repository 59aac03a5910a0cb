using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Fuzzing.Generation;

namespace ModelGen.Fuzzing.Campaigns
{
    /// <summary>
    /// The generation mode: random valid graphs from the op table (<see cref="RandomGraphGenerator"/>), each compiled,
    /// run and compared with ONNX Runtime. A miscompile or failure is minimised (<see cref="GraphMinimiser"/>) and, with
    /// --save DIR, written there as a regression case (the .onnx our builder wrote and its recipe).
    /// </summary>
    public static class GenerationCampaign
    {
        public static CampaignSummary Run(CampaignOptions options, TextWriter log)
        {
            string work = Path.Combine(Path.GetTempPath(), "modelgen-generate-" + Guid.NewGuid().ToString("N"));
            var failures = new List<string>();
            var tally = GenerationRun.Run(options.Seed, options.Count, work, line => log.WriteLine(line), v =>
            {
                log.WriteLine("FAIL " + v);
                var minimal = GraphMinimiser.Minimise(v, Path.Combine(work, "minimise"), log);
                log.WriteLine("minimised to " + minimal.Graph.Nodes.Count + " nodes:" + Environment.NewLine + minimal.Graph.Describe());
                string where = options.SaveDirectory != null ? RegressionCase.Save(minimal, options.SaveDirectory) : "(not saved: no --save)";
                failures.Add(v.Outcome + " seed " + v.Graph.Seed + (v.Optimize ? "" : " no-opt") + " -> " + where + ": " + minimal.Detail);
            });
            log.Write(tally.Report());
            try { Directory.Delete(work, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            return new CampaignSummary("generate", tally.Tried, tally.Compiled, tally.ByOutcome[GraphOutcome.Diagnosed], failures, tally.Elapsed);
        }
    }
}
