using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler.Diagnostics;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>Replays a saved <see cref="RegressionCase"/>: ONNX Runtime and ModelGen on its inputs, compared at its tolerance.</summary>
    internal static class RegressionReplay
    {
        /// <summary>Null when ModelGen compiles the case and agrees with ONNX Runtime; else what went wrong.</summary>
        public static string? Check(string jsonPath)
        {
            var saved = RegressionCase.Load(jsonPath);
            string model = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!, saved.Model);
            var inputs = saved.Inputs.Select(i => (i.Name, i.Dims, i.Values)).ToList();
            var reference = OrtProbe.Run(File.ReadAllBytes(model), inputs);
            var batch = ModelBatch.Compile(new[] { model }, new ModelBatchSettings { Optimize = saved.Optimize, NamespacePrefix = "Regression" + Guid.NewGuid().ToString("N") });
            var m = batch.Models[0];
            if (m.CompileCrash != null) return m.CompileCrash;
            if (!m.Compiled!.Success) return string.Join(" | ", m.Compiled.Problems.Where(p => p.Severity == ProblemSeverity.Error));
            if (m.CSharpErrors != null) return m.CSharpErrors;
            var compiled = m.Load();
            var ours = GraphChecker.RunModel(compiled, inputs);
            var problems = new List<string>();
            for (int o = 0; o < ours.Count; o++)
            {
                string name = compiled.Info.Outputs[o].Name;
                var expected = reference[name];
                if (!ours[o].Dims.SequenceEqual(expected.Dims))
                {
                    problems.Add(name + ": shape [" + string.Join(",", ours[o].Dims) + "], ONNX Runtime [" + string.Join(",", expected.Dims) + "]");
                    continue;
                }
                var (ratio, at) = GraphTolerance.Worst(ours[o].Values, expected.Values, saved.ATol[name]);
                if (ratio > 1)
                    problems.Add(name + " [" + at + "]: ModelGen " + ours[o].Values[at].ToString("G7", CultureInfo.InvariantCulture) + ", ONNX Runtime " +
                                 expected.Values[at].ToString("G7", CultureInfo.InvariantCulture) + " (" + ratio.ToString("G3", CultureInfo.InvariantCulture) + "× the tolerance)");
            }
            return problems.Count == 0 ? null : string.Join("; ", problems);
        }
    }
}
