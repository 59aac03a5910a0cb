using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>An input of a saved case.</summary>
    public sealed record RegressionInput(string Name, long[] Dims, float[] Values);

    /// <summary>
    /// A minimised failing graph saved for the regression tests: the .onnx our own builder wrote, plus this sidecar
    /// (&lt;name&gt;.json) with the inputs, the optimizer setting, each output's atol (rtol is <see cref="GraphTolerance.RTol"/>),
    /// the recipe and what went wrong. It needs nothing of the generator to replay, so later changes to the generator
    /// cannot silently change what it tests.
    /// </summary>
    public sealed record RegressionCase(string Model, bool Optimize, IReadOnlyList<RegressionInput> Inputs, IReadOnlyDictionary<string, double> ATol,
        string Recipe, string Found)
    {
        private static readonly JsonSerializerOptions s_json = new JsonSerializerOptions { WriteIndented = true };

        internal static string Save(GraphVerdict verdict, string directory)
        {
            var g = verdict.Graph;
            Directory.CreateDirectory(directory);
            string name = "gen-" + g.Seed.ToString(CultureInfo.InvariantCulture) + (verdict.Optimize ? "" : "-noopt");
            File.WriteAllBytes(Path.Combine(directory, name + ".onnx"), g.ToBytes());
            var reference = OrtProbe.Run(g);
            var sidecar = new RegressionCase(name + ".onnx", verdict.Optimize,
                g.Inputs.Select((t, i) => new RegressionInput(t.Name, t.Dims.Select(d => (long)d).ToArray(), g.InputValues[i])).ToList(),
                g.Outputs.ToDictionary(o => o, o => GraphTolerance.ATol(g, o, reference)), g.Describe(), verdict.ToString());
            string path = Path.Combine(directory, name + ".json");
            File.WriteAllText(path, JsonSerializer.Serialize(sidecar, s_json));
            return path;
        }

        public static RegressionCase Load(string jsonPath) =>
            JsonSerializer.Deserialize<RegressionCase>(File.ReadAllText(jsonPath)) ?? throw new InvalidDataException(jsonPath + " holds no case");
    }
}
