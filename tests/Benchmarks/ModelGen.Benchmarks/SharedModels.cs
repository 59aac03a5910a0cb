using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Compiler.Reading;

namespace ModelGen.Benchmarks
{
    /// <summary>The real models in ../shared/models: each folder's model.onnx with the inputs of its test_data_set_0.</summary>
    internal static class SharedModels
    {
        /// <summary>
        /// The models found under <paramref name="sharedDir"/>/models, by folder name; <paramref name="skipped"/> gets a line
        /// for the folder itself when it is missing and for each model folder without a model.onnx or input_0.pb.
        /// </summary>
        public static IReadOnlyList<(string Name, Func<BenchModel> Build)> Find(string sharedDir, List<string> skipped)
        {
            string models = Path.Combine(sharedDir, "models");
            if (!Directory.Exists(models))
            {
                skipped.Add("the shared models were skipped: '" + models + "' does not exist (pass --shared DIR); the synthetic rows still ran.");
                return Array.Empty<(string, Func<BenchModel>)>();
            }
            var found = new List<(string, Func<BenchModel>)>();
            foreach (string dir in Directory.GetDirectories(models).OrderBy(d => d, StringComparer.Ordinal))
            {
                string name = Path.GetFileName(dir);
                string model = Path.Combine(dir, "model.onnx"), data = Path.Combine(dir, "test_data_set_0");
                if (!File.Exists(model) || !File.Exists(Path.Combine(data, "input_0.pb")))
                {
                    skipped.Add(name + " was skipped: it has no model.onnx or no test_data_set_0/input_0.pb.");
                    continue;
                }
                found.Add((name, () => Load(name, model, data)));
            }
            return found;
        }

        private static BenchModel Load(string name, string model, string data)
        {
            var inputs = new List<TensorFileData>();
            for (int i = 0; File.Exists(Path.Combine(data, "input_" + i + ".pb")); i++)
                inputs.Add(TensorFile.Read(File.ReadAllBytes(Path.Combine(data, "input_" + i + ".pb"))));
            return new BenchModel(name, File.ReadAllBytes(model), inputs, WorkKind.Other, 0, "../shared/models/" + name + " with test_data_set_0");
        }
    }
}
