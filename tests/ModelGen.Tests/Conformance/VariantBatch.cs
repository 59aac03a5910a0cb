using System;
using System.Collections.Generic;
using System.IO;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler;
using ModelGen.Compiler.Reading;
using ModelGen.Tests.Cli;
using Xunit;

namespace ModelGen.Tests.Conformance
{
    /// <summary>
    /// The shared half of the *VariantTests: rebuilt backend models, each written as a test folder with its inputs and
    /// expected outputs, compiled in one Roslyn batch and run by the conformance runner's <see cref="TestDataRunner"/>.
    /// </summary>
    internal static class VariantBatch
    {
        /// <summary>One rebuilt model with the tensors its test_data_set_0 holds.</summary>
        internal sealed record Entry(string Name, byte[] Model, TensorFileData[] Inputs, TensorFileData[] Outputs, double RTol);

        /// <summary>
        /// Compiles and runs every entry; returns one line per failure. <paramref name="check"/> sees each entry's index
        /// and successful compile result and returns a failure line, or null.
        /// </summary>
        public static List<string> Run(IReadOnlyList<Entry> entries, string name, Func<int, CompileResult, string?>? check = null)
        {
            using var dir = new TempDir();
            var failures = new List<string>();
            var units = new List<BatchUnit>();
            var compiled = new List<(Entry E, int Index, string Folder)>();
            for (int i = 0; i < entries.Count; i++)
            {
                var e = entries[i];
                string folder = Path.Combine(dir.Path, "v" + i), data = Path.Combine(folder, "test_data_set_0");
                Directory.CreateDirectory(data);
                string path = Path.Combine(folder, "model.onnx");
                File.WriteAllBytes(path, e.Model);
                for (int k = 0; k < e.Inputs.Length; k++)
                    File.WriteAllBytes(Path.Combine(data, "input_" + k + ".pb"), TensorFile.Write(e.Inputs[k].Name, e.Inputs[k].Type, e.Inputs[k].Dims, e.Inputs[k].Raw));
                for (int o = 0; o < e.Outputs.Length; o++)
                    File.WriteAllBytes(Path.Combine(data, "output_" + o + ".pb"), TensorFile.Write(e.Outputs[o].Name, e.Outputs[o].Type, e.Outputs[o].Dims, e.Outputs[o].Raw));
                var result = ModelCompiler.Compile(e.Model, new CompileOptions("Model", name + ".V" + i, path, "ModelGen.v" + i + ".onnx", new Dictionary<string, long>()));
                if (!result.Success) { failures.Add(e.Name + ": " + string.Join("; ", result.Problems)); continue; }
                string? problem = check?.Invoke(i, result);
                if (problem != null) failures.Add(problem);
                units.Add(new BatchUnit("V" + i, result.Sources));
                compiled.Add((e, i, folder));
            }
            var batch = InMemoryBatch.Compile(units, name + "Variants");
            Assert.True(batch.Assembly != null && batch.Errors.Count == 0, string.Join("\n", batch.Errors.Values));
            foreach (var (e, i, folder) in compiled)
            {
                var model = InMemoryBatch.Load(batch.Assembly!, name + ".V" + i + ".Model", Path.Combine(folder, "model.onnx"));
                var run = TestDataRunner.Run(model, Path.Combine(folder, "test_data_set_0"), e.RTol, ConformanceSuite.ATol, TimeSpan.FromSeconds(60));
                if (!run.Pass) failures.Add(e.Name + ":\n" + run.Report);
            }
            return failures;
        }
    }
}
